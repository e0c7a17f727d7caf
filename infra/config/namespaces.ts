import type { PlatformConfig } from "./schema";

/** Names of the namespaces Keelson deploys into. kube-system is not Keelson's: it is never created or labelled. */
export const NAMESPACE = {
  edge: "keelson-edge",
  ui: "keelson-ui",
  monitoring: "keelson-monitoring",
  logging: "keelson-logging",
  nodeAgents: "keelson-node-agents",
  kubeSystem: "kube-system",
} as const;

export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

export interface NamespaceSpec {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
  /** Why a namespace is not `restricted`. Required for every exception. */
  readonly reason?: string;
}

/** The namespaces Keelson owns for this config, in a stable order. */
export function keelsonNamespaces(config: PlatformConfig): NamespaceSpec[] {
  const namespaces: NamespaceSpec[] = [];
  if (config.edge.enabled) namespaces.push({ name: NAMESPACE.edge, podSecurity: "restricted" });
  if (config.ui.enabled) namespaces.push({ name: NAMESPACE.ui, podSecurity: "restricted" });
  if (config.monitoring.enabled) namespaces.push({ name: NAMESPACE.monitoring, podSecurity: "restricted" });
  if (config.logging.enabled) namespaces.push({ name: NAMESPACE.logging, podSecurity: "restricted" });
  if (config.monitoring.enabled || config.logging.enabled) {
    namespaces.push({
      name: NAMESPACE.nodeAgents,
      podSecurity: "privileged",
      // The node agents read the host: node-exporter needs hostNetwork/hostPID and read-only hostPath
      // mounts of /proc, /sys and /; the log collector needs hostPath mounts of /var/log (read) and its
      // buffer/offset directory (write). Pod Security `baseline` forbids all hostPath volumes, so only
      // `privileged` admits them. They are isolated here so every other namespace stays `restricted`.
      reason: "node-exporter and the log collector need hostPath/hostNetwork access to read the node",
    });
  }
  return namespaces;
}
