import { seriesName as s, type AlertRule, type RuleGroup } from "../rules-model";

const KSM = { job: "kube-state-metrics" };
const condition = (node: string, type: string, status: string, value: string) => ({
  series: s("kube_node_status_condition", { ...KSM, node, condition: type, status }),
  values: value,
});

/** `Node<condition>`: the kubelet reports a pressure condition (kube-state-metrics' node condition is true). */
function nodePressure(type: "MemoryPressure" | "DiskPressure", what: string, consequence: string): AlertRule {
  return {
    alert: `Node${type}`,
    expr: `max by (node) (kube_node_status_condition{job="kube-state-metrics",condition="${type}",status="true"}) == 1`,
    for: "5m",
    severity: "warning",
    summary: `Node {{ $labels.node }} is under ${what} pressure`,
    description: `The kubelet on {{ $labels.node }} reports ${type}; ${consequence}.`,
    tests: {
      firing: { series: [condition("n1", type, "true", "1x15")], at: "10m", labels: { node: "n1" } },
      silent: { series: [condition("n1", type, "true", "0x15")], at: "10m" },
    },
  };
}

const ROOT_FS = { job: "node-exporter", node: "n1", mountpoint: "/", fstype: "ext4" };
const RUN_TMPFS = { job: "node-exporter", node: "n1", mountpoint: "/run", fstype: "tmpfs" };

/** Nodes: readiness and pressure from kube-state-metrics, reachability and disks from node-exporter. */
export const nodeRules: RuleGroup = {
  name: "kubernetes-nodes",
  alerts: [
    {
      alert: "NodeNotReady",
      expr: 'max by (node) (kube_node_status_condition{job="kube-state-metrics",condition="Ready",status="true"}) == 0',
      for: "5m",
      severity: "warning",
      summary: "Node {{ $labels.node }} is not Ready",
      description:
        "Node {{ $labels.node }} has not been Ready for 5 minutes; its pods are not being scheduled or may be evicted.",
      tests: {
        firing: { series: [condition("n1", "Ready", "true", "0x15")], at: "10m", labels: { node: "n1" } },
        silent: { series: [condition("n1", "Ready", "true", "1x15")], at: "10m" },
      },
    },
    nodePressure("MemoryPressure", "memory", "it will evict pods"),
    nodePressure("DiskPressure", "disk", "it will garbage-collect images and evict pods"),
    {
      alert: "NodeExporterDown",
      expr: 'max by (node) (up{job="node-exporter"}) == 0',
      for: "5m",
      severity: "warning",
      summary: "Node {{ $labels.node }} cannot be reached by Prometheus",
      description: "node-exporter on {{ $labels.node }} has not answered for 5 minutes: the node is down or unreachable.",
      tests: {
        firing: {
          series: [{ series: s("up", { job: "node-exporter", node: "n1", pod: "node-exporter-a" }), values: "0x15" }],
          at: "10m",
          labels: { node: "n1" },
        },
        silent: {
          series: [{ series: s("up", { job: "node-exporter", node: "n1", pod: "node-exporter-a" }), values: "1x15" }],
          at: "10m",
        },
      },
    },
    {
      alert: "NodeFilesystemAlmostFull",
      expr:
        'min by (node, mountpoint) (node_filesystem_avail_bytes{job="node-exporter",fstype!~"tmpfs|overlay|squashfs"}' +
        ' / node_filesystem_size_bytes{job="node-exporter",fstype!~"tmpfs|overlay|squashfs"}) < 0.10',
      for: "15m",
      severity: "warning",
      summary: "Filesystem {{ $labels.mountpoint }} on {{ $labels.node }} is over 90% full",
      description: "Less than 10% of {{ $labels.mountpoint }} on {{ $labels.node }} is free.",
      tests: {
        firing: {
          series: [
            { series: s("node_filesystem_avail_bytes", ROOT_FS), values: "5x30" },
            { series: s("node_filesystem_size_bytes", ROOT_FS), values: "100x30" },
          ],
          at: "20m",
          labels: { node: "n1", mountpoint: "/" },
        },
        silent: {
          series: [
            { series: s("node_filesystem_avail_bytes", ROOT_FS), values: "50x30" },
            { series: s("node_filesystem_size_bytes", ROOT_FS), values: "100x30" },
            { series: s("node_filesystem_avail_bytes", RUN_TMPFS), values: "0x30" },
            { series: s("node_filesystem_size_bytes", RUN_TMPFS), values: "100x30" },
          ],
          at: "20m",
        },
      },
    },
  ],
};

