import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { ConfigError, type PlatformConfig } from "../config";
import { EtcdBackupCronJob } from "../constructs/etcd-backup";
import type { Addon, AddonContext } from "./addon";

/** A managed control plane's etcd is the provider's: there is nothing to reach and nothing to back up. */
export function etcdBackupProblems(config: PlatformConfig): string[] {
  if (!config.etcdBackup.enabled || config.platform.clusterType === "self-managed") return [];
  return [`'etcdBackup.enabled' must be false when 'platform.clusterType' is "managed" (the provider backs up etcd), got true`];
}

/** etcd snapshots with retention on a control-plane node (self-managed clusters only, off by default). */
export class EtcdBackupChart extends Chart {
  constructor(scope: Construct, id: string, { config }: AddonContext) {
    super(scope, id, { disableResourceNameHashes: true });
    const problems = etcdBackupProblems(config);
    if (problems.length > 0) throw new ConfigError(problems);
    new EtcdBackupCronJob(this, "etcd-backup", { backup: config.etcdBackup });
  }
}

export const etcdBackupAddon: Addon = {
  name: "etcd-backup",
  description: "etcd snapshot CronJob (etcdctl save, etcdutl verify, retention) for self-managed control planes",
  dependsOn: [],
  enabled: (config) => config.etcdBackup.enabled,
  create: (scope, context) => new EtcdBackupChart(scope, "etcd-backup", context),
};
