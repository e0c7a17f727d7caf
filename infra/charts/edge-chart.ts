import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { builtImage, NAMESPACE, type PlatformConfig } from "../config";
import { DemoBackend, EdgeNginx, PodNetworkPolicy, EDGE_NAME, type NetworkRule } from "../constructs/edge";
import type { Addon, AddonContext, Connection, PodEndpoint } from "./addon";
import { edgeConnections, EDGE_PODS } from "./edge-connections";
import { demoBackendImage, effectiveEdge } from "./edge-contributions";

const samePods = (a: Connection["to"], b: PodEndpoint): boolean =>
  a.kind === "pods" && a.namespace === b.namespace && JSON.stringify(a.podLabels) === JSON.stringify(b.podLabels);

const rule = (c: Connection, side: "from" | "to"): NetworkRule => ({ peer: c[side], ports: c.ports });

/**
 * NetworkPolicies of the edge namespace, from the edge's own connections: the edge pods (ingress from
 * clients, egress to upstreams and DNS), and every upstream in this namespace (ingress from the edge).
 * Upstreams in other namespaces get their ingress rule from the network-policy chart.
 */
function networkPolicies(chart: Chart, connections: readonly Connection[]): void {
  const ingress = connections.filter((c) => samePods(c.to, EDGE_PODS));
  const egress = connections.filter((c) => c.from.kind === "pods" && samePods(c.from, EDGE_PODS));
  new PodNetworkPolicy(chart, "edge-policy", {
    name: EDGE_NAME,
    namespace: NAMESPACE.edge,
    podLabels: EDGE_PODS.podLabels,
    ingress: ingress.map((c) => rule(c, "from")),
    egress: egress.map((c) => rule(c, "to")),
    reason: "the edge tier: clients to the public ports; the edge to its upstreams and the cluster DNS",
  });
  for (const c of egress) {
    if (c.to.kind !== "pods" || c.to.namespace !== NAMESPACE.edge) continue;
    new PodNetworkPolicy(chart, `${c.name}-policy`, {
      name: c.name,
      namespace: NAMESPACE.edge,
      podLabels: c.to.podLabels,
      ingress: [rule(c, "from")],
      reason: c.reason,
    });
  }
}

/** The edge tier chart: nginx (+ exporter), the demo backend, and the edge namespace's NetworkPolicies. */
export class EdgeChart extends Chart {
  constructor(scope: Construct, id: string, { config }: AddonContext) {
    super(scope, id, { disableResourceNameHashes: true });
    const edge = effectiveEdge(config);
    const pdb = config.platform.podDisruptionBudgets;
    new EdgeNginx(this, "edge", {
      namespace: NAMESPACE.edge,
      edge,
      image: builtImage(config.images, EDGE_NAME),
      clusterDomain: config.platform.clusterDomain,
      podDisruptionBudget: pdb,
    });
    if (edge.demoBackend.enabled) {
      new DemoBackend(this, "demo-backend", {
        namespace: NAMESPACE.edge,
        image: demoBackendImage(config),
        replicas: edge.demoBackend.replicas,
        resources: edge.demoBackend.resources,
        podDisruptionBudget: pdb,
      });
    }
    if (config.network.defaultDeny) networkPolicies(this, edgeConnections(edge));
  }
}

export const edgeAddon: Addon = {
  name: "edge",
  description: "NGINX edge tier: reverse proxy, cache and load balancer, with the demo backend",
  dependsOn: ["namespaces"],
  enabled: (config: PlatformConfig) => config.edge.enabled,
  connections: (config: PlatformConfig) => edgeConnections(effectiveEdge(config)),
  create: (scope, context) => new EdgeChart(scope, "edge", context),
};
