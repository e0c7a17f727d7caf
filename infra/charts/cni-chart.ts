import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { ConfigError, type PlatformConfig } from "../config";
import { KubeRouter } from "../constructs/network";
import type { Addon, AddonContext } from "./addon";

/** The CNI only belongs on clusters whose nodes Keelson's user runs; a managed cluster keeps its provider's. */
export function cniProblems(config: PlatformConfig): string[] {
  if (!config.network.cni.enabled || config.platform.clusterType === "self-managed") return [];
  return [`'network.cni.enabled' must be false when 'platform.clusterType' is "managed" (keep the provider's CNI), got true`];
}

/** kube-router as CNI and NetworkPolicy enforcer (self-managed clusters only, off by default). */
export class CniChart extends Chart {
  constructor(scope: Construct, id: string, { config }: AddonContext) {
    super(scope, id, { disableResourceNameHashes: true });
    const problems = cniProblems(config);
    if (problems.length > 0) throw new ConfigError(problems);
    new KubeRouter(this, "kube-router", { cni: config.network.cni });
  }
}

export const cniAddon: Addon = {
  name: "cni",
  description: "kube-router: pod network and NetworkPolicy enforcement for self-managed clusters",
  dependsOn: [],
  enabled: (config) => config.network.cni.enabled,
  create: (scope, context) => new CniChart(scope, "cni", context),
};
