/**
 * The string fields of the edge config that reach nginx.conf, each with a generator of valid values and
 * the error path a bad value must be reported under; `overlayFor` puts them all into one config.
 */
import fc from "fast-check";
import type { PlatformConfigInput } from "../../../../infra/config";
import { nginxParsesIpv6 } from "../../../../infra/config/edge-fields";

export interface FieldValues {
  readonly upstreamName: string;
  readonly routeName: string;
  readonly vhostName: string;
  readonly cacheName: string;
  readonly rateName: string;
  readonly serviceName: string;
  readonly serviceNamespace: string;
  readonly serverAddress: string;
  readonly hashCookie: string;
  readonly hashHeader: string;
  readonly hashArg: string;
  readonly prefixPath: string;
  readonly exactPath: string;
  readonly regexPath: string;
  readonly bypassCookie: string;
  readonly realm: string;
  readonly authSecretName: string;
  readonly authSecretKey: string;
  readonly tlsSecretName: string;
  readonly upstreamServerName: string;
  readonly serverName: string;
  readonly proxyCidr: string;
  readonly allowCidr: string;
  readonly gzipType: string;
  readonly resolverAddress: string;
}

export interface Field {
  readonly key: keyof FieldValues;
  readonly valid: fc.Arbitrary<string>;
  /** Matches a problem line that names this field. */
  readonly path: RegExp;
}

