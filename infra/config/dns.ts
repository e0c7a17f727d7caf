import { z } from "zod";
import { imageRef, positiveInt, resources, resourcesSchema } from "./common";
import {
  dnsHostName,
  dnsServerAddress,
  dnsZone,
  forwardTarget,
  ipAddress,
  ipv4Address,
  RESOLV_CONF,
  seconds,
} from "./dns-fields";

/**
 * Ports of the CoreDNS pods. DNS listens on a high port so the container needs no capability at all
 * (no NET_BIND_SERVICE); the kube-dns Service maps port 53 to it.
 */
export const COREDNS_PORTS = { dns: 1053, health: 8080, ready: 8181, metrics: 9153 } as const;
/** NodeLocal DNSCache answers on port 53 of its link-local address (host network) and serves metrics here. */
export const NODE_LOCAL_DNS_PORTS = { dns: 53, health: 8080, metrics: 9253 } as const;

const upstreamSchema = z.strictObject({
  /** `forward` targets for names outside the cluster and the stub domains. @default ["/etc/resolv.conf"] (the node's resolvers) */
  servers: z.array(forwardTarget).min(1).max(15).default([RESOLV_CONF]),
  /** How `forward` picks a server. @default "random" */
  policy: z.enum(["random", "round_robin", "sequential"]).default("random"),
  /** Queries in flight before `forward` answers REFUSED (`max_concurrent`). @default 1000 */
  maxConcurrent: positiveInt.max(100000).default(1000),
});

const stubDomainSchema = z.strictObject({
  /** The zone answered by `servers` (e.g. `corp.example`). */
  zone: dnsZone,
  /** DNS servers for the zone. */
  servers: z.array(dnsServerAddress).min(1).max(15),
});

const hostsEntrySchema = z.strictObject({
  ip: ipAddress,
  names: z.array(dnsHostName).min(1).max(20),
});

const rewriteSchema = z.strictObject({
  /** How `from` matches the query name. */
  match: z.enum(["exact", "prefix", "suffix", "substring"]),
  from: dnsHostName,
  to: dnsHostName,
});

const cacheSchema = z.strictObject({
  /** Positive answers kept (`success` capacity). @default 9984 */
  successCapacity: positiveInt.max(10_000_000).default(9984),
  /** Longest a positive answer is cached. @default 30 */
  successTtlSeconds: seconds(86400).default(30),
  /** Negative answers (NXDOMAIN, NODATA) kept (`denial` capacity). @default 9984 */
  denialCapacity: positiveInt.max(10_000_000).default(9984),
  /** Longest a negative answer is cached (negative caching). @default 5 */
  denialTtlSeconds: seconds(86400).default(5),
  /** Refresh popular names before they expire. @default null (off) */
  prefetch: z
    .strictObject({
      /** Queries within `durationSeconds` that make a name popular. */
      amount: positiveInt.max(1_000_000),
      durationSeconds: seconds(86400),
      /** Prefetch when this much of the TTL is left. */
      // CoreDNS 1.14 refuses to start outside 10..90 (plugin/cache/setup.go); found by the fuzz target.
      percentage: z.number().int().min(10).max(90),
    })
    .nullable()
    .default(null),
  /** Answer from an expired entry while the upstream is unreachable. @default null (off) */
  serveStale: z
    .strictObject({
      /** How long past expiry an entry may be served. */
      durationSeconds: seconds(604800),
      /** `immediate` answers stale at once; `verify` asks the upstream first. @default "immediate" */
      refreshMode: z.enum(["immediate", "verify"]).default("immediate"),
    })
    .nullable()
    .default(null),
});

const kubernetesSchema = z.strictObject({
  /** `pods` mode: A records for pod IPs (`insecure`, as kubeadm), only existing pods (`verified`: watches pods), or none. @default "insecure" */
  podsMode: z.enum(["insecure", "verified", "disabled"]).default("insecure"),
  /** TTL of answers for cluster names. @default 30 */
  ttlSeconds: z.number().int().min(0).max(3600).default(30),
});

const autoscalerSchema = z.strictObject({
  /** Scale CoreDNS with the cluster (cluster-proportional-autoscaler). @default false (dev), true (prod) */
  enabled: z.boolean().default(false),
  /** kubernetes-sigs/cluster-proportional-autoscaler tag v1.10.3 (latest release tag in the repo; RELEASE.md: registry.k8s.io/cpa). */
  image: imageRef.default("registry.k8s.io/cpa/cluster-proportional-autoscaler:v1.10.3"),
  /** @default 256 */
  coresPerReplica: positiveInt.max(100000).default(256),
  /** @default 16 */
  nodesPerReplica: positiveInt.max(100000).default(16),
  /** Fewest CoreDNS replicas the autoscaler sets. @default dns.replicas */
  min: positiveInt.max(1000).optional(),
  /** @default 10 */
  max: positiveInt.max(1000).default(10),
  /** Keep at least 2 replicas once the cluster has more than one node. @default true */
  preventSinglePointFailure: z.boolean().default(true),
  /** @default 10m/50m CPU, 16/32 MiB */
  resources: resourcesSchema.default(resources([10, 50], [16, 32])),
});

