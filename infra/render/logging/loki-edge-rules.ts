import { NAMESPACE, type LoggingConfig } from "../../config";
import { printYaml } from "../prometheus/print-yaml";
import { EDGE_LOG_METRICS } from "../prometheus/rules/edge";

/** The edge's access log streams (resource attribute k8s.namespace.name, as Loki's OTLP endpoint indexes it). */
const EDGE_STREAMS = `{k8s_namespace_name="${NAMESPACE.edge}"}`;

/** nginx `$upstream_cache_status` values that mean the cache was consulted. */
const CACHE_STATUSES = "HIT|MISS|EXPIRED|STALE|UPDATING|REVALIDATED|BYPASS";

/**
 * Loki ruler recording rules (LogQL) that turn the edge's JSON access logs into the metrics the edge
 * alerts read (EDGE_LOG_METRICS); the ruler remote-writes them to Prometheus. Field names come from
 * `logging.edgeAccessLog`, restricted by the schema to identifiers.
 */
export function renderEdgeLogRules(fields: LoggingConfig["edgeAccessLog"]): string {
  const rate = (pipeline: string): string => `rate(${EDGE_STREAMS} | json ${pipeline} [5m])`;
  return printYaml({
    groups: [
      {
        name: "keelson-edge-access-log",
        interval: "1m",
        rules: [
          {
            record: EDGE_LOG_METRICS.responses,
            expr: `sum by (status_class) (${rate(`status="${fields.status}" | status=~"[1-5][0-9][0-9]" | label_format status_class="{{ substr 0 1 .status }}xx"`)})`,
          },
          {
            record: EDGE_LOG_METRICS.upstreamErrors,
            expr: `sum(${rate(`upstream_status="${fields.upstreamStatus}" | upstream_status=~".*5[0-9][0-9].*"`)})`,
          },
          {
            record: EDGE_LOG_METRICS.cacheRequests,
            expr: `sum by (cache_status) (${rate(`cache_status="${fields.cacheStatus}" | cache_status=~"${CACHE_STATUSES}"`)})`,
          },
        ],
      },
    ],
  });
}
