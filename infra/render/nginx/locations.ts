import type { EdgeConfig } from "../../config/edge";
import type { EdgeUpstreamConfig } from "../../config/edge-upstream";
import type { EdgeRouteConfig } from "../../config/edge-vhost";
import { block, compact, directive, expr, regex, type NginxDirective } from "./directive";
import { basicAuthDir, CA_FILE, HTPASSWD_FILE, upstreamCaDir } from "./edge-secrets";
import { cacheZoneName, CONNECTION_UPGRADE_VAR, rateLimitZoneName } from "./http-settings";
import type { NginxPaths } from "./paths";
import { serviceFqdn } from "./upstreams";

/** What a route's location needs to know about its virtual host. */
export interface LocationContext {
  readonly edge: EdgeConfig;
  readonly paths: NginxPaths;
  readonly vhostKey: string;
  readonly clusterDomain: string;
  /** The `Strict-Transport-Security` value, on TLS virtual hosts with HSTS enabled. */
  readonly hsts?: string;
}

/** The cache key always includes scheme and host, so one cache never serves a page across hosts. */
const CACHE_KEY = "$scheme$host$request_uri";

/** Headers added to every response (`always`: errors too). */
export function responseHeaders(edge: EdgeConfig, hsts: string | undefined): NginxDirective[] {
  const security = edge.securityHeaders
    ? [
        directive("add_header", "X-Content-Type-Options", "nosniff", "always"),
        directive("add_header", "X-Frame-Options", "SAMEORIGIN", "always"),
        directive("add_header", "Referrer-Policy", "strict-origin-when-cross-origin", "always"),
      ]
    : [];
  return compact([...security, hsts !== undefined && directive("add_header", "Strict-Transport-Security", hsts, "always")]);
}

function locationArgs(route: EdgeRouteConfig) {
  switch (route.match) {
    case "exact":
      return ["=", route.path];
    case "regex":
      return ["~", regex(route.path)];
    case "prefix":
      return [route.path];
  }
}

function accessDirectives(route: EdgeRouteConfig, ctx: LocationContext, routeName: string): NginxDirective[] {
  const allow =
    route.allow.length === 0 ? [] : [...[...new Set(route.allow)].map((c) => directive("allow", c)), directive("deny", "all")];
  const auth = route.basicAuth
    ? [
        directive("auth_basic", route.basicAuth.realm),
        directive("auth_basic_user_file", `${ctx.paths.secretsDir}/${basicAuthDir(ctx.vhostKey, routeName)}/${HTPASSWD_FILE}`),
      ]
    : [];
  const rate = route.rateLimit
    ? [
        directive(
          "limit_req",
          `zone=${rateLimitZoneName(route.rateLimit.zone)}`,
          // nginx rejects "burst=0"; no burst is its default.
          ...(route.rateLimit.burst > 0 ? [`burst=${route.rateLimit.burst}`] : []),
          ...(route.rateLimit.nodelay ? ["nodelay"] : []),
        ),
        directive("limit_req_status", ctx.edge.rateLimits[route.rateLimit.zone]!.status),
      ]
    : [];
  return [...allow, ...auth, ...rate];
}

/** HTTPS to the upstream: SNI, and verification against the mounted CA or the image's system bundle. */
function upstreamTlsDirectives(name: string, u: EdgeUpstreamConfig, ctx: LocationContext): NginxDirective[] {
  if (u.tls === undefined) return [];
  const host = u.service ? serviceFqdn(u.service, ctx.clusterDomain) : u.servers![0]!.address.replace(/:\d+$/, "");
  const ca = u.tls.caSecret ? `${ctx.paths.secretsDir}/${upstreamCaDir(name)}/${CA_FILE}` : ctx.paths.systemCaBundle;
  const verify = u.tls.verify
    ? [
        directive("proxy_ssl_verify", "on"),
        directive("proxy_ssl_verify_depth", 3),
        directive("proxy_ssl_trusted_certificate", ca),
      ]
    : [directive("proxy_ssl_verify", "off")];
  return [directive("proxy_ssl_server_name", "on"), directive("proxy_ssl_name", u.tls.serverName ?? host), ...verify];
}

