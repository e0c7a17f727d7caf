import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { builtImage, NAMESPACE, type PlatformConfig } from "../config";
import { DemoBackend, EdgeNginx, EDGE_NAME } from "../constructs/edge";
import type { Addon, AddonContext } from "./addon";
import { edgeConnections } from "./edge-connections";
import { demoBackendImage, effectiveEdge } from "./edge-contributions";

/**
 * The edge tier chart: nginx (+ exporter) and the demo backend. Its network paths are declared as
 * connections (edgeConnections); the network-policy chart turns them into the NetworkPolicies of both
 * sides (ingress to the edge on the public ports only, egress only to the upstreams and the cluster DNS).
 */
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
  }
}

export const edgeAddon: Addon = {
  name: "edge",
  description: "NGINX edge tier: reverse proxy, cache and load balancer, with the demo backend",
  // The cluster DNS answers the `resolver` name at nginx start-up (dropped when Keelson's dns addon is off).
  dependsOn: ["namespaces", "dns"],
  enabled: (config: PlatformConfig) => config.edge.enabled,
  connections: (config: PlatformConfig) => edgeConnections(effectiveEdge(config), config.dns.enabled),
  create: (scope, context) => new EdgeChart(scope, "edge", context),
};
