import { NAMESPACE } from "../../config";
import { EDGE_LOG_METRICS as E } from "../prometheus/rules/edge";
import type { DashboardSpec } from "./dashboard-model";

const TAGS = ["keelson"];

const clusterOverview: DashboardSpec = {
  uid: "keelson-cluster",
  title: "Keelson / Cluster overview",
  tags: TAGS,
  panels: [
    {
      title: "Nodes Ready",
      kind: "stat",
      datasource: "prometheus",
      expr: 'sum(kube_node_status_condition{condition="Ready",status="true"})',
    },
    { title: "Pods running", kind: "stat", datasource: "prometheus", expr: 'sum(kube_pod_status_phase{phase="Running"})' },
    { title: "Firing alerts", kind: "stat", datasource: "prometheus", expr: 'count(ALERTS{alertstate="firing"}) or vector(0)' },
    { title: "Targets down", kind: "stat", datasource: "prometheus", expr: "count(up == 0) or vector(0)" },
    {
      title: "CPU by namespace",
      kind: "timeseries",
      datasource: "prometheus",
      expr: "namespace:container_cpu_usage_seconds:sum_rate5m",
      legend: "{{namespace}}",
    },
    {
      title: "Memory by namespace",
      kind: "timeseries",
      datasource: "prometheus",
      expr: "namespace:container_memory_working_set_bytes:sum",
      legend: "{{namespace}}",
      unit: "bytes",
    },
  ],
};

const nodes: DashboardSpec = {
  uid: "keelson-nodes",
  title: "Keelson / Nodes",
  tags: TAGS,
  panels: [
    {
      title: "CPU utilisation",
      kind: "timeseries",
      datasource: "prometheus",
      expr: "node:node_cpu_utilisation:avg_rate5m",
      legend: "{{node}}",
      unit: "percentunit",
    },
    {
      title: "Memory available",
      kind: "timeseries",
      datasource: "prometheus",
      expr: 'node_memory_MemAvailable_bytes{job="node-exporter"} / node_memory_MemTotal_bytes{job="node-exporter"}',
      legend: "{{node}}",
      unit: "percentunit",
    },
    {
      title: "Filesystem free",
      kind: "timeseries",
      datasource: "prometheus",
      expr: 'node_filesystem_avail_bytes{job="node-exporter",fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes{job="node-exporter",fstype!~"tmpfs|overlay|squashfs"}',
      legend: "{{node}} {{mountpoint}}",
      unit: "percentunit",
    },
    {
      title: "Network received",
      kind: "timeseries",
      datasource: "prometheus",
      expr: 'sum by (node) (rate(node_network_receive_bytes_total{job="node-exporter",device!="lo"}[5m]))',
      legend: "{{node}}",
      unit: "Bps",
    },
  ],
};

const workloads: DashboardSpec = {
  uid: "keelson-workloads",
  title: "Keelson / Workloads",
  tags: TAGS,
  panels: [
    {
      title: "Container restarts (1h)",
      kind: "timeseries",
      datasource: "prometheus",
      expr: "sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total[1h])) > 0",
      legend: "{{namespace}}/{{pod}}",
    },
    {
      title: "Unavailable replicas",
      kind: "timeseries",
      datasource: "prometheus",
      expr: "kube_deployment_status_replicas_unavailable > 0",
      legend: "{{namespace}}/{{deployment}}",
    },
    {
      title: "CPU by pod",
      kind: "timeseries",
      datasource: "prometheus",
      expr: 'topk(20, sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{job="cadvisor",container!=""}[5m])))',
      legend: "{{namespace}}/{{pod}}",
    },
    {
      title: "Memory by pod",
      kind: "timeseries",
      datasource: "prometheus",
      expr: 'topk(20, sum by (namespace, pod) (container_memory_working_set_bytes{job="cadvisor",container!=""}))',
      legend: "{{namespace}}/{{pod}}",
      unit: "bytes",
    },
  ],
};

const edge: DashboardSpec = {
  uid: "keelson-edge",
  title: "Keelson / Edge tier",
  tags: TAGS,
  panels: [
    { title: "nginx up", kind: "stat", datasource: "prometheus", expr: 'sum(nginx_up{job="edge"})' },
    { title: "Active connections", kind: "stat", datasource: "prometheus", expr: 'sum(nginx_connections_active{job="edge"})' },
    {
      title: "Requests/s",
      kind: "timeseries",
      datasource: "prometheus",
      expr: 'sum by (pod) (rate(nginx_http_requests_total{job="edge"}[5m]))',
      legend: "{{pod}}",
      unit: "reqps",
    },
    {
      title: "Responses by status class",
      kind: "timeseries",
      datasource: "prometheus",
      expr: `sum by (status_class) (${E.responses})`,
      legend: "{{status_class}}",
      unit: "reqps",
    },
    {
      title: "5xx ratio",
      kind: "timeseries",
      datasource: "prometheus",
      expr: `sum(${E.responses}{status_class="5xx"}) / sum(${E.responses})`,
      unit: "percentunit",
    },
    {
      title: "Cache hit ratio",
      kind: "timeseries",
      datasource: "prometheus",
      expr: `sum(${E.cacheRequests}{cache_status="HIT"}) / sum(${E.cacheRequests})`,
      unit: "percentunit",
    },
  ],
};

const dns: DashboardSpec = {
  uid: "keelson-dns",
  title: "Keelson / DNS",
  tags: TAGS,
  panels: [
    {
      title: "Responses by rcode",
      kind: "timeseries",
      datasource: "prometheus",
      expr: 'sum by (rcode) (rate(coredns_dns_responses_total{job="coredns"}[5m]))',
      legend: "{{rcode}}",
      unit: "reqps",
    },
    {
      title: "Request duration p99",
      kind: "timeseries",
      datasource: "prometheus",
      expr: 'histogram_quantile(0.99, sum by (le) (rate(coredns_dns_request_duration_seconds_bucket{job="coredns"}[5m])))',
      unit: "s",
    },
    {
      title: "Forwarded requests",
      kind: "timeseries",
      datasource: "prometheus",
      expr: 'sum by (to) (rate(coredns_forward_requests_total{job="coredns"}[5m]))',
      legend: "{{to}}",
      unit: "reqps",
    },
    {
      title: "Cache hits",
      kind: "timeseries",
      datasource: "prometheus",
      expr: 'sum(rate(coredns_cache_hits_total{job="coredns"}[5m]))',
      unit: "reqps",
    },
  ],
};

const logs: DashboardSpec = {
  uid: "keelson-logs",
  title: "Keelson / Logs",
  tags: TAGS,
  panels: [
    {
      title: "Log lines/s by namespace",
      kind: "timeseries",
      datasource: "loki",
      expr: 'sum by (k8s_namespace_name) (rate({k8s_namespace_name=~".+"}[5m]))',
      legend: "{{k8s_namespace_name}}",
    },
    {
      title: "Collector send failures/s",
      kind: "timeseries",
      datasource: "prometheus",
      expr: 'sum by (pod) (rate(otelcol_exporter_send_failed_log_records{job="log-collector"}[5m]))',
      legend: "{{pod}}",
    },
    { title: "Edge logs", kind: "logs", datasource: "loki", expr: `{k8s_namespace_name="${NAMESPACE.edge}"}` },
  ],
};

/** Every dashboard Grafana is provisioned with, keyed by file name. */
export function platformDashboards(options: { readonly logging: boolean; readonly edge: boolean }): DashboardSpec[] {
  return [clusterOverview, nodes, workloads, dns, ...(options.edge ? [edge] : []), ...(options.logging ? [logs] : [])];
}
