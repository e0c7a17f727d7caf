import { NAMESPACE, type PlatformConfig } from "../../config";
import { NODE_LOCAL_DNS_PORTS } from "../../config/dns";
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

/** A Keelson workload's pods, selected by `app.kubernetes.io/name`, on one named port. */
function keelsonPods(
  job: string,
  namespace: string,
  app: string,
  port: string,
  portNumber: number,
  hostNetwork = false,
): PodTarget {
  return { job, namespace, podLabels: { [NAME_LABEL]: app }, port, portNumber, ...(hostNetwork ? { hostNetwork } : {}) };
}

/**
 * kubeadm's static pods serve metrics over HTTPS with a self-signed certificate that no CA vouches for
 * (so these jobs skip verification) and authorise requests by token; they exist only on self-managed clusters.
 */
function controlPlaneTarget(component: "kube-scheduler" | "kube-controller-manager", port: number): PodTarget {
  const base = { namespace: NAMESPACE.kubeSystem, podLabels: { component }, port, portNumber: port, hostNetwork: true };
  return { job: component, ...base, scheme: "https", insecureSkipVerify: true, authenticate: true };
}

/**
 * NodeLocal DNSCache (the dns addon's `node-local-dns` DaemonSet): CoreDNS metrics on every node's
 * address, port 9253 (host network), pods labelled `k8s-app=node-local-dns`.
 */
function nodeLocalDnsTarget(): PodTarget {
  const port = NODE_LOCAL_DNS_PORTS.metrics;
  const podLabels = { "k8s-app": "node-local-dns" };
  const target = { namespace: NAMESPACE.kubeSystem, podLabels, port, portNumber: port, hostNetwork: true };
  return { job: "node-local-dns", ...target, annotatedService: "node-local-dns" };
}

/**
 * Every pod scrape target of the platform, for this config. The edge exporter and CoreDNS are scraped
 * by the contract their owners publish: the edge pods carry `app.kubernetes.io/name=edge-nginx` and a
 * container port named `metrics`; CoreDNS pods carry `k8s-app=kube-dns` and serve metrics on 9153;
 * with NodeLocal DNSCache, its pods carry `k8s-app=node-local-dns` and serve metrics on 9253.
 */
export function podScrapeTargets(config: PlatformConfig): PodTarget[] {
  const mon = NAMESPACE.monitoring;
  const targets: PodTarget[] = [
    keelsonPods("prometheus", mon, APP.prometheus, "web", PORTS.prometheus),
    keelsonPods("alertmanager", mon, APP.alertmanager, "web", PORTS.alertmanager),
    keelsonPods("kube-state-metrics", mon, APP.kubeStateMetrics, "http-metrics", PORTS.kubeStateMetrics),
    keelsonPods("node-exporter", NAMESPACE.nodeAgents, APP.nodeExporter, "metrics", PORTS.nodeExporter, true),
    keelsonPods("grafana", mon, APP.grafana, "http", PORTS.grafana),
    {
      job: "coredns",
      namespace: NAMESPACE.kubeSystem,
      podLabels: { "k8s-app": "kube-dns" },
      port: PORTS.coreDns,
      portNumber: PORTS.coreDns,
      annotatedService: "kube-dns",
    },
  ];
  if (config.dns.enabled && config.dns.nodeLocal.enabled) targets.push(nodeLocalDnsTarget());
  if (config.edge.enabled) targets.push(keelsonPods("edge", NAMESPACE.edge, APP.edge, "metrics", config.edge.ports.metrics));
  if (config.logging.enabled) {
    targets.push(
      keelsonPods("log-collector", NAMESPACE.nodeAgents, APP.collector, "metrics", PORTS.collectorMetrics),
      keelsonPods("loki", NAMESPACE.logging, APP.loki, "http", PORTS.loki),
    );
  }
  if (config.platform.clusterType === "self-managed") {
    targets.push(controlPlaneTarget("kube-scheduler", 10259), controlPlaneTarget("kube-controller-manager", 10257));
  }
  return targets;
}
