import { NAMESPACE, type PlatformConfig } from "../config";
import { APP, PORTS, podScrapeTargets } from "../render/prometheus/targets";
import type { CidrEndpoint, Connection, PodEndpoint } from "./addon";
import { apiServerConnections, perCidr, tcp } from "./network-connections";

/** Receivers outside the cluster (Alertmanager webhooks): any address, narrowed by port. */
const ANY_ADDRESS: readonly CidrEndpoint[] = [
  { kind: "cidr", cidr: "0.0.0.0/0" },
  { kind: "cidr", cidr: "::/0" },
];

const pods = (namespace: string, name: string): PodEndpoint => ({
  kind: "pods",
  namespace,
  podLabels: { "app.kubernetes.io/name": name },
});
export const PROMETHEUS_PODS = pods(NAMESPACE.monitoring, APP.prometheus);
const ALERTMANAGER_PODS = pods(NAMESPACE.monitoring, APP.alertmanager);
export const GRAFANA_PODS = pods(NAMESPACE.monitoring, APP.grafana);
export const KSM_PODS = pods(NAMESPACE.monitoring, APP.kubeStateMetrics);
export const METRICS_SERVER_PODS = pods(NAMESPACE.monitoring, APP.metricsServer);
export const COLLECTOR_PODS = pods(NAMESPACE.nodeAgents, APP.collector);
export const LOKI_PODS = pods(NAMESPACE.logging, APP.loki);
/** `<who>-to-apiserver[-i]`: one connection per API server CIDR (network.apiServer); DNS is opened for every pod by the network-policy addon. */
export function toApiServer(config: PlatformConfig, from: PodEndpoint, who: string, reason: string): Connection[] {
  return apiServerConnections(config, `${who}-to-apiserver`, from, reason);
}

/** `<who>-to-<what>[-v6]` to any address on the given ports (endpoints outside the cluster). */
function toAnyAddress(from: PodEndpoint, who: string, what: string, ports: readonly number[], reason: string): Connection[] {
  return ANY_ADDRESS.map((to, i) => ({
    name: `${who}-to-${what}${i === 0 ? "" : "-v6"}`,
    from,
    to,
    ports: tcp(...ports),
    reason,
  }));
}

/**
 * `<who>-to-<what>[-<i>]` to the nodes' addresses (`network.nodeCidrs`, one connection per CIDR, `-<i>`
 * when there are several) on the given ports: host-network endpoints such as kubelets, node-exporter and
 * NodeLocal DNSCache, which a NetworkPolicy cannot select as pods.
 */
export function toNodes(
  config: PlatformConfig,
  from: PodEndpoint,
  who: string,
  what: string,
  ports: readonly number[],
  reason: string,
): Connection[] {
  return perCidr(`${who}-to-${what}`, config.network.nodeCidrs, (to) => ({ from, to, ports: tcp(...ports), reason }));
}

/**
 * Prometheus's paths: every pod scrape target (by its pod labels, or by node address and port for
 * host-network pods), the API server, the kubelets, and the Alertmanagers it sends alerts to. Services
 * annotated for scraping are not known in advance: their owners declare the path (docs/monitoring.md).
 */
export function prometheusConnections(config: PlatformConfig): Connection[] {
  const scrape = podScrapeTargets(config).flatMap((t): Connection[] => {
    const reason = `Prometheus scrapes ${t.job}`;
    if (t.hostNetwork) return toNodes(config, PROMETHEUS_PODS, "prometheus", t.job, [t.portNumber], reason);
    return [
      {
        name: `prometheus-to-${t.job}`,
        from: PROMETHEUS_PODS,
        to: { kind: "pods", namespace: t.namespace, podLabels: t.podLabels },
        ports: tcp(t.portNumber),
        reason,
      },
    ];
  });
  return [
    ...scrape.filter((c) => c.name !== "prometheus-to-alertmanager"),
    {
      name: "prometheus-to-alertmanager",
      from: PROMETHEUS_PODS,
      to: ALERTMANAGER_PODS,
      ports: tcp(PORTS.alertmanager),
      reason: "Prometheus sends alerts to, and scrapes, Alertmanager",
    },
    ...toApiServer(config, PROMETHEUS_PODS, "prometheus", "Kubernetes service discovery and API server metrics"),
    ...toNodes(
      config,
      PROMETHEUS_PODS,
      "prometheus",
      "kubelet",
      [PORTS.kubelet],
      "Prometheus scrapes the kubelets (kubelet and cAdvisor metrics)",
    ),
  ];
}

export function alertmanagerConnections(config: PlatformConfig): Connection[] {
  const am = config.monitoring.alertmanager;
  const out: Connection[] = [];
  if (am.replicas > 1) {
    out.push({
      name: "alertmanager-cluster",
      from: ALERTMANAGER_PODS,
      to: ALERTMANAGER_PODS,
      ports: [
        { port: PORTS.alertmanagerCluster, protocol: "TCP" },
        { port: PORTS.alertmanagerCluster, protocol: "UDP" },
      ],
      reason: "Alertmanager replicas gossip (deduplication, silences)",
    });
  }
  if (am.receivers.length > 0) {
    out.push(
      ...toAnyAddress(ALERTMANAGER_PODS, "alertmanager", "receivers", [443], "Alertmanager notifies receivers over HTTPS"),
    );
  }
  return out;
}
