import { COREDNS_PORTS, NODE_LOCAL_DNS_PORTS } from "../config/dns";
import { keelsonNamespaces, NAMESPACE, type PlatformConfig } from "../config";
import type { CidrEndpoint, Connection, PodEndpoint } from "./addon";

type Port = Connection["ports"][number];

export const tcp = (...ports: number[]): Port[] => ports.map((port) => ({ port, protocol: "TCP" }));

/** One connection per CIDR block, named `<name>`, or `<name>-<i>` when there are several. */
export function perCidr(
  name: string,
  cidrs: readonly string[],
  connection: (to: CidrEndpoint) => Omit<Connection, "name">,
): Connection[] {
  return cidrs.map((cidr, i) => ({ name: cidrs.length === 1 ? name : `${name}-${i}`, ...connection({ kind: "cidr", cidr }) }));
}

/** The cluster DNS pods: Keelson's CoreDNS or the provider's, both labelled `k8s-app: kube-dns` in kube-system. */
export const DNS_PODS: PodEndpoint = { kind: "pods", namespace: NAMESPACE.kubeSystem, podLabels: { "k8s-app": "kube-dns" } };

/**
 * The ports DNS pods receive on. NetworkPolicy matches the pod's port after the Service is translated:
 * Keelson's CoreDNS listens on 1053 (no capability needed); a provider's CoreDNS/kube-dns (dns addon off)
 * on 53.
 */
export function dnsPodPorts(config: PlatformConfig): Port[] {
  const port = config.dns.enabled ? COREDNS_PORTS.dns : 53;
  return [
    { port, protocol: "UDP" },
    { port, protocol: "TCP" },
  ];
}

function cidrOf(ip: string): string {
  return ip.includes(":") ? `${ip}/128` : `${ip}/32`;
}

/**
 * Every pod in every Keelson namespace may query the cluster DNS: the CoreDNS pods and, with NodeLocal
 * DNSCache, the node-local addresses (its link-local IP and the kube-dns IP it intercepts on each node;
 * NetworkPolicy sees those untranslated, as the cache answers on the host network).
 */
export function dnsConnections(config: PlatformConfig): Connection[] {
  const reason = "every pod resolves names with the cluster DNS";
  return keelsonNamespaces(config).flatMap(({ name: ns }) => {
    const from: PodEndpoint = { kind: "pods", namespace: ns, podLabels: {} };
    const toPods: Connection = { name: `dns-from-${ns}`, from, to: DNS_PODS, ports: dnsPodPorts(config), reason };
    if (!(config.dns.enabled && config.dns.nodeLocal.enabled)) return [toPods];
    const nodeLocalPorts: Port[] = [
      { port: NODE_LOCAL_DNS_PORTS.dns, protocol: "UDP" },
      { port: NODE_LOCAL_DNS_PORTS.dns, protocol: "TCP" },
    ];
    const local = (suffix: string, ip: string): Connection => ({
      name: `dns-${suffix}-from-${ns}`,
      from,
      to: { kind: "cidr", cidr: cidrOf(ip) },
      ports: nodeLocalPorts,
      reason: `${reason} (NodeLocal DNSCache on the node)`,
    });
    return [toPods, local("node-local", config.dns.nodeLocal.localIP), local("service-ip", config.dns.clusterIP)];
  });
}

/**
 * Egress from `from` to the Kubernetes API server, one connection per `network.apiServer.cidrs` entry
 * (named `<name>`, or `<name>-<i>` when there are several). Addons that talk to the API declare these.
 */
export function apiServerConnections(config: PlatformConfig, name: string, from: PodEndpoint, reason: string): Connection[] {
  const { cidrs, ports } = config.network.apiServer;
  return perCidr(name, cidrs, (to) => ({ from, to, ports: tcp(...ports), reason }));
}
