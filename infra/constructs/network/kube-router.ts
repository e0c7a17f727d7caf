import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import type { NetworkConfig } from "../../config/network";
import { NAMESPACE } from "../../config/namespaces";
import { resourceRequirements, workloadLabels, imagePullPolicy } from "../workload-defaults";

export interface KubeRouterProps {
  readonly cni: NetworkConfig["cni"];
}

const NAME = "kube-router";
const SELECTOR = { "k8s-app": NAME, tier: "node" };
const CNI_CONF_FILE = "/etc/cni/net.d/10-kuberouter.conflist";
const HEALTH_PORT = 20244; // kube-router --health-port default (docs/user-guide.md)

/** The CNI network configuration (bridge + host-local IPAM, portmap for hostPort), printed as JSON. */
export function cniConfList(cni: NetworkConfig["cni"]): string {
  const bridge = {
    name: "kubernetes",
    type: "bridge",
    bridge: "kube-bridge",
    isDefaultGateway: true,
    hairpinMode: true,
    ...(cni.mtu === null ? {} : { mtu: cni.mtu }),
    ipam: { type: "host-local" },
  };
  const portmap = { type: "portmap", capabilities: { portMappings: true }, snat: true };
  return `${JSON.stringify({ cniVersion: "0.3.0", name: "mynet", plugins: [bridge, portmap] }, null, 2)}\n`;
}

/** As upstream's daemonset/kubeadm-kuberouter.yaml init container: install the conflist and the CNI plugins once. */
const INSTALL_CNI = [
  "set -e",
  `if [ ! -f ${CNI_CONF_FILE} ]; then`,
  "  rm -f /etc/cni/net.d/*.conf",
  `  cp /etc/kube-router/cni-conf.json /etc/cni/net.d/.tmp-kuberouter-cfg`,
  `  mv /etc/cni/net.d/.tmp-kuberouter-cfg ${CNI_CONF_FILE}`,
  "fi",
  "if [ -x /usr/local/bin/cni-install ]; then /usr/local/bin/cni-install; fi",
].join("\n");

// Exception to every restricted rule, as any CNI: kube-router programs routes, iptables/ipset and
// BGP on the node (privileged, host network and PID namespace) and installs the CNI plugin into the
// node's /etc/cni/net.d and /opt/cni/bin (hostPath). It runs only where a self-managed cluster has no CNI.
const PRIVILEGED: k8s.SecurityContext = { privileged: true, seccompProfile: { type: "RuntimeDefault" } };

function installCni(cni: NetworkConfig["cni"]): k8s.Container {
  return {
    name: "install-cni",
    image: cni.image,
    imagePullPolicy: imagePullPolicy(cni.image),
    command: ["/bin/sh", "-c", INSTALL_CNI],
    resources: resourceRequirements(cni.resources),
    securityContext: PRIVILEGED,
    volumeMounts: [
      { name: "cni-conf-dir", mountPath: "/etc/cni/net.d" },
      { name: "kube-router-cfg", mountPath: "/etc/kube-router", readOnly: true },
      { name: "host-opt", mountPath: "/opt" },
    ],
  };
}

function router(cni: NetworkConfig["cni"]): k8s.Container {
  return {
    name: NAME,
    image: cni.image,
    imagePullPolicy: imagePullPolicy(cni.image),
    args: [`--run-router=${cni.runRouter}`, "--run-firewall=true", "--run-service-proxy=false", "--bgp-graceful-restart=true"],
    env: [
      { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
      { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
      { name: "KUBE_ROUTER_CNI_CONF_FILE", value: CNI_CONF_FILE },
    ],
    livenessProbe: {
      httpGet: { path: "/healthz", port: k8s.IntOrString.fromNumber(HEALTH_PORT) },
      initialDelaySeconds: 10,
      periodSeconds: 3,
    },
    resources: resourceRequirements(cni.resources),
    securityContext: PRIVILEGED,
    volumeMounts: [
      { name: "lib-modules", mountPath: "/lib/modules", readOnly: true },
      { name: "cni-conf-dir", mountPath: "/etc/cni/net.d" },
      { name: "xtables-lock", mountPath: "/run/xtables.lock" },
    ],
  };
}

const hostPath = (name: string, path: string, type?: string): k8s.Volume => ({
  name,
  hostPath: { path, ...(type ? { type } : {}) },
});

function podSpec(cni: NetworkConfig["cni"]): k8s.PodSpec {
  return {
    priorityClassName: "system-node-critical",
    serviceAccountName: NAME,
    automountServiceAccountToken: true, // watches pods, namespaces, NetworkPolicies and nodes
    hostNetwork: true,
    hostPid: true,
    tolerations: [
      { operator: "Exists", effect: "NoSchedule" },
      { operator: "Exists", effect: "NoExecute" },
      { key: "CriticalAddonsOnly", operator: "Exists" },
    ],
    initContainers: [installCni(cni)],
    containers: [router(cni)],
    volumes: [
      hostPath("lib-modules", "/lib/modules"),
      hostPath("cni-conf-dir", "/etc/cni/net.d"),
      { name: "kube-router-cfg", configMap: { name: "kube-router-cfg" } },
      hostPath("xtables-lock", "/run/xtables.lock", "FileOrCreate"),
      hostPath("host-opt", "/opt"),
    ],
  };
}

function rbac(scope: Construct, labels: Record<string, string>): void {
  new k8s.KubeServiceAccount(scope, "service-account", {
    metadata: { name: NAME, namespace: NAMESPACE.kubeSystem, labels },
    automountServiceAccountToken: false,
  });
  const read = ["get", "list", "watch"];
  new k8s.KubeClusterRole(scope, "cluster-role", {
    metadata: { name: NAME, labels },
    rules: [
      { apiGroups: [""], resources: ["namespaces", "nodes", "pods", "services", "endpoints"], verbs: read },
      { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: read },
      { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: read },
      { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "create", "update"] },
      { apiGroups: [""], resources: ["services/status"], verbs: ["update"] },
    ],
  });
  new k8s.KubeClusterRoleBinding(scope, "cluster-role-binding", {
    metadata: { name: NAME, labels },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: NAME },
    subjects: [{ kind: "ServiceAccount", name: NAME, namespace: NAMESPACE.kubeSystem }],
  });
}

/**
 * kube-router as the cluster's CNI: pod networking (bridge + BGP routes between nodes) and NetworkPolicy
 * enforcement, one DaemonSet in kube-system, no CRDs. kube-proxy stays the service proxy.
 */
export class KubeRouter extends Construct {
  constructor(scope: Construct, id: string, props: KubeRouterProps) {
    super(scope, id);
    const labels = { ...workloadLabels(NAME, "cni"), ...SELECTOR };
    rbac(this, labels);
    new k8s.KubeConfigMap(this, "config", {
      metadata: { name: "kube-router-cfg", namespace: NAMESPACE.kubeSystem, labels },
      data: { "cni-conf.json": cniConfList(props.cni) },
    });
    new k8s.KubeDaemonSet(this, "daemonset", {
      metadata: { name: NAME, namespace: NAMESPACE.kubeSystem, labels },
      spec: {
        selector: { matchLabels: { ...SELECTOR } },
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        template: { metadata: { labels }, spec: podSpec(props.cni) },
      },
    });
  }
}
