import type { EdgeConfig } from "../../config/edge";
import { virtualHostViews } from "../../config/edge-validate";
import { block, compact, directive, entry, expr, type NginxDirective } from "./directive";
import type { NginxPaths } from "./paths";

/** The variable websocket routes send as `Connection`: "upgrade" when the client asked, else empty (keepalive). */
export const CONNECTION_UPGRADE_VAR = "$keelson_connection_upgrade";
export const ACCESS_LOG_FORMAT = "keelson_json";

/**
 * Shared memory zone names share one namespace in nginx, so each kind gets a prefix: a cache zone, a
 * rate-limit zone and an upstream may then all be called "api".
 */
export const cacheZoneName = (name: string): string => `cache-${name}`;
export const rateLimitZoneName = (name: string): string => `rate-${name}`;
export const upstreamZoneName = (name: string): string => `upstream-${name}`;

/** Fields of the JSON access log: name → nginx variable (escape=json quotes the values). */
const ACCESS_LOG_FIELDS: readonly [string, string][] = [
  ["time", "$time_iso8601"],
  ["remote_addr", "$remote_addr"],
  ["request_id", "$request_id"],
  ["host", "$host"],
  ["method", "$request_method"],
  ["uri", "$request_uri"],
  ["protocol", "$server_protocol"],
  ["status", "$status"],
  ["bytes_sent", "$body_bytes_sent"],
  ["request_time", "$request_time"],
  ["upstream_addr", "$upstream_addr"],
  ["upstream_status", "$upstream_status"],
  ["upstream_connect_time", "$upstream_connect_time"],
  ["upstream_response_time", "$upstream_response_time"],
  ["cache", "$upstream_cache_status"],
  ["referer", "$http_referer"],
  ["user_agent", "$http_user_agent"],
];

/** The log_format text: a JSON object built from the field table (values are variables, escaped by nginx). */
export function accessLogFormat(): string {
  return `{${ACCESS_LOG_FIELDS.map(([name, variable]) => `"${name}":"${variable}"`).join(",")}}`;
}

export function loggingDirectives(edge: EdgeConfig, paths: NginxPaths): NginxDirective[] {
  if (!edge.accessLog) return [directive("access_log", "off")];
  return [
    directive("log_format", ACCESS_LOG_FORMAT, "escape=json", expr(accessLogFormat())),
    directive("access_log", paths.accessLog, ACCESS_LOG_FORMAT),
  ];
}

export function clientDirectives(edge: EdgeConfig, paths: NginxPaths): NginxDirective[] {
  const c = edge.clientLimits;
  return [
    directive("include", paths.mimeTypes),
    directive("default_type", "application/octet-stream"),
    directive("server_tokens", "off"),
    directive("sendfile", "on"),
    directive("tcp_nopush", "on"),
    directive("tcp_nodelay", "on"),
    directive("client_body_temp_path", `${paths.tempDir}/client_temp`),
    directive("proxy_temp_path", `${paths.tempDir}/proxy_temp`),
    directive("fastcgi_temp_path", `${paths.tempDir}/fastcgi_temp`),
    directive("uwsgi_temp_path", `${paths.tempDir}/uwsgi_temp`),
    directive("scgi_temp_path", `${paths.tempDir}/scgi_temp`),
    directive("keepalive_timeout", `${c.keepaliveTimeoutSeconds}s`),
    directive("keepalive_requests", c.keepaliveRequests),
    directive("client_header_timeout", `${c.headerTimeoutSeconds}s`),
    directive("client_body_timeout", `${c.bodyTimeoutSeconds}s`),
    directive("send_timeout", `${c.sendTimeoutSeconds}s`),
    directive("client_max_body_size", `${c.maxBodySizeMiB}m`),
    directive("client_header_buffer_size", "1k"),
    directive("large_client_header_buffers", 4, `${c.largeHeaderBufferKiB}k`),
    directive("reset_timedout_connection", "on"),
  ];
}

