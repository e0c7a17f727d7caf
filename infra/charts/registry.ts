import type { Addon } from "./addon";
import { cniAddon } from "./cni-chart";
import { dnsAddon } from "./dns-chart";
import { edgeAddon } from "./edge-chart";
import { etcdBackupAddon } from "./etcd-backup-chart";
import { exportersAddon } from "./exporters-chart";
import { grafanaAddon } from "./grafana-chart";
import { loggingAddon } from "./logging-chart";
import { metricsServerAddon } from "./metrics-server-chart";
import { namespacesAddon } from "./namespaces-chart";
import { networkPoliciesAddon } from "./network-policy-chart";
import { prometheusAddon } from "./prometheus-chart";
import { withSecurityExceptions } from "./secured-addon";
import { uiAddon } from "./ui-chart";

/**
 * Every addon Keelson knows, in a stable order (ties in the dependency order keep this order).
 * Add a new addon here, with its `dependsOn`.
 */
// Each addon is wrapped so the security exceptions (infra/security/exceptions.ts) land on its objects.
export const ADDONS: readonly Addon[] = [
  cniAddon,
  namespacesAddon,
  edgeAddon,
  dnsAddon,
  uiAddon,
  metricsServerAddon,
  prometheusAddon,
  exportersAddon,
  loggingAddon,
  grafanaAddon,
  networkPoliciesAddon,
  etcdBackupAddon,
].map(withSecurityExceptions);
