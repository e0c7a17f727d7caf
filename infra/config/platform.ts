import { z } from "zod";
import { dnsSubdomain, positiveInt } from "./common";

/** Settings that apply to the whole platform rather than to one addon. */
export const platformSchema = z.strictObject({
  /** @default "cluster.local" */
  clusterDomain: dnsSubdomain.default("cluster.local"),
  /** StorageClass for PersistentVolumeClaims; null uses the cluster's default class. @default null */
  storageClass: dnsSubdomain.nullable().default(null),
  /** Nodes the platform is sized for (spread, replicas, footprint). @default 3 */
  nodeCount: positiveInt.max(5000).default(3),
  /**
   * `managed` (EKS, GKE, AKS: no reachable control-plane components, provider CNI) or
   * `self-managed` (kubeadm-style: etcd and control plane on nodes you run). @default "managed"
   */
  clusterType: z.enum(["managed", "self-managed"]).default("managed"),
  /** Give every workload a PodDisruptionBudget. @default false (dev), true (prod) */
  podDisruptionBudgets: z.boolean().default(false),
  /** Storage for stateful addons: `emptyDir` (dev) or `persistentVolume` (prod). @default "emptyDir" */
  storage: z.enum(["emptyDir", "persistentVolume"]).default("emptyDir"),
});
export type PlatformSettings = z.infer<typeof platformSchema>;