export function gzipDirectives(edge: EdgeConfig): NginxDirective[] {
  const g = edge.gzip;
  if (!g.enabled) return [directive("gzip", "off")];
  const types = [...new Set(g.types)].filter((t) => t !== "text/html").sort();
  return compact([
    directive("gzip", "on"),
    directive("gzip_vary", "on"),
    directive("gzip_proxied", "any"),
    directive("gzip_comp_level", g.compLevel),
    directive("gzip_min_length", g.minLength),
    types.length > 0 && directive("gzip_types", ...types),
  ]);
}

export function realIpDirectives(edge: EdgeConfig): NginxDirective[] {
  if (edge.trustedProxyCidrs.length === 0) return [];
  return [
    ...[...new Set(edge.trustedProxyCidrs)].sort().map((cidr) => directive("set_real_ip_from", cidr)),
    directive("real_ip_header", edge.realIpHeader),
    directive("real_ip_recursive", "on"),
  ];
}

export function resolverDirectives(edge: EdgeConfig, addresses: readonly string[]): NginxDirective[] {
  const r = edge.resolver;
  return [
    directive("resolver", ...addresses, `valid=${r.validSeconds}s`, `ipv6=${r.ipv6 ? "on" : "off"}`),
    directive("resolver_timeout", `${r.timeoutSeconds}s`),
  ];
}

/**
 * Cache hits open the cached file each time unless `open_file_cache` keeps descriptors: nginx's cache
 * reads through it (ngx_http_file_cache_open) and checks the file's inode against the cache entry, so a
 * replaced entry is reopened, never served stale.
 */
function openFileCacheDirectives(edge: EdgeConfig): NginxDirective[] {
  if (Object.keys(edge.caches).length === 0) return [];
  return [
    directive("open_file_cache", `max=${Math.min(10000, edge.workerConnections)}`, "inactive=60s"),
    directive("open_file_cache_valid", "30s"),
  ];
}

export function cachePathDirectives(edge: EdgeConfig, paths: NginxPaths): NginxDirective[] {
  return [...openFileCacheDirectives(edge), ...proxyCachePaths(edge, paths)];
}

function proxyCachePaths(edge: EdgeConfig, paths: NginxPaths): NginxDirective[] {
  return Object.keys(edge.caches)
    .sort()
    .map((name) => {
      const z = edge.caches[name]!;
      return directive(
        "proxy_cache_path",
        `${paths.cacheDir}/${name}`,
        `levels=${z.levels}`,
        `keys_zone=${cacheZoneName(name)}:${z.keysZoneMiB}m`,
        `max_size=${z.maxSizeMiB}m`,
        `inactive=${z.inactiveMinutes}m`,
        "use_temp_path=off",
      );
    });
}

/** What a zone counts by; "global" is one constant key, so every request shares one bucket. */
const RATE_LIMIT_KEYS = { "client-ip": expr("$binary_remote_addr"), host: expr("$host"), global: "global" } as const;

export function rateLimitZoneDirectives(edge: EdgeConfig): NginxDirective[] {
  return Object.keys(edge.rateLimits)
    .sort()
    .map((name) => {
      const z = edge.rateLimits[name]!;
      const rate = z.requestsPerSecond !== undefined ? `${z.requestsPerSecond}r/s` : `${z.requestsPerMinute}r/m`;
      return directive(
        "limit_req_zone",
        RATE_LIMIT_KEYS[z.key],
        `zone=${rateLimitZoneName(name)}:${z.zoneSizeMiB}m`,
        `rate=${rate}`,
      );
    });
}

/** `map $http_upgrade $keelson_connection_upgrade`, only when a route enables websockets. */
export function websocketMap(edge: EdgeConfig): NginxDirective[] {
  const any = virtualHostViews(edge).some((vh) => Object.values(vh.routes).some((r) => r.websocket));
  if (!any) return [];
  return [block("map", [expr("$http_upgrade"), expr(CONNECTION_UPGRADE_VAR)], [entry("default", "upgrade"), entry("", "")])];
}

export function tlsDirectives(): NginxDirective[] {
  return [
    directive("ssl_protocols", "TLSv1.2", "TLSv1.3"),
    directive("ssl_prefer_server_ciphers", "off"),
    directive("ssl_session_cache", "shared:keelson_tls:10m"),
    directive("ssl_session_timeout", "1d"),
    directive("ssl_session_tickets", "off"),
  ];
}
