import type { PlatformConfig } from "../../../config";
import type { RuleGroup } from "../rules-model";
import { apiServerRules, controlPlaneRules } from "./control-plane";
import { dnsRules } from "./dns";
import { etcdBackupRules } from "./etcd-backup";
import { edgeRules } from "./edge";
import { nodeRules, workloadRules } from "./kubernetes";
import { loggingRules } from "./logging";
import { recordingRules } from "./recording";
import { selfHealthRules } from "./self-health";

/**
 * The rule groups Prometheus loads for this config: control-plane alerts only where the control plane can
 * be scraped (self-managed clusters), edge, logging and etcd-backup alerts only when those addons are on.
 */
export function platformRuleGroups(config: PlatformConfig): RuleGroup[] {
  const groups: RuleGroup[] = [
    recordingRules,
    nodeRules,
    workloadRules,
    apiServerRules,
    controlPlaneRules,
    selfHealthRules,
    dnsRules,
  ];
  if (config.edge.enabled) groups.push(edgeRules);
  if (config.logging.enabled) groups.push(loggingRules);
  if (config.etcdBackup.enabled) groups.push(etcdBackupRules(config.etcdBackup));
  return groups.filter((g) => (g.clusters ?? "all") === "all" || config.platform.clusterType === "self-managed");
}
