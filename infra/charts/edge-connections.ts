import { isIP } from "node:net";
import { NAMESPACE } from "../config";
import type { EdgeConfig } from "../config/edge";
import type { EdgeUpstreamConfig } from "../config/edge-upstream";
import { anyTls } from "../config/edge-validate";
import { EDGE_SELECTOR } from "../constructs/edge";
import type { Connection, PodEndpoint } from "./addon";

type Port = Connection["ports"][number];

/** The edge pods. */
export const EDGE_PODS: PodEndpoint = { kind: "pods", namespace: NAMESPACE.edge, podLabels: EDGE_SELECTOR };
/** The cluster DNS pods (CoreDNS keeps the kube-dns labels for compatibility). */
export const CLUSTER_DNS_PODS: PodEndpoint = {
  kind: "pods",
  namespace: NAMESPACE.kubeSystem,
  podLabels: { "k8s-app": "kube-dns" },
};

function serverHostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(":");
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ""), port: Number(address.slice(at + 1)) };
}

function upstreamConnections(name: string, u: EdgeUpstreamConfig): Connection[] {
  const reason = `edge upstream ${name}`;
  if (u.service !== undefined) {
    const podLabels = u.service.podLabels ?? { "app.kubernetes.io/name": u.service.name };
    const to: PodEndpoint = { kind: "pods", namespace: u.service.namespace, podLabels };
    return [
      {
        name: `edge-to-${name}`,
        from: EDGE_PODS,
        to,
        ports: [{ port: u.service.podPort ?? u.service.port, protocol: "TCP" }],
        reason,
      },
    ];
  }
  const servers = (u.servers ?? []).map((s) => serverHostPort(s.address));
  const ports: Port[] = [...new Set(servers.map((s) => s.port))].sort((a, b) => a - b).map((port) => ({ port, protocol: "TCP" }));
  const hostCidrs = servers.filter((s) => isIP(s.host) !== 0).map((s) => `${s.host}/${isIP(s.host) === 4 ? 32 : 128}`);
  const cidrs = [...new Set([...u.egressCidrs, ...hostCidrs])].sort();
  return cidrs.map((cidr, i) => ({ name: `edge-to-${name}-${i}`, from: EDGE_PODS, to: { kind: "cidr", cidr }, ports, reason }));
}

/**
 * The network paths of the edge tier: clients anywhere to the public ports, the edge to each upstream
 * (the pods behind a Service, or the servers' addresses) and, unless Keelson's DNS addon opens it for
 * every pod, to the cluster DNS (resolver, `resolve`).
 */
export function edgeConnections(edge: EdgeConfig, clusterDnsByKeelson: boolean): Connection[] {
  const publicPorts: Port[] = [
    { port: edge.ports.http, protocol: "TCP" },
    ...(anyTls(edge) ? [{ port: edge.ports.https, protocol: "TCP" } as const] : []),
  ];
  const internet = (name: string, cidr: string): Connection => ({
    name,
    from: { kind: "cidr", cidr },
    to: EDGE_PODS,
    ports: publicPorts,
    reason: "clients reach the edge tier's public ports",
  });
  const dnsPorts: Port[] = [
    { port: 53, protocol: "UDP" },
    { port: 53, protocol: "TCP" },
  ];
  return [
    internet("internet-to-edge", "0.0.0.0/0"),
    internet("internet-v6-to-edge", "::/0"),
    // Keelson's DNS addon opens DNS for every pod of its namespaces itself (its CoreDNS pods listen on a
    // high port, NodeLocal DNSCache on the node); a cluster's own kube-dns pods listen on 53.
    ...(clusterDnsByKeelson
      ? []
      : [
          {
            name: "edge-to-dns",
            from: EDGE_PODS,
            to: CLUSTER_DNS_PODS,
            ports: dnsPorts,
            reason: "nginx resolves upstream names (resolver, resolve)",
          },
        ]),
    ...Object.keys(edge.upstreams)
      .sort()
      .flatMap((name) => upstreamConnections(name, edge.upstreams[name]!)),
  ];
}
