/**
 * Named configurations whose rendered nginx.conf is kept as a golden file and checked by `nginx -t`:
 * both profiles as shipped, every load-balancing method, TLS on and off, and one config that uses every
 * route feature at once.
 */
import { resolveConfig, type PlatformConfigInput, type ProfileName } from "../../../infra/config";
import { effectiveEdge } from "../../../infra/charts/edge-contributions";
import { renderEdgeNginxConf, type RenderedNginxConfig } from "../../../infra/render/nginx";

export interface RenderCase {
  readonly name: string;
  readonly profile: ProfileName;
  readonly overlay: PlatformConfigInput;
}

/** Only the edge, with nothing contributed, so a case shows just what it sets. */
const bare = (edge: NonNullable<PlatformConfigInput["edge"]>): PlatformConfigInput => ({
  ui: { enabled: false },
  edge: { ...edge, demoBackend: { enabled: false } },
});

const lbCase = (name: string, upstream: Record<string, unknown>): RenderCase => ({
  name: `lb-${name}`,
  profile: "dev",
  overlay: bare({
    upstreams: { app: upstream as never },
    defaultVirtualHost: { routes: { app: { path: "/", upstream: "app" } } },
  }),
});

const threeServers = [
  { address: "10.0.1.1:8080", weight: 3 },
  { address: "10.0.1.2:8080" },
  { address: "10.0.1.3:8080", maxFails: 2, failTimeoutSeconds: 30 },
];

export const RENDER_CASES: readonly RenderCase[] = [
  { name: "dev-default", profile: "dev", overlay: {} },
  { name: "prod-default", profile: "prod", overlay: {} },
  lbCase("round-robin", { servers: [...threeServers, { address: "10.0.1.9:8080", backup: true }], egressCidrs: ["10.0.1.0/24"] }),
  lbCase("least-conn", { method: "least-conn", service: { name: "app", namespace: "shop", port: 8080 } }),
  lbCase("ip-hash", { method: "ip-hash", servers: threeServers }),
  lbCase("hash-request-uri", { method: "hash", hashKey: "request-uri", servers: threeServers }),
  lbCase("hash-cookie", {
    method: "hash",
    hashKey: { cookie: "session_id" },
    service: { name: "app", namespace: "shop", port: 8080 },
  }),
  lbCase("random-two-least-conn", {
    method: "random-two-least-conn",
    service: { name: "app", namespace: "shop", port: 8080 },
    expectedConcurrency: 512,
  }),
  lbCase("cluster-ip", { service: { name: "app", namespace: "shop", port: 80, podPort: 8080, discovery: "cluster-ip" } }),
  {
    // Every listener (status, http, https, the redirect) on IPv4 and on [::].
    name: "dual-stack-tls",
    profile: "prod",
    overlay: { edge: { dualStack: true, defaultVirtualHost: { tls: { secretName: "edge-tls" } } } },
  },
  {
    name: "tls-default-vhost",
    profile: "prod",
    overlay: { edge: { defaultVirtualHost: { tls: { secretName: "edge-tls" }, hsts: { preload: true } } } },
  },
  {
    name: "tls-named-vhosts",
    profile: "dev",
    overlay: bare({
      upstreams: { shop: { service: { name: "shop", namespace: "shop", port: 8080 } } },
      virtualHosts: {
        shop: {
          serverNames: ["shop.example.com", "*.shop.example.com"],
          tls: { secretName: "shop-tls" },
          routes: { all: { path: "/", upstream: "shop" } },
        },
        legacy: {
          serverNames: ["legacy.example.com"],
          tls: { secretName: "legacy-tls" },
          redirectHttpToHttps: false,
          hsts: { enabled: false },
          routes: { all: { path: "/", upstream: "shop" } },
        },
        plain: { serverNames: ["plain.example.com"], routes: { all: { path: "/", upstream: "shop" } } },
      },
    }),
  },
  {
    name: "every-route-feature",
    profile: "dev",
    overlay: bare({
      trustedProxyCidrs: ["10.0.0.0/8", "2001:db8::/32"],
      gzip: { enabled: false },
      securityHeaders: false,
      caches: { pages: { maxSizeMiB: 512, inactiveMinutes: 10, levels: "2:2" } },
      rateLimits: { api: { requestsPerSecond: 20, status: 503 }, login: { requestsPerMinute: 10, key: "global" } },
      upstreams: {
        api: {
          service: { name: "api", namespace: "shop", port: 8080 },
          nextUpstream: { tries: 2, timeoutSeconds: 5, on: ["error", "timeout"] },
        },
        secure: {
          servers: [{ address: "secure.example.com:443", resolve: true }],
          egressCidrs: ["192.0.2.0/24"],
          tls: { caSecret: { name: "secure-ca", key: "ca.crt" } },
        },
      },
      defaultVirtualHost: {
        routes: {
          pages: {
            path: "/",
            upstream: "api",
            cache: { zone: "pages", validity: [{ statuses: "any", seconds: 5 }], minUses: 2, bypassCookies: ["sid"] },
          },
          "api-v1": {
            path: "^/api/v[0-9]+/",
            match: "regex",
            upstream: "api",
            rateLimit: { zone: "api", burst: 50, nodelay: false },
            maxBodySizeMiB: 10,
          },
          login: { path: "/login", match: "exact", upstream: "api", rateLimit: { zone: "login", burst: 0 } },
          admin: {
            path: "/admin/",
            upstream: "secure",
            stripPrefix: true,
            allow: ["10.1.0.0/16"],
            basicAuth: { secret: { name: "admin-users", key: "htpasswd" }, realm: "Keelson admin" },
          },
          events: {
            path: "/events",
            upstream: "api",
            buffering: false,
            websocket: true,
            timeouts: { readSeconds: 3600, connectSeconds: 2 },
          },
        },
      },
    }),
  },
];

export function renderCase(c: RenderCase): RenderedNginxConfig {
  const config = resolveConfig(c.profile, c.overlay);
  return renderEdgeNginxConf(effectiveEdge(config), { clusterDomain: config.platform.clusterDomain });
}

/** Files under /etc/nginx/secrets every case may read (TLS pairs, CA bundles), for `nginx -t`. */
export const SECRET_DIRS_WITH_CERTS = ["tls-default", "tls-shop", "tls-legacy"];
export const CA_DIRS = ["ca-secure"];
