import { z } from "zod";
import { dnsLabel, dnsSubdomain, nonNegativeInt, port, positiveInt, secretKeyRef } from "./common";
import { argName, cidr, cookieName, headerName, hostPort, labelKey, labelValue, namedRecord, seconds } from "./edge-fields";

/**
 * An upstream pool. In-cluster upstreams name a Service; by default a headless one, resolved by nginx
 * itself (`server <fqdn> resolve` with the cluster DNS as `resolver`), so nginx balances across pod
 * addresses, marks a dead pod failed, retries on another and follows scale-ups without a reload.
 */
export const upstreamServiceSchema = z.strictObject({
  name: dnsLabel,
  namespace: dnsLabel,
  /**
   * The port nginx connects to: with `headless` the pods' port (a headless Service maps no ports),
   * with `cluster-ip` the Service's port.
   */
  port,
  /** The pods' port, for the NetworkPolicy egress rule. @default port */
  podPort: port.optional(),
  /**
   * `headless`: nginx resolves the Service's pod addresses (`resolve`, re-queried every `resolver.validSeconds`).
   * `cluster-ip`: one address, kube-proxy balances per TCP connection (keepalive makes that sticky, so
   * `keepalive.timeSeconds` is bounded). @default "headless"
   */
  discovery: z.enum(["headless", "cluster-ip"]).default("headless"),
  /** Labels of the Service's pods, for the NetworkPolicy egress rule. @default { "app.kubernetes.io/name": <name> } */
  podLabels: namedRecord(labelValue, labelKey).optional(),
});

export const upstreamServerSchema = z.strictObject({
  /** `host:port`; a host name is resolved once at start-up unless `resolve` is set. */
  address: hostPort,
  /** @default 1 */
  weight: positiveInt.max(1000).default(1),
  /** Overrides the pool's `maxFails`. */
  maxFails: nonNegativeInt.max(100).optional(),
  /** Overrides the pool's `failTimeoutSeconds`. */
  failTimeoutSeconds: seconds(3600).optional(),
  /** Used only when every primary server is down (not with hash, ip-hash or random methods). @default false */
  backup: z.boolean().default(false),
  /** Re-resolve the host name with the `resolver` at run time (nginx >= 1.27.3). @default false */
  resolve: z.boolean().default(false),
});

/** The value a `hash` pool hashes: a fixed set of request properties, never a free-form nginx expression. */
export const hashKeySchema = z.union([
  z.enum(["request-uri", "uri", "client-ip", "host"]),
  z.strictObject({ cookie: cookieName }),
  z.strictObject({ header: headerName }),
  z.strictObject({ arg: argName }),
]);
export type HashKey = z.infer<typeof hashKeySchema>;

export const LB_METHODS = ["round-robin", "least-conn", "ip-hash", "hash", "random-two-least-conn"] as const;
export type LbMethod = (typeof LB_METHODS)[number];

export const NEXT_UPSTREAM_CONDITIONS = [
  "error",
  "timeout",
  "invalid_header",
  "http_500",
  "http_502",
  "http_503",
  "http_504",
  "http_429",
] as const;