const CRASH_LOOP = s("kube_pod_container_status_waiting_reason", {
  ...KSM,
  namespace: "app",
  pod: "web-1",
  container: "web",
  reason: "CrashLoopBackOff",
});
const podInfo = { series: s("kube_pod_info", { ...KSM, namespace: "app", pod: "web-1", node: "n1" }), values: "1x30" };

const DS_UNAVAILABLE = s("kube_daemonset_status_number_unavailable", {
  ...KSM,
  namespace: "keelson-node-agents",
  daemonset: "node-exporter",
});
const PVC = { job: "kubelet", node: "n1", namespace: "db", persistentvolumeclaim: "data" };

/** Workloads: crash loops, unavailable replicas, full volumes. */
export const workloadRules: RuleGroup = {
  name: "kubernetes-workloads",
  alerts: [
    {
      alert: "PodCrashLooping",
      expr:
        '(max by (namespace, pod, container) (kube_pod_container_status_waiting_reason{job="kube-state-metrics",reason="CrashLoopBackOff"}) == 1)' +
        // The node label lets a NodeNotReady alert inhibit the pod alerts of that node.
        ' * on (namespace, pod) group_left (node) max by (namespace, pod, node) (kube_pod_info{job="kube-state-metrics"})',
      for: "15m",
      severity: "warning",
      labels: { scope: "pod" },
      summary: "Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} is crash looping",
      description:
        "{{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) has been in CrashLoopBackOff for 15 minutes.",
      tests: {
        firing: {
          series: [{ series: CRASH_LOOP, values: "1x30" }, podInfo],
          at: "20m",
          labels: { namespace: "app", pod: "web-1", container: "web", node: "n1" },
        },
        silent: {
          series: [{ series: CRASH_LOOP, values: "0x30" }, podInfo],
          at: "20m",
        },
      },
    },
    {
      alert: "DeploymentReplicasUnavailable",
      expr: 'max by (namespace, deployment) (kube_deployment_status_replicas_unavailable{job="kube-state-metrics"}) > 0',
      for: "15m",
      severity: "warning",
      summary: "Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has unavailable replicas",
      description: "{{ $labels.namespace }}/{{ $labels.deployment }} has had unavailable replicas for 15 minutes.",
      tests: {
        firing: {
          series: [
            {
              series: s("kube_deployment_status_replicas_unavailable", { ...KSM, namespace: "app", deployment: "web" }),
              values: "1x30",
            },
          ],
          at: "20m",
          labels: { namespace: "app", deployment: "web" },
        },
        silent: {
          series: [
            {
              series: s("kube_deployment_status_replicas_unavailable", { ...KSM, namespace: "app", deployment: "web" }),
              values: "1x5 0x25",
            },
          ],
          at: "20m",
        },
      },
    },
    {
      alert: "DaemonSetPodsUnavailable",
      expr: 'max by (namespace, daemonset) (kube_daemonset_status_number_unavailable{job="kube-state-metrics"}) > 0',
      for: "15m",
      severity: "warning",
      summary: "DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} has unavailable pods",
      description:
        "{{ $labels.namespace }}/{{ $labels.daemonset }} has had unavailable pods for 15 minutes; some nodes run without it.",
      tests: {
        firing: {
          series: [{ series: DS_UNAVAILABLE, values: "1x30" }],
          at: "20m",
          labels: { namespace: "keelson-node-agents", daemonset: "node-exporter" },
        },
        silent: {
          series: [{ series: DS_UNAVAILABLE, values: "0x30" }],
          at: "20m",
        },
      },
    },
    {
      alert: "PersistentVolumeAlmostFull",
      expr:
        'max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_available_bytes{job="kubelet"}' +
        ' / kubelet_volume_stats_capacity_bytes{job="kubelet"}) < 0.10',
      for: "5m",
      severity: "warning",
      summary: "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is over 90% full",
      description: "Less than 10% of PVC {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is free.",
      tests: {
        firing: {
          series: [
            { series: s("kubelet_volume_stats_available_bytes", PVC), values: "5x15" },
            { series: s("kubelet_volume_stats_capacity_bytes", PVC), values: "100x15" },
          ],
          at: "10m",
          labels: { namespace: "db", persistentvolumeclaim: "data" },
        },
        silent: {
          series: [
            { series: s("kubelet_volume_stats_available_bytes", PVC), values: "40x15" },
            { series: s("kubelet_volume_stats_capacity_bytes", PVC), values: "100x15" },
          ],
          at: "10m",
        },
      },
    },
  ],
};
