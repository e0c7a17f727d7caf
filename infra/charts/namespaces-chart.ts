import { Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import type { Construct } from "constructs";
import { keelsonNamespaces } from "../config";
import type { Addon, AddonContext } from "./addon";

const POD_SECURITY_VERSION = "latest";

/**
 * The namespaces Keelson owns, labelled for Pod Security admission, each with a default-deny
 * NetworkPolicy for ingress and egress. Paths are opened only by connections declared in the model.
 */
export class NamespacesChart extends Chart {
  constructor(scope: Construct, id: string, { config }: AddonContext) {
    super(scope, id, { disableResourceNameHashes: true });
    for (const ns of keelsonNamespaces(config)) {
      new k8s.KubeNamespace(this, ns.name, {
        metadata: {
          name: ns.name,
          labels: {
            "app.kubernetes.io/part-of": "keelson",
            "pod-security.kubernetes.io/enforce": ns.podSecurity,
            "pod-security.kubernetes.io/enforce-version": POD_SECURITY_VERSION,
            "pod-security.kubernetes.io/audit": ns.podSecurity,
            "pod-security.kubernetes.io/warn": ns.podSecurity,
          },
          ...(ns.reason ? { annotations: { "keelson.dev/pod-security-reason": ns.reason } } : {}),
        },
      });
      if (config.network.defaultDeny) {
        new k8s.KubeNetworkPolicy(this, `${ns.name}-default-deny`, {
          metadata: { name: "default-deny", namespace: ns.name },
          spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
        });
      }
    }
  }
}

export const namespacesAddon: Addon = {
  name: "namespaces",
  description: "Keelson namespaces with Pod Security labels and default-deny NetworkPolicies",
  dependsOn: [],
  enabled: () => true,
  create: (scope, context) => new NamespacesChart(scope, "namespaces", context),
};
