import { NAMESPACE } from "../../config/namespaces";

/**
 * The names kube-system, kubeadm and every kubelet look CoreDNS up by. They never get hash suffixes:
 * kubelet's `clusterDNS` points at the kube-dns Service IP, kubeadm upgrades patch `coredns`, and
 * Prometheus selects `k8s-app: kube-dns`.
 */
export const DNS_NAMES = {
  namespace: NAMESPACE.kubeSystem,
  serviceAccount: "coredns",
  clusterRole: "system:coredns",
  clusterRoleBinding: "system:coredns",
  configMap: "coredns",
  deployment: "coredns",
  service: "kube-dns",
  autoscaler: "coredns-autoscaler",
  nodeLocal: "node-local-dns",
  nodeLocalUpstreamService: "kube-dns-upstream",
} as const;

/** The selector of CoreDNS pods, as kubeadm sets it (a Deployment's selector is immutable). */
export const COREDNS_SELECTOR = { "k8s-app": "kube-dns" } as const;
export const NODE_LOCAL_SELECTOR = { "k8s-app": "node-local-dns" } as const;
