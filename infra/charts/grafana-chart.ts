import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import type { PlatformConfig } from "../config";
import { Grafana } from "../constructs/monitoring/grafana";
import { PORTS } from "../render/prometheus/targets";
import type { Addon, AddonContext, Connection } from "./addon";
import { GRAFANA_PODS, LOKI_PODS, PROMETHEUS_PODS } from "./monitoring-connections";
import { tcp } from "./network-connections";

function grafanaConnections(config: PlatformConfig): Connection[] {
  return [
    {
      name: "grafana-to-prometheus",
      from: GRAFANA_PODS,
      to: PROMETHEUS_PODS,
      ports: tcp(PORTS.prometheus),
      reason: "Grafana queries Prometheus",
    },
    ...(config.logging.enabled
      ? [
          {
            name: "grafana-to-loki",
            from: GRAFANA_PODS,
            to: LOKI_PODS,
            ports: tcp(PORTS.loki),
            reason: "Grafana queries the log store",
          },
        ]
      : []),
  ];
}

/** Grafana with provisioned datasources and dashboards. */
export class GrafanaChart extends Chart {
  constructor(scope: Construct, id: string, { config }: AddonContext) {
    super(scope, id, { disableResourceNameHashes: true });
    new Grafana(this, "grafana", { config });
  }
}

export const grafanaAddon: Addon = {
  name: "grafana",
  description: "Grafana: Prometheus and log store datasources, platform dashboards",
  dependsOn: ["namespaces", "prometheus", "logging"],
  enabled: (config: PlatformConfig) => config.monitoring.enabled,
  connections: grafanaConnections,
  create: (scope, context) => new GrafanaChart(scope, "grafana", context),
};
