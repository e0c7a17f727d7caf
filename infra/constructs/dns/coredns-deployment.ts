import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { COREDNS_PORTS, type DnsConfig } from "../../config/dns";
import {
  CONFIG_HASH_ANNOTATION,
  configHash,
  resourceRequirements,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  workloadLabels,
  imagePullPolicy,
} from "../workload-defaults";
import { COREDNS_SELECTOR, DNS_NAMES } from "./names";

export interface CoreDnsDeploymentProps {
  readonly dns: DnsConfig;
  /** The rendered Corefile (see infra/render/corefile). */
  readonly corefile: string;
  /** Add a PodDisruptionBudget (maxUnavailable 1). @default false */
  readonly podDisruptionBudget?: boolean;
  /** Leave `replicas` unset so the cluster-proportional-autoscaler owns it. @default false */
  readonly replicasFromAutoscaler?: boolean;
}

const CONFIG_DIR = "/etc/coredns";

function container(dns: DnsConfig): k8s.Container {
  return {
    name: "coredns",
    image: dns.image,
    imagePullPolicy: imagePullPolicy(dns.image),
    args: ["-conf", `${CONFIG_DIR}/Corefile`],
    ports: [
      { name: "dns", containerPort: COREDNS_PORTS.dns, protocol: "UDP" },
      { name: "dns-tcp", containerPort: COREDNS_PORTS.dns, protocol: "TCP" },
      { name: "metrics", containerPort: COREDNS_PORTS.metrics, protocol: "TCP" },
    ],
    resources: resourceRequirements(dns.resources),
    // DNS listens on a high port, so no capability is needed (not even NET_BIND_SERVICE).
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: [{ name: "config-volume", mountPath: CONFIG_DIR, readOnly: true }],
    livenessProbe: {
      httpGet: { path: "/health", port: k8s.IntOrString.fromNumber(COREDNS_PORTS.health), scheme: "HTTP" },
      initialDelaySeconds: 60,
      timeoutSeconds: 5,
      successThreshold: 1,
      failureThreshold: 5,
    },
    readinessProbe: { httpGet: { path: "/ready", port: k8s.IntOrString.fromNumber(COREDNS_PORTS.ready), scheme: "HTTP" } },
  };
}

function podSpec(dns: DnsConfig): k8s.PodSpec {
  return {
    priorityClassName: "system-cluster-critical",
    serviceAccountName: DNS_NAMES.serviceAccount,
    // The kubernetes plugin watches services, namespaces and endpointslices with this token.
    automountServiceAccountToken: true,
    securityContext: restrictedPodSecurityContext(),
    // CoreDNS resolves upstream names with the node's resolvers, never with itself.
    dnsPolicy: "Default",
    nodeSelector: { "kubernetes.io/os": "linux" },
    tolerations: [
      { key: "CriticalAddonsOnly", operator: "Exists" },
      { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
    ],
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { ...COREDNS_SELECTOR } },
      },
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { ...COREDNS_SELECTOR } },
      },
    ],
    containers: [container(dns)],
    volumes: [
      { name: "config-volume", configMap: { name: DNS_NAMES.configMap, items: [{ key: "Corefile", path: "Corefile" }] } },
    ],
  };
}

/**
 * The CoreDNS ConfigMap and Deployment under kubeadm's names (`coredns` in kube-system, pods labelled
 * `k8s-app: kube-dns`), spread over nodes and zones, `system-cluster-critical`, non-root with a
 * read-only root filesystem and no capabilities, rolled when the Corefile changes.
 */
export class CoreDnsDeployment extends Construct {
  constructor(scope: Construct, id: string, props: CoreDnsDeploymentProps) {
    super(scope, id);
    const { dns } = props;
    const labels = { ...workloadLabels("coredns", "dns"), ...COREDNS_SELECTOR, "kubernetes.io/name": "CoreDNS" };
    new k8s.KubeConfigMap(this, "config", {
      metadata: { name: DNS_NAMES.configMap, namespace: DNS_NAMES.namespace, labels },
      data: { Corefile: props.corefile },
    });
    new k8s.KubeDeployment(this, "deployment", {
      metadata: { name: DNS_NAMES.deployment, namespace: DNS_NAMES.namespace, labels },
      spec: {
        replicas: props.replicasFromAutoscaler === true ? undefined : dns.replicas,
        revisionHistoryLimit: 5,
        strategy: {
          type: "RollingUpdate",
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1), maxSurge: k8s.IntOrString.fromString("25%") },
        },
        selector: { matchLabels: { ...COREDNS_SELECTOR } },
        template: {
          metadata: { labels, annotations: { [CONFIG_HASH_ANNOTATION]: configHash(props.corefile) } },
          spec: podSpec(dns),
        },
      },
    });
    if (props.podDisruptionBudget === true) {
      new k8s.KubePodDisruptionBudget(this, "pdb", {
        metadata: { name: DNS_NAMES.deployment, namespace: DNS_NAMES.namespace, labels },
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...COREDNS_SELECTOR } } },
      });
    }
  }
}
