import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import type { DnsConfig } from "../../config/dns";
import {
  resourceRequirements,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  workloadLabels,
  imagePullPolicy,
} from "../workload-defaults";
import { DNS_NAMES } from "./names";

export interface DnsAutoscalerProps {
  readonly dns: DnsConfig;
}

const HEALTH_PORT = 8080; // cluster-proportional-autoscaler pkg/autoscaler/health.go

/** The `linear` parameters, as the autoscaler reads them from its ConfigMap (JSON). */
export function linearParams(dns: DnsConfig): string {
  const a = dns.autoscaler;
  return JSON.stringify({
    coresPerReplica: a.coresPerReplica,
    nodesPerReplica: a.nodesPerReplica,
    min: a.min ?? dns.replicas,
    max: a.max,
    preventSinglePointFailure: a.preventSinglePointFailure,
    includeUnschedulableNodes: true,
  });
}

function rbac(scope: Construct, labels: Record<string, string>): void {
  const ns = DNS_NAMES.namespace;
  const name = DNS_NAMES.autoscaler;
  new k8s.KubeServiceAccount(scope, "service-account", {
    metadata: { name, namespace: ns, labels },
    automountServiceAccountToken: false,
  });
  // Counting nodes and cores is cluster-wide; everything else is limited to one ConfigMap and one Deployment.
  new k8s.KubeClusterRole(scope, "cluster-role", {
    metadata: { name: `keelson:${name}`, labels },
    rules: [{ apiGroups: [""], resources: ["nodes"], verbs: ["list", "watch"] }],
  });
  new k8s.KubeClusterRoleBinding(scope, "cluster-role-binding", {
    metadata: { name: `keelson:${name}`, labels },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `keelson:${name}` },
    subjects: [{ kind: "ServiceAccount", name, namespace: ns }],
  });
  new k8s.KubeRole(scope, "role", {
    metadata: { name, namespace: ns, labels },
    rules: [
      { apiGroups: [""], resources: ["configmaps"], resourceNames: [name], verbs: ["get"] },
      { apiGroups: ["apps"], resources: ["deployments/scale"], resourceNames: [DNS_NAMES.deployment], verbs: ["get", "update"] },
    ],
  });
  new k8s.KubeRoleBinding(scope, "role-binding", {
    metadata: { name, namespace: ns, labels },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
    subjects: [{ kind: "ServiceAccount", name, namespace: ns }],
  });
}

function container(dns: DnsConfig): k8s.Container {
  return {
    name: "autoscaler",
    image: dns.autoscaler.image,
    imagePullPolicy: imagePullPolicy(dns.autoscaler.image),
    args: [
      `--namespace=${DNS_NAMES.namespace}`,
      `--configmap=${DNS_NAMES.autoscaler}`,
      `--target=deployment/${DNS_NAMES.deployment}`,
      "--logtostderr=true",
      "--v=2",
    ],
    resources: resourceRequirements(dns.autoscaler.resources),
    securityContext: restrictedContainerSecurityContext(),
    livenessProbe: { httpGet: { path: "/healthz", port: k8s.IntOrString.fromNumber(HEALTH_PORT) } },
    readinessProbe: { httpGet: { path: "/healthz", port: k8s.IntOrString.fromNumber(HEALTH_PORT) } },
  };
}

/**
 * cluster-proportional-autoscaler for CoreDNS: sets `coredns` replicas to
 * max(ceil(cores / coresPerReplica), ceil(nodes / nodesPerReplica)) within [min, max].
 * Its parameters live in a ConfigMap Keelson owns, so no `--default-params` (and no create right).
 */
export class DnsAutoscaler extends Construct {
  constructor(scope: Construct, id: string, props: DnsAutoscalerProps) {
    super(scope, id);
    const name = DNS_NAMES.autoscaler;
    const labels = workloadLabels(name, "dns-autoscaler");
    rbac(this, labels);
    new k8s.KubeConfigMap(this, "config", {
      metadata: { name, namespace: DNS_NAMES.namespace, labels },
      data: { linear: linearParams(props.dns) },
    });
    new k8s.KubeDeployment(this, "deployment", {
      metadata: { name, namespace: DNS_NAMES.namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { "app.kubernetes.io/name": name } },
        template: {
          metadata: { labels },
          spec: {
            priorityClassName: "system-cluster-critical",
            serviceAccountName: name,
            // It reads nodes and scales the Deployment through the API.
            automountServiceAccountToken: true,
            securityContext: restrictedPodSecurityContext(),
            nodeSelector: { "kubernetes.io/os": "linux" },
            tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
            containers: [container(props.dns)],
          },
        },
      },
    });
  }
}
