import { NAMESPACE, type PlatformConfig } from "../../config";
import type { PodTarget } from "./scrape-jobs";

/** Ports of the monitoring and logging workloads, shared by the constructs, the scrape jobs and the connections. */
export const PORTS = {
  prometheus: 9090,
  alertmanager: 9093,
  alertmanagerCluster: 9094,
  kubeStateMetrics: 8080,
  kubeStateMetricsTelemetry: 8081,
  nodeExporter: 9100,
  grafana: 3000,
  metricsServer: 10250,
  collectorMetrics: 8888,
  collectorHealth: 13133,
  loki: 3100,
  coreDns: 9153,
  kubelet: 10250,
} as const;

/** `app.kubernetes.io/name` of each Keelson workload, as selectors and scrape jobs see it. */
export const APP = {
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  kubeStateMetrics: "kube-state-metrics",
  nodeExporter: "node-exporter",
  grafana: "grafana",
  metricsServer: "metrics-server",
  collector: "log-collector",
  loki: "loki",
  edge: "edge-nginx",
} as const;

const NAME_LABEL = "app.kubernetes.io/name";

/**
 * Every pod scrape target of the platform, for this config. The edge exporter and CoreDNS are scraped
 * by the contract their owners publish: the edge pods carry `app.kubernetes.io/name=edge-nginx` and a
 * container port named `metrics`; CoreDNS pods carry `k8s-app=kube-dns` and serve metrics on 9153.
 */
export function podScrapeTargets(config: PlatformConfig): PodTarget[] {
  const mon = NAMESPACE.monitoring;
  const targets: PodTarget[] = [
    { job: "prometheus", namespace: mon, podLabels: { [NAME_LABEL]: APP.prometheus }, port: "web", portNumber: PORTS.prometheus },
    {
      job: "alertmanager",
      namespace: mon,
      podLabels: { [NAME_LABEL]: APP.alertmanager },
      port: "web",
      portNumber: PORTS.alertmanager,
    },
    {
      job: "kube-state-metrics",
      namespace: mon,
      podLabels: { [NAME_LABEL]: APP.kubeStateMetrics },
      port: "http-metrics",
      portNumber: PORTS.kubeStateMetrics,
    },
    {
      job: "node-exporter",
      namespace: NAMESPACE.nodeAgents,
      podLabels: { [NAME_LABEL]: APP.nodeExporter },
      port: "metrics",
      portNumber: PORTS.nodeExporter,
      hostNetwork: true,
    },
    { job: "grafana", namespace: mon, podLabels: { [NAME_LABEL]: APP.grafana }, port: "http", portNumber: PORTS.grafana },
    {
      job: "coredns",
      namespace: NAMESPACE.kubeSystem,
      podLabels: { "k8s-app": "kube-dns" },
      port: PORTS.coreDns,
      portNumber: PORTS.coreDns,
    },
  ];
  if (config.edge.enabled) {
    targets.push({
      job: "edge",
      namespace: NAMESPACE.edge,
      podLabels: { [NAME_LABEL]: APP.edge },
      port: "metrics",
      portNumber: config.edge.ports.metrics,
    });
  }
  if (config.logging.enabled) {
    targets.push(
      {
        job: "log-collector",
        namespace: NAMESPACE.nodeAgents,
        podLabels: { [NAME_LABEL]: APP.collector },
        port: "metrics",
        portNumber: PORTS.collectorMetrics,
      },
      { job: "loki", namespace: NAMESPACE.logging, podLabels: { [NAME_LABEL]: APP.loki }, port: "http", portNumber: PORTS.loki },
    );
  }
  if (config.platform.clusterType === "self-managed") {
    // kubeadm's static pods serve metrics over HTTPS with a self-signed certificate that no CA vouches
    // for, so these two jobs skip verification; they exist only on self-managed clusters.
    targets.push(
      {
        job: "kube-scheduler",
        namespace: NAMESPACE.kubeSystem,
        podLabels: { component: "kube-scheduler" },
        port: 10259,
        portNumber: 10259,
        hostNetwork: true,
        scheme: "https",
        insecureSkipVerify: true,
        authenticate: true,
      },
      {
        job: "kube-controller-manager",
        namespace: NAMESPACE.kubeSystem,
        podLabels: { component: "kube-controller-manager" },
        port: 10257,
        portNumber: 10257,
        hostNetwork: true,
        scheme: "https",
        insecureSkipVerify: true,
        authenticate: true,
      },
    );
  }
  return targets;
}
