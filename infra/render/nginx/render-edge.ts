import type { EdgeConfig } from "../../config/edge";
import { anyTls, DEFAULT_VIRTUAL_HOST } from "../../config/edge-validate";
import { block, directive, type NginxDirective } from "./directive";
import {
  cachePathDirectives,
  clientDirectives,
  gzipDirectives,
  loggingDirectives,
  rateLimitZoneDirectives,
  realIpDirectives,
  resolverDirectives,
  tlsDirectives,
  websocketMap,
} from "./http-settings";
import { resolvePaths, type NginxPaths } from "./paths";
import { printNginxConfig } from "./printer";
import { rejectTlsServer, statusServer, virtualHostServers, type ServerContext } from "./servers";
import { upstreamBlocks } from "./upstreams";

export interface EdgeRenderOptions {
  /** For Service DNS names and the default resolver. */
  readonly clusterDomain: string;
  /** @default DEFAULT_NGINX_PATHS (the edge pod's layout) */
  readonly paths?: Partial<NginxPaths>;
  /** Address every `listen` binds (tests: 127.0.0.x). @default all addresses */
  readonly listenAddress?: string;
  /** IPv6 address every `listen` also binds with `edge.dualStack` (tests: `[::1]`). @default "[::]" */
  readonly listenAddress6?: string;
}

export interface RenderedNginxConfig {
  readonly text: string;
  readonly tree: readonly NginxDirective[];
}

/** `worker_processes`: configured, else one per CPU of the container's limit (nginx's `auto` sees the node's CPUs). */
export function workerProcesses(edge: EdgeConfig): number {
  return edge.workerProcesses ?? Math.max(1, Math.ceil(edge.resources.limits.cpuMilli / 1000));
}

/** The DNS servers nginx asks for `resolve` upstreams: configured, else the cluster DNS Service. */
export function resolverAddresses(edge: EdgeConfig, clusterDomain: string): string[] {
  return edge.resolver.addresses ?? [kubeDnsServiceName(clusterDomain)];
}

/** The cluster's kube-dns Service by name (nginx resolves it once at start-up). */
export function kubeDnsServiceName(clusterDomain: string): string {
  return `kube-dns.kube-system.svc.${clusterDomain}`;
}

function servers(edge: EdgeConfig, ctx: ServerContext): NginxDirective[] {
  const named = Object.keys(edge.virtualHosts).sort();
  return [
    statusServer(ctx),
    ...virtualHostServers(DEFAULT_VIRTUAL_HOST, edge.defaultVirtualHost, ctx),
    ...(anyTls(edge) && edge.defaultVirtualHost.tls === undefined ? [rejectTlsServer(ctx)] : []),
    ...named.flatMap((n) => virtualHostServers(n, edge.virtualHosts[n]!, ctx)),
  ];
}

/** The whole nginx.conf of the edge tier as a directive tree. */
export function edgeNginxTree(edge: EdgeConfig, options: EdgeRenderOptions): NginxDirective[] {
  const paths = resolvePaths(options.paths);
  const workers = workerProcesses(edge);
  const { clusterDomain, listenAddress, listenAddress6 } = options;
  const ctx: ServerContext = { edge, paths, clusterDomain, listenAddress, listenAddress6 };
  return [
    directive("worker_processes", workers),
    directive("worker_rlimit_nofile", edge.workerConnections * 2),
    directive("worker_shutdown_timeout", `${edge.shutdownTimeoutSeconds}s`),
    directive("pid", paths.pidFile),
    directive("error_log", paths.errorLog, "notice"),
    block("events", [], [directive("worker_connections", edge.workerConnections)]),
    block(
      "http",
      [],
      [
        ...clientDirectives(edge, paths),
        ...loggingDirectives(edge, paths),
        ...gzipDirectives(edge),
        ...realIpDirectives(edge),
        ...resolverDirectives(edge, resolverAddresses(edge, options.clusterDomain)),
        ...(anyTls(edge) ? tlsDirectives() : []),
        ...cachePathDirectives(edge, paths),
        ...rateLimitZoneDirectives(edge),
        ...websocketMap(edge),
        ...upstreamBlocks(edge, options.clusterDomain, workers),
        ...servers(edge, ctx),
      ],
    ),
  ];
}

/** Renders the edge tier's nginx.conf from a (merged, validated) edge config. */
export function renderEdgeNginxConf(edge: EdgeConfig, options: EdgeRenderOptions): RenderedNginxConfig {
  const tree = edgeNginxTree(edge, options);
  return { tree, text: printNginxConfig(tree, ["Rendered by Keelson from the edge config; do not edit."]) };
}
