import { z } from "zod";
import { dnsSubdomain, nonNegativeInt, positiveInt, secretKeyRef } from "./common";
import { cidr, cookieName, edgeName, namedRecord, realm, routePath, routeRegex, seconds, serverName } from "./edge-fields";

const httpStatus = z.number().int().min(100).max(599);

/** How long responses are cached, by status. */
export const cacheValiditySchema = z.strictObject({
  /** Status codes, or "any". */
  statuses: z.union([z.array(httpStatus).min(1).max(20), z.literal("any")]),
  seconds: seconds(31536000),
});

export const routeCacheSchema = z.strictObject({
  /** A key of `edge.caches`. */
  zone: edgeName,
  /** @default [{ statuses: [200, 301, 302], seconds: 60 }, { statuses: [404], seconds: 10 }] */
  validity: z
    .array(cacheValiditySchema)
    .min(1)
    .max(20)
    .default([
      { statuses: [200, 301, 302], seconds: 60 },
      { statuses: [404], seconds: 10 },
    ]),
  /** Requests for a key before its response is stored. @default 1 */
  minUses: positiveInt.max(1000).default(1),
  /** How long concurrent misses wait for the first one to fill the cache (`proxy_cache_lock`). @default 5 */
  lockTimeoutSeconds: seconds(600).default(5),
  /**
   * Requests carrying any of these cookies (session cookies) bypass the cache and are never stored;
   * requests with an `Authorization` header always do. @default ["session", "sessionid"]
   */
  bypassCookies: z.array(cookieName).max(20).default(["session", "sessionid"]),
});

export const routeSchema = z.strictObject({
  /** A URI path (prefix and exact) or a PCRE pattern (regex). */
  path: z.string(),
  /** `prefix` (`location /p`), `exact` (`location = /p`) or `regex` (`location ~ re`). @default "prefix" */
  match: z.enum(["prefix", "exact", "regex"]).default("prefix"),
  /** A key of `edge.upstreams`. */
  upstream: edgeName,
  /** Cache responses in a zone of `edge.caches`. @default no caching */
  cache: routeCacheSchema.optional(),
  /** Limit the request rate with a zone of `edge.rateLimits`. @default none */
  rateLimit: z
    .strictObject({
      zone: edgeName,
      /** Requests above the rate queued (then served, with nodelay at once) before rejecting. @default 10 */
      burst: nonNegativeInt.max(100000).default(10),
      /** @default true */
      nodelay: z.boolean().default(true),
    })
    .optional(),
  /** Largest request body; 0 disables the check. @default edge.clientLimits.maxBodySizeMiB */
  maxBodySizeMiB: nonNegativeInt.max(102400).optional(),
  timeouts: z
    .strictObject({
      /** @default 5 */
      connectSeconds: seconds(75).default(5),
      /** @default 60 */
      readSeconds: seconds(86400).default(60),
      /** @default 60 */
      sendSeconds: seconds(86400).default(60),
    })
    .prefault({}),
  /** Pass `Upgrade`/`Connection` for WebSocket upgrades. @default false */
  websocket: z.boolean().default(false),
  /** HTTP basic authentication against an htpasswd file kept in a Secret. @default none */
  basicAuth: z
    .strictObject({
      /** The Secret and key holding the htpasswd file. */
      secret: secretKeyRef,
      /** @default "Restricted" */
      realm: realm.default("Restricted"),
    })
    .optional(),
  /** Client addresses allowed; everyone else gets 403. Empty: everyone. @default [] */
  allow: z.array(cidr).max(256).default([]),
  /** Replace the matched prefix with "/" before proxying (prefix routes ending in "/"). @default false */
  stripPrefix: z.boolean().default(false),
  /** `proxy_buffering`; turn off for streaming responses (server-sent events). @default true */
  buffering: z.boolean().default(true),
});
export type EdgeRouteConfig = z.infer<typeof routeSchema>;
export type EdgeRouteInput = z.input<typeof routeSchema>;

/** The rule a route's `path` must follow, by `match`; undefined when the path is fine. */
export function routePathProblem(route: EdgeRouteConfig): string | undefined {
  const result = (route.match === "regex" ? routeRegex : routePath).safeParse(route.path);
  if (!result.success) return result.error.issues[0]?.message ?? "a valid path";
  if (route.stripPrefix && (route.match !== "prefix" || !route.path.endsWith("/"))) {
    return "a prefix path ending in '/' when stripPrefix is true";
  }
  return undefined;
}

const virtualHostFields = {
  /** TLS from a `kubernetes.io/tls` Secret (keys tls.crt and tls.key) in the edge namespace. @default none */
  tls: z.strictObject({ secretName: dnsSubdomain }).optional(),
  /** With TLS: answer plain HTTP with a 308 redirect to HTTPS. @default true */
  redirectHttpToHttps: z.boolean().default(true),
  /** With TLS: the `Strict-Transport-Security` header. */
  hsts: z
    .strictObject({
      /** @default true */
      enabled: z.boolean().default(true),
      /** @default 31536000 (one year) */
      maxAgeSeconds: nonNegativeInt.max(63072000).default(31536000),
      /** @default true */
      includeSubDomains: z.boolean().default(true),
      /** @default false */
      preload: z.boolean().default(false),
    })
    .prefault({}),
  /** Routes by name; regex routes are tried in name order. @default {} */
  routes: namedRecord(routeSchema).default({}),
};

/** The catch-all virtual host (`default_server`): requests whose Host matches no other virtual host. */
export const defaultVirtualHostSchema = z.strictObject(virtualHostFields);

/** A named virtual host: `server_name` plus its own TLS and routes. */
export const virtualHostSchema = z.strictObject({
  /** Host names (a leading `*.` matches any subdomain). */
  serverNames: z.array(serverName).min(1).max(100),
  ...virtualHostFields,
});
export type EdgeVirtualHostConfig = z.infer<typeof defaultVirtualHostSchema> & { serverNames?: readonly string[] };
