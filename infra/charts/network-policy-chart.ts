import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { keelsonNamespaces } from "../config";
import { ConnectionPolicies } from "../constructs/network";
import type { Addon, AddonContext } from "./addon";
import { dnsConnections } from "./network-connections";

/**
 * Allow rules for every connection the enabled addons declare (see Connection in addon.ts), in the
 * namespaces Keelson owns. The namespaces chart puts a default-deny policy in each of them, so a path
 * that is not declared stays closed. Only with `network.defaultDeny` (without it, an allow policy would
 * isolate the pods it selects and nothing else, which no one expects).
 */
export class NetworkPolicyChart extends Chart {
  constructor(scope: Construct, id: string, { config, connections }: AddonContext) {
    super(scope, id, { disableResourceNameHashes: true });
    new ConnectionPolicies(this, "connections", {
      connections,
      ownedNamespaces: keelsonNamespaces(config).map((ns) => ns.name),
    });
  }
}

export const networkPoliciesAddon: Addon = {
  name: "network-policies",
  description: "NetworkPolicy allow rules generated from the connections the addons declare",
  dependsOn: ["namespaces"],
  enabled: (config) => config.network.defaultDeny,
  connections: dnsConnections,
  create: (scope, context) => new NetworkPolicyChart(scope, "network-policies", context),
};
