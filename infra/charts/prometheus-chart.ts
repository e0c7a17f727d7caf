import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import type { PlatformConfig } from "../config";
import { Alertmanager } from "../constructs/monitoring/alertmanager";
import { Prometheus } from "../constructs/monitoring/prometheus";
import type { Addon, AddonContext } from "./addon";
import { alertmanagerConnections, prometheusConnections } from "./monitoring-connections";

/** Prometheus (config, rules, storage) and Alertmanager. */
export class PrometheusChart extends Chart {
  constructor(scope: Construct, id: string, { config }: AddonContext) {
    super(scope, id, { disableResourceNameHashes: true });
    new Prometheus(this, "prometheus", { config });
    new Alertmanager(this, "alertmanager", { config });
  }
}

export const prometheusAddon: Addon = {
  name: "prometheus",
  description: "Prometheus (typed config and rules, no operator) and Alertmanager",
  dependsOn: ["namespaces"],
  enabled: (config: PlatformConfig) => config.monitoring.enabled,
  connections: (config: PlatformConfig) => [...prometheusConnections(config), ...alertmanagerConnections(config)],
  create: (scope, context) => new PrometheusChart(scope, "prometheus", context),
};
