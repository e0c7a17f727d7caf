import type { RuleGroup } from "../rules-model";

/** Aggregates the dashboards read, so a dashboard stays fast on a large cluster. */
export const recordingRules: RuleGroup = {
  name: "kubernetes-resources",
  alerts: [],
  records: [
    {
      record: "namespace:container_cpu_usage_seconds:sum_rate5m",
      expr: 'sum by (namespace) (rate(container_cpu_usage_seconds_total{job="cadvisor",container!=""}[5m]))',
    },
    {
      record: "namespace:container_memory_working_set_bytes:sum",
      expr: 'sum by (namespace) (container_memory_working_set_bytes{job="cadvisor",container!=""})',
    },
    {
      record: "node:node_cpu_utilisation:avg_rate5m",
      expr: '1 - avg by (node) (rate(node_cpu_seconds_total{job="node-exporter",mode="idle"}[5m]))',
    },
  ],
};
