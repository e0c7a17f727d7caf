import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import type { PlatformConfig } from "../config";
import { LogCollector } from "../constructs/logging/log-collector";
import { Loki } from "../constructs/logging/loki";
import { PORTS } from "../render/prometheus/targets";
import type { Addon, AddonContext, Connection } from "./addon";
import { COLLECTOR_PODS, LOKI_PODS, PROMETHEUS_PODS, toApiServer } from "./monitoring-connections";
import { tcp } from "./network-connections";

function loggingConnections(config: PlatformConfig): Connection[] {
  return [
    {
      name: "log-collector-to-loki",
      from: COLLECTOR_PODS,
      to: LOKI_PODS,
      ports: tcp(PORTS.loki),
      reason: "the collector pushes logs (OTLP/HTTP)",
    },
    ...toApiServer(config, COLLECTOR_PODS, "log-collector", "the collector reads pod metadata (k8sattributes)"),
    ...(config.monitoring.enabled
      ? [
          {
            name: "loki-to-prometheus",
            from: LOKI_PODS,
            to: PROMETHEUS_PODS,
            ports: tcp(PORTS.prometheus),
            reason: "the log store's ruler remote-writes log-derived edge metrics",
          },
        ]
      : []),
  ];
}

/** The node log collector (OpenTelemetry Collector) and the log store (Loki). */
export class LoggingChart extends Chart {
  constructor(scope: Construct, id: string, { config }: AddonContext) {
    super(scope, id, { disableResourceNameHashes: true });
    new LogCollector(this, "log-collector", { config });
    new Loki(this, "loki", { config });
  }
}

export const loggingAddon: Addon = {
  name: "logging",
  description: "Node log collector (OpenTelemetry Collector) and log store (Loki)",
  dependsOn: ["namespaces"],
  enabled: (config: PlatformConfig) => config.logging.enabled,
  connections: loggingConnections,
  create: (scope, context) => new LoggingChart(scope, "logging", context),
};
