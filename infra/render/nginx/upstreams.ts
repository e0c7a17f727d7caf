import type { EdgeConfig } from "../../config/edge";
import type { EdgeUpstreamConfig, HashKey } from "../../config/edge-upstream";
import { upstreamZoneName } from "./http-settings";
import { block, compact, directive, expr, type NginxArg, type NginxDirective } from "./directive";

/** Smallest idle keepalive cache per worker: below this, one busy pool re-opens connections. */
const MIN_KEEPALIVE_CONNECTIONS = 16;

/** The Service's DNS name as nginx must query it (fully qualified: nginx's resolver has no search list). */
export function serviceFqdn(service: { name: string; namespace: string }, clusterDomain: string): string {
  return `${service.name}.${service.namespace}.svc.${clusterDomain}`;
}

/** `keepalive` per worker: the configured value, else the pool's expected concurrency spread over workers. */
export function keepaliveConnections(u: EdgeUpstreamConfig, workers: number): number {
  return u.keepalive.connections ?? Math.max(MIN_KEEPALIVE_CONNECTIONS, Math.ceil(u.expectedConcurrency / workers));
}

/** A bounded connection lifetime for pools that kube-proxy or a fixed address list balances. */
function keepaliveTimeSeconds(u: EdgeUpstreamConfig): number {
  const resolvedByNginx = u.service?.discovery === "headless";
  return u.keepalive.timeSeconds ?? (resolvedByNginx ? 3600 : 60);
}

function hashKeyExpr(key: HashKey): string {
  if (typeof key === "string") {
    return { "request-uri": "$request_uri", uri: "$uri", "client-ip": "$remote_addr", host: "$host" }[key];
  }
  if ("cookie" in key) return `$cookie_${key.cookie}`;
  if ("header" in key) return `$http_${key.header.toLowerCase().replace(/-/g, "_")}`;
  return `$arg_${key.arg}`;
}

function methodDirective(u: EdgeUpstreamConfig): NginxDirective | undefined {
  switch (u.method) {
    case "round-robin":
      return undefined;
    case "least-conn":
      return directive("least_conn");
    case "ip-hash":
      return directive("ip_hash");
    case "hash":
      return directive("hash", expr(hashKeyExpr(u.hashKey!)), "consistent");
    case "random-two-least-conn":
      return directive("random", "two", "least_conn");
  }
}

function serverDirectives(u: EdgeUpstreamConfig, clusterDomain: string): NginxDirective[] {
  const health = (maxFails: number, failTimeout: number): NginxArg[] => [`max_fails=${maxFails}`, `fail_timeout=${failTimeout}s`];
  if (u.service !== undefined) {
    const address = `${serviceFqdn(u.service, clusterDomain)}:${u.service.port}`;
    // Always `resolve`, also for a ClusterIP Service: nginx then starts even when the Service does not
    // exist yet (a name resolved at start-up would be fatal), and follows the Service if it is re-created.
    return [directive("server", address, ...health(u.maxFails, u.failTimeoutSeconds), "resolve")];
  }
  return (u.servers ?? []).map((s) =>
    directive(
      "server",
      s.address,
      ...(s.weight !== 1 ? [`weight=${s.weight}`] : []),
      ...health(s.maxFails ?? u.maxFails, s.failTimeoutSeconds ?? u.failTimeoutSeconds),
      ...(s.backup ? ["backup"] : []),
      ...(s.resolve ? ["resolve"] : []),
    ),
  );
}

/**
 * One explicit `upstream {}` block: a shared-memory zone (needed by `resolve`, and shares failure state
 * across workers), the balancing method, the servers, and a keepalive cache sized per worker with a
 * bounded lifetime.
 */
function upstreamBlock(name: string, u: EdgeUpstreamConfig, clusterDomain: string, workers: number): NginxDirective {
  return block(
    "upstream",
    [name],
    compact([
      directive("zone", upstreamZoneName(name), `${u.zoneSizeKiB}k`),
      methodDirective(u),
      ...serverDirectives(u, clusterDomain),
      directive("keepalive", keepaliveConnections(u, workers)),
      directive("keepalive_timeout", `${u.keepalive.timeoutSeconds}s`),
      directive("keepalive_requests", u.keepalive.requests),
      directive("keepalive_time", `${keepaliveTimeSeconds(u)}s`),
    ]),
  );
}

export function upstreamBlocks(edge: EdgeConfig, clusterDomain: string, workers: number): NginxDirective[] {
  return Object.keys(edge.upstreams)
    .sort()
    .map((name) => upstreamBlock(name, edge.upstreams[name]!, clusterDomain, workers));
}
