/** Sums CPU and memory requests of workloads, per component, the way the scheduler reserves them. */

export interface Footprint {
  readonly cpuMilli: number;
  readonly memoryMiB: number;
}

interface ContainerLike {
  readonly resources?: { readonly requests?: Readonly<Record<string, string | number>> };
}
interface PodSpecLike {
  readonly containers?: readonly ContainerLike[];
  readonly initContainers?: readonly ContainerLike[];
}
export interface ObjectLike {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: {
    readonly replicas?: number;
    readonly template?: { readonly spec?: PodSpecLike };
    readonly minReplicas?: number;
    readonly scaleTargetRef?: { readonly kind?: string; readonly name?: string };
  };
}

/** Kubernetes CPU quantity ("100m", "0.5", "2") in millicores. */
export function cpuMilli(q: string | number | undefined): number {
  if (q === undefined) return 0;
  const s = String(q);
  if (s.endsWith("m")) return Number(s.slice(0, -1));
  return Math.round(Number(s) * 1000);
}

const MEMORY_UNITS: Readonly<Record<string, number>> = {
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  Ti: 1024 * 1024,
  k: 1e3 / 2 ** 20,
  M: 1e6 / 2 ** 20,
  G: 1e9 / 2 ** 20,
};

/** Kubernetes memory quantity ("64Mi", "1Gi", "128M", bytes) in MiB. */
export function memoryMiB(q: string | number | undefined): number {
  if (q === undefined) return 0;
  const m = /^([0-9.]+)([KMGT]i|[kMG])?$/.exec(String(q));
  if (!m) throw new Error(`not a memory quantity: ${String(q)}`);
  return Number(m[1]) * (m[2] ? MEMORY_UNITS[m[2]]! : 1 / 2 ** 20);
}

function podRequests(spec: PodSpecLike): Footprint {
  const requests = (c: ContainerLike): Footprint => ({
    cpuMilli: cpuMilli(c.resources?.requests?.cpu),
    memoryMiB: memoryMiB(c.resources?.requests?.memory),
  });
  const main = addUp((spec.containers ?? []).map(requests));
  // Init containers run one at a time before the others: the pod reserves the larger of the two.
  const init = (spec.initContainers ?? []).map(requests);
  return {
    cpuMilli: Math.max(main.cpuMilli, ...init.map((i) => i.cpuMilli)),
    memoryMiB: Math.max(main.memoryMiB, ...init.map((i) => i.memoryMiB)),
  };
}

/**
 * Requests of one object: Deployments and StatefulSets × replicas (an HPA's minReplicas when one scales
 * it), DaemonSets × nodes; CronJobs and Jobs are not counted (they do not run all the time).
 */
export function objectRequests(o: ObjectLike, nodes: number, all: readonly ObjectLike[] = []): Footprint {
  const spec = o.spec?.template?.spec;
  if (!spec) return { cpuMilli: 0, memoryMiB: 0 };
  const hpa = all.find(
    (h) =>
      h.kind === "HorizontalPodAutoscaler" &&
      h.metadata?.namespace === o.metadata?.namespace &&
      h.spec?.scaleTargetRef?.kind === o.kind &&
      h.spec?.scaleTargetRef?.name === o.metadata?.name,
  );
  const replicas = hpa?.spec?.minReplicas ?? o.spec?.replicas ?? 1;
  const count = o.kind === "DaemonSet" ? nodes : o.kind === "Deployment" || o.kind === "StatefulSet" ? replicas : 0;
  const pod = podRequests(spec);
  return { cpuMilli: pod.cpuMilli * count, memoryMiB: pod.memoryMiB * count };
}

export function addUp(items: readonly Footprint[]): Footprint {
  return items.reduce((a, b) => ({ cpuMilli: a.cpuMilli + b.cpuMilli, memoryMiB: a.memoryMiB + b.memoryMiB }), {
    cpuMilli: 0,
    memoryMiB: 0,
  });
}

/** The budget of the default (dev) profile on a 3-node cluster (issue 5). */
export const DEV_BUDGET: Footprint = { cpuMilli: 1000, memoryMiB: 2048 };

/**
 * Anchors from /work/shared/notes/performance-anchors.md §4 (requests as shipped, 3 nodes): the
 * kube-prometheus jsonnet manifests with explicit requests, and that plus the rest of the usual Helm charts
 * at their defaults (Loki with its memcached caches, fluent-bit, ingress-nginx, metrics-server, CoreDNS,
 * dashboard).
 */
export const ANCHORS: readonly { readonly name: string; readonly footprint: Footprint }[] = [
  { name: "kube-prometheus (jsonnet manifests), 3 nodes", footprint: { cpuMilli: 882, memoryMiB: 2820 } },
  {
    name: "Helm chart defaults (kube-prometheus-stack, Loki, fluent-bit, ingress-nginx, …)",
    footprint: { cpuMilli: 1800, memoryMiB: 12289 },
  },
  { name: "kube-prometheus + the rest at chart defaults (baseline)", footprint: { cpuMilli: 2682, memoryMiB: 14.8 * 1024 } },
];
