import type { EdgeConfig } from "../../config/edge";
import { DEFAULT_VIRTUAL_HOST } from "../../config/edge-validate";
import type { EdgeVirtualHostConfig } from "../../config/edge-vhost";
import { block, compact, directive, expr, type NginxDirective } from "./directive";
import { TLS_CERT_FILE, TLS_KEY_FILE, tlsDir } from "./edge-secrets";
import { routeLocation, responseHeaders } from "./locations";
import type { NginxPaths } from "./paths";

export interface ServerContext {
  readonly edge: EdgeConfig;
  readonly paths: NginxPaths;
  readonly clusterDomain: string;
  /** Address every `listen` binds (tests: 127.0.0.x). @default all addresses */
  readonly listenAddress?: string;
  /** IPv6 address every `listen` also binds when `edge.dualStack` is on (tests: `[::1]`). @default "[::]" */
  readonly listenAddress6?: string;
}

export const HEALTH_PATH = "/healthz";
export const STUB_STATUS_PATH = "/stub_status";

/** `listen` on IPv4, and on IPv6 too with `edge.dualStack` (separate sockets: nginx sets ipv6only=on). */
function listen(ctx: ServerContext, port: number, ...params: string[]): NginxDirective[] {
  const v4 = directive("listen", ctx.listenAddress === undefined ? String(port) : `${ctx.listenAddress}:${port}`, ...params);
  if (!ctx.edge.dualStack) return [v4];
  return [v4, directive("listen", `${ctx.listenAddress6 ?? "[::]"}:${port}`, ...params)];
}

/** The internal server: the health endpoint for probes and stub_status for the exporter (loopback only). */
export function statusServer(ctx: ServerContext): NginxDirective {
  return block(
    "server",
    [],
    [
      ...listen(ctx, ctx.edge.ports.status),
      directive("access_log", "off"),
      block("location", ["=", HEALTH_PATH], [directive("default_type", "text/plain"), directive("return", 200, "ok")]),
      block(
        "location",
        ["=", STUB_STATUS_PATH],
        [directive("stub_status"), directive("allow", "127.0.0.1"), directive("allow", "::1"), directive("deny", "all")],
      ),
      block("location", ["/"], [directive("return", 404)]),
    ],
  );
}

function hstsValue(vh: EdgeVirtualHostConfig): string | undefined {
  if (vh.tls === undefined || !vh.hsts.enabled) return undefined;
  return compact([
    `max-age=${vh.hsts.maxAgeSeconds}`,
    vh.hsts.includeSubDomains && "includeSubDomains",
    vh.hsts.preload && "preload",
  ]).join("; ");
}

function serverNameDirective(vh: EdgeVirtualHostConfig): NginxDirective {
  return directive("server_name", ...(vh.serverNames ?? ["_"]));
}

function locations(key: string, vh: EdgeVirtualHostConfig, ctx: ServerContext): NginxDirective[] {
  const names = Object.keys(vh.routes).sort();
  const routes = names.map((name) => routeLocation(name, vh.routes[name]!, { ...ctx, vhostKey: key, hsts: hstsValue(vh) }));
  const hasRoot = names.some((name) => vh.routes[name]!.match === "prefix" && vh.routes[name]!.path === "/");
  // Without a route for "/", nginx would serve its built-in document root: answer 404 instead.
  const fallback = hasRoot
    ? []
    : [block("location", ["/"], [...responseHeaders(ctx.edge, hstsValue(vh)), directive("return", 404)])];
  return [...routes, ...fallback];
}

function redirectServer(vh: EdgeVirtualHostConfig, ctx: ServerContext, isDefault: boolean): NginxDirective {
  const port = ctx.edge.service.httpsPort;
  const target = port === 443 ? "https://$host$request_uri" : `https://$host:${port}$request_uri`;
  return block(
    "server",
    [],
    [
      ...listen(ctx, ctx.edge.ports.http, ...(isDefault ? ["default_server"] : [])),
      serverNameDirective(vh),
      block("location", ["/"], [directive("return", 308, expr(target))]),
    ],
  );
}

/** The server blocks of one virtual host: HTTPS (with TLS), HTTP or an HTTP→HTTPS redirect. */
export function virtualHostServers(key: string, vh: EdgeVirtualHostConfig, ctx: ServerContext): NginxDirective[] {
  const isDefault = key === DEFAULT_VIRTUAL_HOST;
  const dflt = isDefault ? ["default_server"] : [];
  if (vh.tls === undefined) {
    return [
      block("server", [], [...listen(ctx, ctx.edge.ports.http, ...dflt), serverNameDirective(vh), ...locations(key, vh, ctx)]),
    ];
  }
  const dir = `${ctx.paths.secretsDir}/${tlsDir(key)}`;
  const httpsServer = block(
    "server",
    [],
    [
      ...listen(ctx, ctx.edge.ports.https, "ssl", ...dflt),
      ...(vh.redirectHttpToHttps ? [] : listen(ctx, ctx.edge.ports.http, ...dflt)),
      directive("http2", "on"),
      serverNameDirective(vh),
      directive("ssl_certificate", `${dir}/${TLS_CERT_FILE}`),
      directive("ssl_certificate_key", `${dir}/${TLS_KEY_FILE}`),
      ...locations(key, vh, ctx),
    ],
  );
  return vh.redirectHttpToHttps ? [redirectServer(vh, ctx, isDefault), httpsServer] : [httpsServer];
}

/** When only named virtual hosts have TLS, the catch-all HTTPS listener refuses handshakes for unknown names. */
export function rejectTlsServer(ctx: ServerContext): NginxDirective {
  return block(
    "server",
    [],
    [...listen(ctx, ctx.edge.ports.https, "ssl", "default_server"), directive("ssl_reject_handshake", "on")],
  );
}