function proxyDirectives(route: EdgeRouteConfig, ctx: LocationContext): NginxDirective[] {
  const upstream = ctx.edge.upstreams[route.upstream]!;
  const next = upstream.nextUpstream;
  const t = route.timeouts;
  const scheme = upstream.tls === undefined ? "http" : "https";
  return [
    // With stripPrefix, the URI part "/" replaces the matched prefix.
    directive("proxy_pass", `${scheme}://${route.upstream}${route.stripPrefix ? "/" : ""}`),
    ...upstreamTlsDirectives(route.upstream, upstream, ctx),
    directive("proxy_http_version", "1.1"),
    directive("proxy_set_header", "Host", expr("$host")),
    directive("proxy_set_header", "X-Real-IP", expr("$remote_addr")),
    directive("proxy_set_header", "X-Forwarded-For", expr("$proxy_add_x_forwarded_for")),
    directive("proxy_set_header", "X-Forwarded-Proto", expr("$scheme")),
    directive("proxy_set_header", "X-Forwarded-Host", expr("$host")),
    directive("proxy_set_header", "X-Request-ID", expr("$request_id")),
    ...(route.websocket
      ? [
          directive("proxy_set_header", "Upgrade", expr("$http_upgrade")),
          directive("proxy_set_header", "Connection", expr(CONNECTION_UPGRADE_VAR)),
        ]
      : [directive("proxy_set_header", "Connection", "")]),
    directive("proxy_connect_timeout", `${t.connectSeconds}s`),
    directive("proxy_read_timeout", `${t.readSeconds}s`),
    directive("proxy_send_timeout", `${t.sendSeconds}s`),
    directive("proxy_buffering", route.buffering ? "on" : "off"),
    // Retries never cover non-idempotent requests (POST, LOCK, PATCH): `non_idempotent` is never set.
    directive("proxy_next_upstream", ...next.on),
    directive("proxy_next_upstream_tries", next.tries),
    directive("proxy_next_upstream_timeout", `${next.timeoutSeconds}s`),
  ];
}

function cacheDirectives(route: EdgeRouteConfig): NginxDirective[] {
  const c = route.cache;
  if (c === undefined) return [];
  const bypass = [expr("$http_authorization"), ...[...new Set(c.bypassCookies)].sort().map((name) => expr(`$cookie_${name}`))];
  return [
    directive("proxy_cache", cacheZoneName(c.zone)),
    directive("proxy_cache_key", expr(CACHE_KEY)),
    directive("proxy_cache_min_uses", c.minUses),
    directive("proxy_cache_lock", "on"),
    directive("proxy_cache_lock_timeout", `${c.lockTimeoutSeconds}s`),
    directive("proxy_cache_use_stale", "error", "timeout", "updating", "http_500", "http_502", "http_503", "http_504"),
    directive("proxy_cache_background_update", "on"),
    directive("proxy_cache_revalidate", "on"),
    ...c.validity.map((v) => directive("proxy_cache_valid", ...(v.statuses === "any" ? ["any"] : v.statuses), `${v.seconds}s`)),
    // Requests with credentials or a session are neither answered from nor stored in the cache.
    directive("proxy_cache_bypass", ...bypass),
    directive("proxy_no_cache", ...bypass),
    directive("add_header", "X-Cache-Status", expr("$upstream_cache_status"), "always"),
  ];
}

/** The `location` of one route: access control, limits, proxying, caching, response headers. */
export function routeLocation(routeName: string, route: EdgeRouteConfig, ctx: LocationContext): NginxDirective {
  return block(
    "location",
    locationArgs(route),
    compact([
      ...accessDirectives(route, ctx, routeName),
      route.maxBodySizeMiB !== undefined && directive("client_max_body_size", `${route.maxBodySizeMiB}m`),
      ...proxyDirectives(route, ctx),
      ...cacheDirectives(route),
      ...responseHeaders(ctx.edge, ctx.hsts),
    ]),
  );
}
