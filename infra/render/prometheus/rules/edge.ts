import { seriesName as s, type RuleGroup } from "../rules-model";
import { jobDown } from "./control-plane";

/**
 * Series the log store's ruler derives from the edge's JSON access logs and remote-writes to Prometheus
 * (infra/render/logging/loki-edge-rules.ts): per-second rates over 5 minutes, by label.
 * nginx-prometheus-exporter (stub_status) has no status codes or cache results, so these come from logs.
 */
export const EDGE_LOG_METRICS = {
  /** Responses to clients, by `status_class` (2xx, 3xx, 4xx, 5xx). */
  responses: "keelson_edge:http_responses:rate5m",
  /** Responses for which at least one upstream attempt failed (upstream status 5xx, incl. 502/504 of nginx). */
  upstreamErrors: "keelson_edge:upstream_errors:rate5m",
  /** Requests that consulted the cache, by `cache_status` (HIT, MISS, EXPIRED, STALE, …). */
  cacheRequests: "keelson_edge:cache_requests:rate5m",
} as const;

const E = { job: "edge", namespace: "keelson-edge", pod: "edge-nginx-a" };
const R = EDGE_LOG_METRICS;

/** The NGINX edge tier: exporter metrics (nginx_up, connections) and log-derived status and cache ratios. */
export const edgeRules: RuleGroup = {
  name: "edge",
  alerts: [
    jobDown("EdgeDown", "edge", "the edge tier", "critical", "5m"),
    {
      alert: "EdgeNginxDown",
      expr: 'max by (namespace, pod) (nginx_up{job="edge"}) == 0',
      for: "5m",
      severity: "critical",
      summary: "nginx in {{ $labels.pod }} does not answer its exporter",
      description: "The exporter of {{ $labels.namespace }}/{{ $labels.pod }} cannot read nginx's stub_status.",
      tests: {
        firing: {
          series: [{ series: s("nginx_up", E), values: "0x30" }],
          at: "20m",
          labels: { namespace: E.namespace, pod: E.pod },
        },
        silent: { series: [{ series: s("nginx_up", E), values: "1x30" }], at: "20m" },
      },
    },
    {
      alert: "EdgeConnectionsDropped",
      expr: 'sum by (namespace, pod) (rate(nginx_connections_accepted{job="edge"}[5m]) - rate(nginx_connections_handled{job="edge"}[5m])) > 0',
      for: "5m",
      severity: "warning",
      summary: "nginx in {{ $labels.pod }} drops connections",
      description:
        "{{ $labels.namespace }}/{{ $labels.pod }} accepts more connections than it handles: worker_connections or file descriptors are exhausted.",
      tests: {
        firing: {
          series: [
            { series: s("nginx_connections_accepted", E), values: "0+100x30" },
            { series: s("nginx_connections_handled", E), values: "0+90x30" },
          ],
          at: "20m",
          labels: { namespace: E.namespace, pod: E.pod },
        },
        silent: {
          series: [
            { series: s("nginx_connections_accepted", E), values: "0+100x30" },
            { series: s("nginx_connections_handled", E), values: "0+100x30" },
          ],
          at: "20m",
        },
      },
    },
    {
      alert: "Edge5xxRatioHigh",
      expr: `sum(${R.responses}{status_class="5xx"}) / sum(${R.responses}) > 0.05`,
      for: "5m",
      severity: "critical",
      summary: "The edge answers more than 5% of requests with 5xx",
      description: "More than 5% of the edge tier's responses have been server errors for 5 minutes (from its access logs).",
      tests: {
        firing: {
          series: [
            { series: s(R.responses, { status_class: "2xx" }), values: "9x20" },
            { series: s(R.responses, { status_class: "5xx" }), values: "1x20" },
          ],
          at: "15m",
          labels: {},
        },
        silent: {
          series: [
            { series: s(R.responses, { status_class: "2xx" }), values: "99x20" },
            { series: s(R.responses, { status_class: "4xx" }), values: "30x20" },
            { series: s(R.responses, { status_class: "5xx" }), values: "1x20" },
          ],
          at: "15m",
        },
      },
    },
    {
      alert: "EdgeUpstreamErrors",
      expr: `sum(${R.upstreamErrors}) / sum(${R.responses}) > 0.05`,
      for: "10m",
      severity: "warning",
      summary: "More than 5% of edge requests hit a failing upstream",
      description:
        "An upstream attempt failed (5xx, connection refused or timed out) for more than 5% of edge requests, retried or not.",
      tests: {
        firing: {
          series: [
            { series: s(R.responses, { status_class: "2xx" }), values: "10x30" },
            { series: s(R.upstreamErrors, {}), values: "2x30" },
          ],
          at: "20m",
          labels: {},
        },
        silent: {
          series: [
            { series: s(R.responses, { status_class: "2xx" }), values: "100x30" },
            { series: s(R.upstreamErrors, {}), values: "1x30" },
          ],
          at: "20m",
        },
      },
    },
    {
      alert: "EdgeCacheHitRatioLow",
      expr: `sum(${R.cacheRequests}{cache_status="HIT"}) / sum(${R.cacheRequests}) < 0.5` + ` and sum(${R.cacheRequests}) > 1`,
      for: "30m",
      severity: "info",
      summary: "The edge cache serves less than half of cacheable requests",
      description:
        "For 30 minutes, under half of the requests that consulted the edge cache were HITs (with more than 1 request/s).",
      tests: {
        firing: {
          series: [
            { series: s(R.cacheRequests, { cache_status: "HIT" }), values: "2x60" },
            { series: s(R.cacheRequests, { cache_status: "MISS" }), values: "8x60" },
          ],
          at: "45m",
          labels: {},
        },
        silent: {
          series: [
            { series: s(R.cacheRequests, { cache_status: "HIT" }), values: "0.1x60" },
            { series: s(R.cacheRequests, { cache_status: "MISS" }), values: "0.5x60" },
          ],
          at: "45m",
        },
      },
    },
  ],
};
