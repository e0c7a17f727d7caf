import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { COREDNS_PORTS } from "../../config/dns";
import { workloadLabels } from "../workload-defaults";
import { COREDNS_SELECTOR, DNS_NAMES } from "./names";

export interface KubeDnsServiceProps {
  /** The Service's cluster IP: the address in every pod's resolv.conf (kubelet `clusterDNS`). @default allocated by the API server */
  readonly clusterIP?: string;
  /** @default "kube-dns" */
  readonly name?: string;
  /** Serve the metrics port too (the scrape target for Prometheus). @default true */
  readonly metrics?: boolean;
}

/** The Service's ports: DNS on 53 and, when asked, metrics, each mapped to the CoreDNS pods' named port. */
function servicePorts(metrics: boolean): k8s.ServicePort[] {
  const named = (name: string, port: number, protocol: "TCP" | "UDP"): k8s.ServicePort => ({
    name,
    port,
    protocol,
    targetPort: k8s.IntOrString.fromString(name),
  });
  return [
    named("dns", 53, "UDP"),
    named("dns-tcp", 53, "TCP"),
    ...(metrics ? [named("metrics", COREDNS_PORTS.metrics, "TCP")] : []),
  ];
}

/**
 * The `kube-dns` Service: a fixed cluster IP, DNS on 53 (UDP and TCP) and CoreDNS metrics on 9153
 * (port name `metrics`), selected by `k8s-app: kube-dns` as Prometheus scrape configs expect.
 */
export class KubeDnsService extends Construct {
  constructor(scope: Construct, id: string, props: KubeDnsServiceProps) {
    super(scope, id);
    const metrics = props.metrics ?? true;
    new k8s.KubeService(this, "service", {
      metadata: {
        name: props.name ?? DNS_NAMES.service,
        namespace: DNS_NAMES.namespace,
        labels: {
          ...workloadLabels("coredns", "dns"),
          ...COREDNS_SELECTOR,
          "kubernetes.io/name": "CoreDNS",
          "kubernetes.io/cluster-service": "true",
        },
        ...(metrics
          ? { annotations: { "prometheus.io/scrape": "true", "prometheus.io/port": String(COREDNS_PORTS.metrics) } }
          : {}),
      },
      spec: {
        type: "ClusterIP",
        ...(props.clusterIP === undefined ? {} : { clusterIp: props.clusterIP }),
        selector: { ...COREDNS_SELECTOR },
        ports: servicePorts(metrics),
      },
    });
  }
}
