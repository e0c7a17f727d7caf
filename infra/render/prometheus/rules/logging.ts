import { seriesName as s, type RuleGroup } from "../rules-model";

const C = { job: "log-collector", namespace: "keelson-node-agents", pod: "log-collector-a", exporter: "otlp_http/loki" };
const L = { job: "loki", namespace: "keelson-logging", pod: "loki-0" };

/**
 * The log collector (OpenTelemetry Collector internal telemetry, :8888) and the log store (Loki).
 * Metric names exactly as the collector's Prometheus reader exposes them (0.159: counters without a
 * `_total` suffix); checked against the real binary by test/logging/collector.test.ts.
 */
export const loggingRules: RuleGroup = {
  name: "logging",
  alerts: [
    {
      alert: "LogCollectorRetrying",
      // Failed sends are retried without limit (nothing is dropped), so a stuck exporter shows as a queue
      // that holds data while nothing is sent; otelcol has no retry counter.
      expr:
        '(max by (namespace, pod) (otelcol_exporter_queue_size{job="log-collector"}) > 0)' +
        ' and on (namespace, pod) (sum by (namespace, pod) (rate(otelcol_exporter_sent_log_records{job="log-collector"}[10m])) == 0)',
      for: "10m",
      severity: "warning",
      summary: "The log collector {{ $labels.pod }} cannot deliver logs and keeps retrying",
      description:
        "{{ $labels.namespace }}/{{ $labels.pod }} has queued logs but sent none for 10 minutes; they wait in its on-disk queue.",
      tests: {
        firing: {
          series: [
            { series: s("otelcol_exporter_queue_size", C), values: "50+10x40" },
            { series: s("otelcol_exporter_sent_log_records", C), values: "1000x40" },
          ],
          at: "30m",
          labels: { namespace: C.namespace, pod: C.pod },
        },
        silent: {
          series: [
            { series: s("otelcol_exporter_queue_size", C), values: "50x40" },
            { series: s("otelcol_exporter_sent_log_records", C), values: "1000+100x40" },
          ],
          at: "30m",
        },
      },
    },
    {
      alert: "LogCollectorQueueFilling",
      expr: 'max by (namespace, pod) (otelcol_exporter_queue_size{job="log-collector"} / otelcol_exporter_queue_capacity{job="log-collector"}) > 0.8',
      for: "10m",
      severity: "warning",
      summary: "The on-disk log queue of {{ $labels.pod }} is over 80% full",
      description:
        "When the queue of {{ $labels.namespace }}/{{ $labels.pod }} is full, the collector stops reading log files (nothing is dropped while the files stay on the node).",
      tests: {
        firing: {
          series: [
            { series: s("otelcol_exporter_queue_size", C), values: "900x30" },
            { series: s("otelcol_exporter_queue_capacity", C), values: "1000x30" },
          ],
          at: "20m",
          labels: { namespace: C.namespace, pod: C.pod },
        },
        silent: {
          series: [
            { series: s("otelcol_exporter_queue_size", C), values: "10x30" },
            { series: s("otelcol_exporter_queue_capacity", C), values: "1000x30" },
          ],
          at: "20m",
        },
      },
    },
    {
      alert: "LogCollectorDroppingLogs",
      // send_failed: a permanent (non-retryable) rejection; enqueue_failed: the queue refused the data.
      expr:
        'sum by (namespace, pod) (rate(otelcol_exporter_send_failed_log_records{job="log-collector"}[5m])) > 0' +
        ' or sum by (namespace, pod) (rate(otelcol_exporter_enqueue_failed_log_records{job="log-collector"}[5m])) > 0',
      for: "5m",
      severity: "critical",
      summary: "The log collector {{ $labels.pod }} drops logs",
      description:
        "{{ $labels.namespace }}/{{ $labels.pod }} lost logs: the store rejected them permanently, or the queue refused them.",
      tests: {
        firing: {
          series: [
            { series: s("otelcol_exporter_send_failed_log_records", C), values: "0+5x30" },
            { series: s("otelcol_exporter_enqueue_failed_log_records", C), values: "0x30" },
          ],
          at: "20m",
          labels: { namespace: C.namespace, pod: C.pod },
        },
        silent: {
          series: [
            { series: s("otelcol_exporter_send_failed_log_records", C), values: "3x30" },
            { series: s("otelcol_exporter_enqueue_failed_log_records", C), values: "0x30" },
          ],
          at: "20m",
        },
      },
    },
    {
      alert: "LogStoreIngestionFailures",
      expr: 'sum by (namespace, pod) (rate(loki_request_duration_seconds_count{job="loki",route=~"otlp_v1_logs|loki_api_v1_push",status_code=~"5.."}[5m])) > 0',
      for: "10m",
      severity: "critical",
      summary: "The log store {{ $labels.pod }} fails to ingest logs",
      description:
        "Pushes to {{ $labels.namespace }}/{{ $labels.pod }} fail with server errors; collectors retry and their queues fill.",
      tests: {
        firing: {
          series: [
            {
              series: s("loki_request_duration_seconds_count", {
                ...L,
                route: "otlp_v1_logs",
                status_code: "500",
                method: "POST",
              }),
              values: "0+3x30",
            },
          ],
          at: "20m",
          labels: { namespace: L.namespace, pod: L.pod },
        },
        silent: {
          series: [
            {
              series: s("loki_request_duration_seconds_count", {
                ...L,
                route: "otlp_v1_logs",
                status_code: "204",
                method: "POST",
              }),
              values: "0+300x30",
            },
            {
              series: s("loki_request_duration_seconds_count", {
                ...L,
                route: "otlp_v1_logs",
                status_code: "500",
                method: "POST",
              }),
              values: "4x30",
            },
          ],
          at: "20m",
        },
      },
    },
    {
      alert: "LogStoreDiscardingLogs",
      expr: 'sum by (namespace, reason) (rate(loki_discarded_samples_total{job="loki"}[5m])) > 0',
      for: "10m",
      severity: "warning",
      summary: "The log store discards logs ({{ $labels.reason }})",
      description:
        "Loki in {{ $labels.namespace }} rejects log lines for reason {{ $labels.reason }} (limits, too old, too long).",
      tests: {
        firing: {
          series: [
            { series: s("loki_discarded_samples_total", { ...L, reason: "rate_limited", tenant: "fake" }), values: "0+10x30" },
          ],
          at: "20m",
          labels: { namespace: L.namespace, reason: "rate_limited" },
        },
        silent: {
          series: [
            { series: s("loki_discarded_samples_total", { ...L, reason: "rate_limited", tenant: "fake" }), values: "0x30" },
          ],
          at: "20m",
        },
      },
    },
  ],
};
