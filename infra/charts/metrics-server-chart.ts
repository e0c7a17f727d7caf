import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import type { PlatformConfig } from "../config";
import { MetricsServer } from "../constructs/monitoring/metrics-server";
import { PORTS } from "../render/prometheus/targets";
import type { Addon, AddonContext, Connection } from "./addon";
import { METRICS_SERVER_PODS, toApiServer, toNodes } from "./monitoring-connections";
import { perCidr, tcp } from "./network-connections";

function metricsServerConnections(config: PlatformConfig): Connection[] {
  const { cidrs } = config.network.apiServer;
  return [
    ...toApiServer(config, METRICS_SERVER_PODS, "metrics-server", "metrics-server reads nodes and pods and delegates auth"),
    ...toNodes(
      config,
      METRICS_SERVER_PODS,
      "metrics-server",
      "kubelet",
      [PORTS.kubelet],
      "metrics-server reads the kubelets' resource metrics",
    ),
    ...perCidr("apiserver-to-metrics-server", cidrs, (apiServer) => ({
      from: apiServer,
      to: METRICS_SERVER_PODS,
      ports: tcp(PORTS.metricsServer),
      reason: "the API server proxies metrics.k8s.io requests to metrics-server",
    })),
  ];
}

/** metrics-server and its APIService (HPA, `kubectl top`). */
export class MetricsServerChart extends Chart {
  constructor(scope: Construct, id: string, { config }: AddonContext) {
    super(scope, id, { disableResourceNameHashes: true });
    new MetricsServer(this, "metrics-server", { config });
  }
}

export const metricsServerAddon: Addon = {
  name: "metrics-server",
  description: "metrics-server behind APIService v1beta1.metrics.k8s.io",
  dependsOn: ["namespaces"],
  enabled: (config: PlatformConfig) => config.monitoring.enabled,
  connections: metricsServerConnections,
  create: (scope, context) => new MetricsServerChart(scope, "metrics-server", context),
};
