import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import type { PlatformConfig } from "../config";
import { KubeStateMetrics } from "../constructs/monitoring/kube-state-metrics";
import { NodeExporter } from "../constructs/monitoring/node-exporter";
import type { Addon, AddonContext } from "./addon";
import { KSM_PODS, toApiServer } from "./monitoring-connections";

/** kube-state-metrics and node-exporter (host network: no NetworkPolicy applies to it). */
export class ExportersChart extends Chart {
  constructor(scope: Construct, id: string, { config }: AddonContext) {
    super(scope, id, { disableResourceNameHashes: true });
    new KubeStateMetrics(this, "kube-state-metrics", { config });
    new NodeExporter(this, "node-exporter", { config });
  }
}

export const exportersAddon: Addon = {
  name: "monitoring-exporters",
  description: "kube-state-metrics and node-exporter",
  dependsOn: ["namespaces"],
  enabled: (config: PlatformConfig) => config.monitoring.enabled,
  connections: (config: PlatformConfig) =>
    toApiServer(config, KSM_PODS, "kube-state-metrics", "kube-state-metrics lists and watches object state"),
  create: (scope, context) => new ExportersChart(scope, "monitoring-exporters", context),
};
