/** The reasons behind the exceptions in exceptions.ts, grouped by why a workload needs them. */

/** Why a pod needs its service-account token: it is a client of the Kubernetes API (its RBAC is least privilege). */
export const TOKEN = {
  coredns: "The kubernetes plugin watches Services, Namespaces and EndpointSlices with this token (list/watch only)",
  autoscaler:
    "cluster-proportional-autoscaler counts nodes and scales the coredns Deployment through the API (one ConfigMap, one Deployment)",
  kubeStateMetrics:
    "kube-state-metrics lists and watches the objects it reports on through the API (list/watch only, no Secrets)",
  metricsServer: "metrics-server reads nodes and pods and serves the aggregated metrics API with delegated authentication",
  prometheus: "Kubernetes service discovery lists nodes, pods, services and endpoints through the API (get/list/watch only)",
  logCollector:
    "The k8sattributes processor reads pod, namespace and ReplicaSet metadata to label log lines (get/list/watch only)",
  headlamp:
    "In-cluster mode builds its API client from the mounted CA and address; the account is bound to nothing, requests use the user's own token",
  dashboard:
    "The Dashboard reads and updates its own Secrets and settings ConfigMap (its Role); users' requests carry their own token",
  kubeRouter:
    "kube-router watches pods, namespaces, NetworkPolicies, services and nodes to program the node (read-only, plus its leases)",
} as const;

/** Why a pod touches the host. */
export const HOST = {
  nodeExporter:
    "node-exporter reports the node itself: hostNetwork for its interfaces, hostPID for the host's /proc, hostPath / read-only for filesystems",
  nodeLocalDns:
    "As upstream nodelocaldns: it answers on a link-local address and intercepts the kube-dns IP on each node (host network), sharing the node's xtables lock",
  etcdBackup:
    "etcd listens on the control-plane node's 127.0.0.1 (kubeadm) and its client certificate is a file on that node; snapshots go to a hostPath directory",
} as const;

/**
 * Why a container runs as a low (< 10000) but non-root UID: Checkov's CKV_K8S_40 wants a high UID to avoid
 * sharing a UID with a host user. These images ship files owned by their own user, and the tests run the
 * image's real program as exactly that user; the pods are non-root, drop every capability and cannot escalate.
 */
export const IMAGE_USER = {
  nginx:
    "Runs as uid 101, the nginx user of the nginx-unprivileged base image that the tests run as; non-root, no capability, no escalation",
  headlamp: "Runs as uid 100, the user of the upstream Headlamp image and chart; non-root, no capability, no escalation",
  dashboard:
    "Runs as uid 1001, the user of the upstream Dashboard v2.7.0 image and manifest; non-root, no capability, no escalation",
} as const;

/** Why a container runs as root (it still drops every capability it does not list and cannot escalate). */
export const ROOT = {
  logCollector:
    "The log files under /var/log/pods are root-owned with mode 0640; root reads them as their owner. No capability, no escalation, read-only root filesystem",
  nodeLocalDns:
    "node-cache creates a dummy interface and iptables NOTRACK rules on the node: root with NET_ADMIN, NET_RAW and NET_BIND_SERVICE only, as upstream",
  etcdBackup:
    "kubeadm's etcd client key is root-owned with mode 0600 on the host and hostPath ignores fsGroup; no capability, no escalation, key mounted read-only",
} as const;

export const CNI =
  "A CNI: kube-router programs routes, iptables/ipset and BGP on the node (privileged, host network and PID) and installs the CNI plugin (hostPath). Opt-in, self-managed clusters only";
export const NO_READINESS =
  "A host-network DaemonSet behind no Service: readiness would gate no traffic; the liveness probe restarts it, as upstream";
