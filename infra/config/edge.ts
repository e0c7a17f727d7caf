import { z } from "zod";
import { imageRef, port, positiveInt, resources, resourcesSchema } from "./common";
import { annotationValue, cidr, labelKey, mimeType, namedRecord, resolverAddress, seconds } from "./edge-fields";
import { upstreamSchema } from "./edge-upstream";
import { defaultVirtualHostSchema, virtualHostSchema } from "./edge-vhost";
import { edgeProblems } from "./edge-validate";

/**
 * nginx-prometheus-exporter, pinned by the upstream git tag v1.5.3 (nginx/nginx-prometheus-exporter
 * commit 9956da7, 2026-08-14: "retract v1.5.2 due to broken release; superseded by v1.5.3"); the image
 * runs as uid 1001 (build/Dockerfile `USER 1001:1001`).
 */
export const EXPORTER_IMAGE = "docker.io/nginx/nginx-prometheus-exporter:1.5.3";

/** A `proxy_cache_path` zone; stored on an emptyDir sized from `maxSizeMiB`. */
export const cacheZoneSchema = z.strictObject({
  /** Memory for keys (1 MiB holds about 8000 keys). @default 10 */
  keysZoneMiB: positiveInt.max(1024).default(10),
  /** Disk for cached responses (`max_size`). @default 256 */
  maxSizeMiB: positiveInt.max(1048576).default(256),
  /** Entries not used for this long are removed (`inactive`). @default 60 */
  inactiveMinutes: positiveInt.max(525600).default(60),
  /** Directory levels (`levels`). @default "1:2" */
  levels: z.enum(["1", "2", "1:1", "1:2", "2:2", "1:1:1", "1:2:2", "2:2:2"]).default("1:2"),
});

/** A `limit_req_zone` keyed by the real client address. */
export const rateLimitZoneSchema = z
  .strictObject({
    /** Give exactly one of requestsPerSecond and requestsPerMinute. */
    requestsPerSecond: positiveInt.max(1000000).optional(),
    requestsPerMinute: positiveInt.max(1000000).optional(),
    /** What is counted: the client address (after real-IP), the Host, or everything together. @default "client-ip" */
    key: z.enum(["client-ip", "host", "global"]).default("client-ip"),
    /** @default 10 */
    zoneSizeMiB: positiveInt.max(1024).default(10),
    /** Status for rejected requests. @default 429 */
    status: z.number().int().min(400).max(599).default(429),
  })
  .refine((r) => (r.requestsPerSecond === undefined) !== (r.requestsPerMinute === undefined), {
    message: "given exactly one of 'requestsPerSecond' and 'requestsPerMinute'",
  });