export const upstreamSchema = z.strictObject({
  /** A Kubernetes Service (give exactly one of `service` and `servers`). */
  service: upstreamServiceSchema.optional(),
  /** Explicit `host:port` servers (give exactly one of `service` and `servers`). */
  servers: z.array(upstreamServerSchema).min(1).max(64).optional(),
  /** CIDRs the servers live in, for the NetworkPolicy; IP-address servers add their own /32 or /128. @default [] */
  egressCidrs: z.array(cidr).max(64).default([]),
  /**
   * `round-robin` (weighted), `least-conn`, `ip-hash` (first three octets of the client's IPv4 address),
   * `hash` (consistent, ketama, on `hashKey`), `random-two-least-conn` (power of two choices).
   * Measured with a headless Service: `hash` keeps each key on one pod while the pods stay the same, but
   * when a pod comes or goes about half of all keys move (nginx places ketama points by server name, and
   * every pod of a resolved name shares it); list `servers` when keys must survive membership changes.
   * @default "round-robin"
   */
  method: z.enum(LB_METHODS).default("round-robin"),
  /** What `hash` hashes; required with method `hash`, not allowed otherwise. */
  hashKey: hashKeySchema.optional(),
  /** Failed attempts within `failTimeoutSeconds` that mark a server down. @default 1 */
  maxFails: nonNegativeInt.max(100).default(1),
  /** @default 10 */
  failTimeoutSeconds: seconds(3600).default(10),
  /**
   * Requests in flight to this pool across one nginx pod at peak. Sizes the idle keepalive cache per
   * worker (`keepalive` = ceil(this / workers), at least 16): `keepalive 32` measured too small for one
   * busy upstream. @default 128
   */
  expectedConcurrency: positiveInt.max(100000).default(128),
  keepalive: z
    .strictObject({
      /** Idle connections cached per worker. @default from expectedConcurrency */
      connections: positiveInt.max(10000).optional(),
      /** @default 60 */
      timeoutSeconds: seconds(3600).default(60),
      /** Requests per connection before it is closed (rebalances cluster-ip and host:port pools). @default 1000 */
      requests: positiveInt.max(1000000).default(1000),
      /** Lifetime of a connection. @default 3600 (headless), 60 (cluster-ip and servers) */
      timeSeconds: seconds(86400).optional(),
    })
    .prefault({}),
  /** Retries on another server; never for non-idempotent methods (POST, LOCK, PATCH). */
  nextUpstream: z
    .strictObject({
      /** @default ["error", "timeout", "http_502", "http_503", "http_504"] */
      on: z.array(z.enum(NEXT_UPSTREAM_CONDITIONS)).min(1).default(["error", "timeout", "http_502", "http_503", "http_504"]),
      /** Attempts in total, the first included. @default 3 */
      tries: positiveInt.max(20).default(3),
      /** @default 10 */
      timeoutSeconds: seconds(600).default(10),
    })
    .prefault({}),
  /** Speak HTTPS to the servers. @default plain HTTP */
  tls: z
    .strictObject({
      /** Verify the server certificate (`proxy_ssl_verify`). @default true */
      verify: z.boolean().default(true),
      /** CA bundle to verify against. @default the image's system CA bundle */
      caSecret: secretKeyRef.optional(),
      /** Name sent in SNI and checked in the certificate. @default the Service's DNS name, or the first server's host */
      serverName: dnsSubdomain.optional(),
    })
    .optional(),
  /** Shared memory for the pool's state (needed by `resolve`). @default 256 */
  zoneSizeKiB: z.number().int().min(64).max(65536).default(256),
});
export type EdgeUpstreamConfig = z.infer<typeof upstreamSchema>;
export type EdgeUpstreamInput = z.input<typeof upstreamSchema>;

/** Methods that place requests by a key or at random, where nginx does not allow `backup` servers. */
export const METHODS_WITHOUT_BACKUP: readonly LbMethod[] = ["ip-hash", "hash", "random-two-least-conn"];

/** Cross-field rules of one upstream, as [path, rule] pairs relative to the upstream. */
export function upstreamProblems(u: EdgeUpstreamConfig): [PropertyKey[], string][] {
  const problems: [PropertyKey[], string][] = [];
  if ((u.service === undefined) === (u.servers === undefined)) {
    problems.push([[], "given exactly one of 'service' and 'servers'"]);
  }
  if (u.method === "hash" && u.hashKey === undefined) problems.push([["hashKey"], "set when method is 'hash'"]);
  if (u.method !== "hash" && u.hashKey !== undefined) problems.push([["hashKey"], "unset unless method is 'hash'"]);
  (u.servers ?? []).forEach((s, i) => {
    if (s.backup && METHODS_WITHOUT_BACKUP.includes(u.method)) {
      problems.push([
        ["servers", i, "backup"],
        `false with method '${u.method}' (nginx allows backup servers only with round-robin and least-conn)`,
      ]);
    }
  });
  const named = (u.servers ?? []).filter((s) => hostPort.safeParse(s.address).success && !/^(\d|\[)/.test(s.address));
  if (named.length > 0 && u.egressCidrs.length === 0) {
    problems.push([
      ["egressCidrs"],
      `non-empty when servers use host names (the NetworkPolicy needs their addresses: ${named[0]!.address})`,
    ]);
  }
  if (u.servers !== undefined && u.servers.every((s) => s.backup)) {
    problems.push([["servers"], "a list with at least one server that is not a backup"]);
  }
  return problems;
}