const nodeLocalSchema = z.strictObject({
  /** NodeLocal DNSCache on every node (hostNetwork DaemonSet). @default false (dev), true (prod) */
  enabled: z.boolean().default(false),
  /** The link-local address it answers on (besides the kube-dns cluster IP). @default "169.254.20.10" */
  localIP: ipv4Address.default("169.254.20.10"),
  /** Tag of k8s-dns-node-cache in kubernetes/kubernetes cluster/addons/dns/nodelocaldns/nodelocaldns.yaml (1.26.4). */
  image: imageRef.default("registry.k8s.io/dns/k8s-dns-node-cache:1.26.4"),
  /** @default 25m/200m CPU, 32/64 MiB */
  resources: resourcesSchema.default(resources([25, 200], [32, 64])),
});

/** Cluster DNS (CoreDNS in kube-system, under the names kubeadm and every kubelet expect). */
export const dnsSchema = z
  .strictObject({
    /** @default true */
    enabled: z.boolean().default(true),
    /** Tag of CoreDNS v1.14.7: the version the real-CoreDNS tests build (scripts/tools/build-coredns.sh). */
    image: imageRef.default("registry.k8s.io/coredns/coredns:v1.14.7"),
    /** CoreDNS replicas (the autoscaler's minimum when it is on). @default 1 (dev), 2 (prod) */
    replicas: positiveInt.max(1000).default(1),
    /** @default 50m/500m CPU, 64/170 MiB (upstream: 100m, 70Mi, limit 170Mi) */
    resources: resourcesSchema.default(resources([50, 500], [64, 170])),
    /** The kube-dns Service IP (kubelet `clusterDNS`). @default "10.96.0.10" (kubeadm's default service CIDR) */
    clusterIP: ipv4Address.default("10.96.0.10"),
    upstream: upstreamSchema.prefault({}),
    /** Zones forwarded to their own servers. @default [] */
    stubDomains: z.array(stubDomainSchema).max(100).default([]),
    /** Static answers (`hosts` plugin), checked before the cluster zones. @default [] */
    hosts: z.array(hostsEntrySchema).max(1000).default([]),
    /** TTL of the hosts answers. @default 60 */
    hostsTtlSeconds: seconds(65535).default(60),
    /** Query-name rewrites (`rewrite name`), answers rewritten back. @default [] */
    rewrites: z.array(rewriteSchema).max(100).default([]),
    cache: cacheSchema.prefault({}),
    kubernetes: kubernetesSchema.prefault({}),
    /** Detect forwarding loops and stop (`loop`). @default true */
    loop: z.boolean().default(true),
    /** Re-read the Corefile when the ConfigMap changes, at this interval (jitter: half of it); null turns `reload` off. @default 30 */
    reloadSeconds: z.number().int().min(2).max(3600).nullable().default(30),
    /** `health` keeps answering this long after a shutdown signal. @default 5 */
    lameduckSeconds: z.number().int().min(0).max(300).default(5),
    /** Log every query (`log`); errors are always logged. @default false */
    queryLog: z.boolean().default(false),
    /** Shuffle A/AAAA records (`loadbalance`). @default true */
    loadbalance: z.boolean().default(true),
    autoscaler: autoscalerSchema.prefault({}),
    nodeLocal: nodeLocalSchema.prefault({}),
  })
  .superRefine((dns, ctx) => {
    const seen = new Set<string>();
    dns.stubDomains.forEach((stub, i) => {
      const zone = stub.zone.replace(/\.$/, "");
      if (seen.has(zone)) ctx.addIssue({ code: "custom", path: ["stubDomains", i, "zone"], message: "unique among stubDomains" });
      seen.add(zone);
      if (zone === "." || zone === "")
        ctx.addIssue({
          code: "custom",
          path: ["stubDomains", i, "zone"],
          message: "a zone other than the root (use upstream.servers)",
        });
    });
    const min = dns.autoscaler.min ?? dns.replicas;
    if (dns.autoscaler.max < min) {
      ctx.addIssue({ code: "custom", path: ["autoscaler", "max"], message: `>= autoscaler.min (${min})` });
    }
    if (!dns.nodeLocal.localIP.startsWith("169.254.")) {
      ctx.addIssue({ code: "custom", path: ["nodeLocal", "localIP"], message: "a link-local address (169.254.0.0/16)" });
    }
  });
export type DnsConfig = z.infer<typeof dnsSchema>;
export type DnsConfigInput = z.input<typeof dnsSchema>;