const name = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/).filter((n) => n !== "default");
const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/);
const subdomain = fc.tuple(label, fc.array(label, { maxLength: 2 })).map(([a, rest]) => [a, ...rest].join("."));
const ipv4 = fc.ipV4();
const port = fc.integer({ min: 1, max: 65535 });
const token = fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/);
const uriPath = fc.stringMatching(/^\/[A-Za-z0-9._~%/:@+,=!-]{0,20}$/);
const regexes = fc.oneof(
  fc.constantFrom("^/api/(v1|v2)/", "\\.(css|js|png)$", "^/item/[0-9]+$", "^/a{2,3}/?$", "^/[a-z]+/(?:x|y)$"),
  fc.stringMatching(/^\^\/[a-z]{1,6}(\/\[0-9\]\+)?\$?$/),
);
const cidr = fc.oneof(
  fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`),
  ipv4,
  // Only IPv6 text nginx's own parser reads (see nginxParsesIpv6): the rest is tested as hostile input.
  fc.tuple(fc.ipV6().filter(nginxParsesIpv6), fc.integer({ min: 0, max: 128 })).map(([ip, bits]) => `${ip}/${bits}`),
);

export const FIELDS: readonly Field[] = [
  {
    key: "upstreamName",
    valid: name,
    path: /^'edge\.upstreams' must be keyed by|^'edge\.virtualHosts' must be keyed by|\.upstream' must/,
  },
  { key: "routeName", valid: name, path: /^'edge\.defaultVirtualHost\.routes' must be keyed by/ },
  { key: "vhostName", valid: name, path: /^'edge\.virtualHosts(\.default)?' must be/ },
  { key: "cacheName", valid: name, path: /^'edge\.caches' must be keyed by|\.cache\.zone' must/ },
  { key: "rateName", valid: name, path: /^'edge\.rateLimits' must be keyed by|\.rateLimit\.zone' must/ },
  { key: "serviceName", valid: label, path: /\.service\.name' must/ },
  { key: "serviceNamespace", valid: label, path: /\.service\.namespace' must/ },
  {
    key: "serverAddress",
    valid: fc.oneof(
      fc.tuple(ipv4, port).map(([ip, p]) => `${ip}:${p}`),
      fc.tuple(subdomain, port).map(([h, p]) => `${h}:${p}`),
    ),
    path: /\.servers\.0\.address' must/,
  },
  { key: "hashCookie", valid: token, path: /\.hashKey/ },
  { key: "hashHeader", valid: fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/), path: /\.hashKey/ },
  { key: "hashArg", valid: token, path: /\.hashKey/ },
  { key: "prefixPath", valid: uriPath, path: /\.path' must/ },
  { key: "exactPath", valid: uriPath, path: /\.routes\.exact\.path' must/ },
  { key: "regexPath", valid: regexes, path: /\.routes\.regex\.path' must/ },
  { key: "bypassCookie", valid: token, path: /\.cache\.bypassCookies\.0' must/ },
  { key: "realm", valid: fc.stringMatching(/^[A-Za-z0-9 ._-]{1,20}$/), path: /\.basicAuth\.realm' must/ },
  { key: "authSecretName", valid: subdomain, path: /\.basicAuth\.secret\.name' must/ },
  { key: "authSecretKey", valid: fc.stringMatching(/^[-._a-zA-Z0-9]{1,12}$/), path: /\.basicAuth\.secret\.key' must/ },
  { key: "tlsSecretName", valid: subdomain, path: /\.tls\.secretName' must/ },
  { key: "upstreamServerName", valid: subdomain, path: /\.tls\.serverName' must/ },
  {
    key: "serverName",
    valid: fc.tuple(fc.boolean(), subdomain).map(([w, d]) => (w ? `*.${d}` : d)),
    path: /\.serverNames\.0' must/,
  },
  { key: "proxyCidr", valid: cidr, path: /^'edge\.trustedProxyCidrs\.0' must/ },
  { key: "allowCidr", valid: cidr, path: /\.allow\.0' must/ },
  {
    key: "gzipType",
    valid: fc.stringMatching(/^[a-z0-9][a-z0-9.+-]{0,8}\/[a-z0-9*][a-z0-9.+*-]{0,8}$/),
    path: /^'edge\.gzip\.types\.0' must/,
  },
  {
    key: "resolverAddress",
    valid: fc.oneof(
      ipv4,
      fc.tuple(ipv4, port).map(([ip, p]) => `${ip}:${p}`),
    ),
    path: /^'edge\.resolver\.addresses\.0' must/,
  },
];

function upstreams(v: FieldValues) {
  return {
    [v.upstreamName]: {
      service: { name: v.serviceName, namespace: v.serviceNamespace, port: 8080 },
      method: "hash" as const,
      hashKey: { cookie: v.hashCookie },
    },
    "by-header": {
      servers: [{ address: v.serverAddress, resolve: true }],
      egressCidrs: ["10.0.0.0/8"],
      method: "hash" as const,
      hashKey: { header: v.hashHeader },
      tls: { serverName: v.upstreamServerName, verify: false },
    },
    "by-arg": { servers: [{ address: "10.0.0.1:80" }], method: "hash" as const, hashKey: { arg: v.hashArg } },
  };
}

function routes(v: FieldValues) {
  return {
    [v.routeName]: {
      path: v.prefixPath,
      upstream: v.upstreamName,
      cache: { zone: v.cacheName, bypassCookies: [v.bypassCookie] },
      rateLimit: { zone: v.rateName },
      allow: [v.allowCidr],
      basicAuth: { secret: { name: v.authSecretName, key: v.authSecretKey }, realm: v.realm },
    },
    exact: { path: v.exactPath, match: "exact" as const, upstream: "by-header" },
    regex: { path: v.regexPath, match: "regex" as const, upstream: "by-arg" },
  };
}

/** One config that uses every field (three upstreams, three routes, a named TLS virtual host). */
export function overlayFor(v: FieldValues): PlatformConfigInput {
  return {
    ui: { enabled: false },
    edge: {
      demoBackend: { enabled: false },
      trustedProxyCidrs: [v.proxyCidr],
      gzip: { types: [v.gzipType] },
      resolver: { addresses: [v.resolverAddress] },
      caches: { [v.cacheName]: {} },
      rateLimits: { [v.rateName]: { requestsPerSecond: 10 } },
      upstreams: upstreams(v),
      defaultVirtualHost: { routes: routes(v) },
      virtualHosts: {
        [v.vhostName]: {
          serverNames: [v.serverName],
          tls: { secretName: v.tlsSecretName },
          routes: { all: { path: "/", upstream: v.upstreamName } },
        },
      },
    },
  };
}