/** The NGINX edge tier: reverse proxy, cache and load balancer. */
const edgeObjectSchema = z.strictObject({
  /** @default true */
  enabled: z.boolean().default(true),
  /** @default 1 (dev), 3 (prod) */
  replicas: positiveInt.max(1000).default(1),
  /** nginx container. Its CPU limit sets `worker_processes`. @default 100m/1000m CPU, 64/256 MiB */
  resources: resourcesSchema.default(resources([100, 1000], [64, 256])),
  /** @default ceil(resources.limits.cpuMilli / 1000) */
  workerProcesses: positiveInt.max(64).optional(),
  /** @default 4096 (worker_rlimit_nofile is twice this) */
  workerConnections: positiveInt.max(65536).default(4096),
  /** Container ports (non-privileged; nginx runs as uid 101). */
  ports: z
    .strictObject({
      /** @default 8080 */
      http: port.min(1024).default(8080),
      /** @default 8443 */
      https: port.min(1024).default(8443),
      /** Health endpoint (/healthz) and stub_status (loopback only). @default 8081 */
      status: port.min(1024).default(8081),
      /** The exporter's /metrics. @default 9113 */
      metrics: port.min(1024).default(9113),
    })
    .prefault({}),
  /**
   * Serve IPv6 clients too: every `listen` is repeated on `[::]` and the Service asks for both families
   * (`ipFamilyPolicy: PreferDualStack`, which falls back to one family on a single-stack cluster). Off by
   * default because nginx refuses to start where it cannot bind `[::]` (pods without IPv6). @default false
   */
  dualStack: z.boolean().default(false),
  service: z
    .strictObject({
      /** @default "ClusterIP" (dev), "LoadBalancer" (prod) */
      type: z.enum(["ClusterIP", "NodePort", "LoadBalancer"]).default("ClusterIP"),
      /** `Local` keeps the client address (no SNAT) and skips nodes without an edge pod. @default "Cluster" */
      externalTrafficPolicy: z.enum(["Cluster", "Local"]).default("Cluster"),
      /** @default 80 */
      httpPort: port.default(80),
      /** @default 443 */
      httpsPort: port.default(443),
      /** For cloud load balancers. @default {} */
      annotations: namedRecord(annotationValue, labelKey).default({}),
    })
    .prefault({}),
  autoscaling: z
    .strictObject({
      /** A HorizontalPodAutoscaler from `replicas` up to `maxReplicas`. @default false (dev), true (prod) */
      enabled: z.boolean().default(false),
      /** @default 10 */
      maxReplicas: positiveInt.max(1000).default(10),
      /** @default 70 */
      targetCpuUtilizationPercent: z.number().int().min(10).max(100).default(70),
    })
    .prefault({}),
  /** preStop wait, so endpoints drop the pod before nginx stops accepting. @default 10 */
  drainSeconds: z.number().int().min(0).max(300).default(10),
  /** `worker_shutdown_timeout`: how long in-flight requests may finish after SIGQUIT. @default 30 */
  shutdownTimeoutSeconds: seconds(3600).default(30),
  /** Proxies whose `realIpHeader` is trusted for the client address (`set_real_ip_from`). @default [] */
  trustedProxyCidrs: z.array(cidr).max(256).default([]),
  /** @default "X-Forwarded-For" */
  realIpHeader: z.enum(["X-Forwarded-For", "X-Real-IP"]).default("X-Forwarded-For"),
  /** Slow-client protection and request limits. */
  clientLimits: z
    .strictObject({
      /** @default 10 */
      headerTimeoutSeconds: seconds(600).default(10),
      /** @default 30 */
      bodyTimeoutSeconds: seconds(3600).default(30),
      /** @default 30 */
      sendTimeoutSeconds: seconds(3600).default(30),
      /** Idle client keepalive. @default 30 */
      keepaliveTimeoutSeconds: seconds(3600).default(30),
      /** @default 1000 */
      keepaliveRequests: positiveInt.max(1000000).default(1000),
      /** Default `client_max_body_size` (routes may override). @default 1 */
      maxBodySizeMiB: z.number().int().min(0).max(102400).default(1),
      /** `large_client_header_buffers` size; larger headers get 400/414. @default 8 */
      largeHeaderBufferKiB: positiveInt.max(1024).default(8),
    })
    .prefault({}),
  gzip: z
    .strictObject({
      /** @default true */
      enabled: z.boolean().default(true),
      /** @default 1024 */
      minLength: positiveInt.max(10485760).default(1024),
      /** @default 5 */
      compLevel: z.number().int().min(1).max(9).default(5),
      /** In addition to text/html (always compressed). */
      types: z
        .array(mimeType)
        .max(100)
        .default([
          "application/javascript",
          "application/json",
          "application/xml",
          "image/svg+xml",
          "text/css",
          "text/javascript",
          "text/plain",
          "text/xml",
        ]),
    })
    .prefault({}),
  /** The JSON access log on stdout (one line per request). @default true */
  accessLog: z.boolean().default(true),
  /** X-Content-Type-Options, X-Frame-Options, Referrer-Policy on every response. @default true */
  securityHeaders: z.boolean().default(true),
  resolver: z
    .strictObject({
      /**
       * DNS servers (host or host:port). @default the pods' own DNS: NodeLocal DNSCache's address or the
       * kube-dns Service IP with Keelson's DNS addon, else "kube-dns.kube-system.svc.<platform.clusterDomain>"
       */
      addresses: z.array(resolverAddress).min(1).max(8).optional(),
      /** How long answers are used (`valid=`): how fast pod changes reach nginx. @default 5 */
      validSeconds: seconds(3600).default(5),
      /** @default 2 */
      timeoutSeconds: seconds(60).default(2),
      /** Ask for AAAA records too. @default false */
      ipv6: z.boolean().default(false),
    })
    .prefault({}),
  exporter: z
    .strictObject({
      /** @default EXPORTER_IMAGE */
      image: imageRef.default(EXPORTER_IMAGE),
      /** @default 10m/100m CPU, 16/32 MiB */
      resources: resourcesSchema.default(resources([10, 100], [16, 32])),
    })
    .prefault({}),
  /** Size of the emptyDir for temp files (request bodies, large responses) and the pid. @default 256 */
  tempSizeMiB: positiveInt.max(102400).default(256),
  /** Cache zones by name. @default {} */
  caches: namedRecord(cacheZoneSchema).default({}),
  /** Rate-limit zones by name. @default {} */
  rateLimits: namedRecord(rateLimitZoneSchema).default({}),
  /** Upstream pools by name. @default {} (plus demo-backend while demoBackend.enabled) */
  upstreams: namedRecord(upstreamSchema).default({}),
  /** The catch-all virtual host. @default no TLS, no routes (plus the demo route while demoBackend.enabled) */
  defaultVirtualHost: defaultVirtualHostSchema.prefault({}),
  /** Named virtual hosts. @default {} */
  virtualHosts: namedRecord(virtualHostSchema).default({}),
  /** A demo backend (Deployment + headless Service, port 8080) routed at `/` of the default virtual host. */
  demoBackend: z
    .strictObject({
      /** @default true */
      enabled: z.boolean().default(true),
      /** @default 2 */
      replicas: positiveInt.max(100).default(2),
      /** @default 10m/100m CPU, 16/64 MiB */
      resources: resourcesSchema.default(resources([10, 100], [16, 64])),
    })
    .prefault({}),
});
export type EdgeConfig = z.infer<typeof edgeObjectSchema>;

/** The edge section, with the rules that span fields (see edge-validate.ts). */
export const edgeSchema = edgeObjectSchema.superRefine((edge, ctx) => {
  for (const [path, message] of edgeProblems(edge)) ctx.addIssue({ code: "custom", path, message });
});
export type EdgeConfigInput = z.input<typeof edgeSchema>;
export type CacheZoneConfig = z.infer<typeof cacheZoneSchema>;
export type RateLimitZoneConfig = z.infer<typeof rateLimitZoneSchema>;
