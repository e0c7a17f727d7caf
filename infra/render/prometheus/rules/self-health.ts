import { seriesName as s, type AlertRule, type RuleGroup } from "../rules-model";
import { jobDown } from "./control-plane";

const P = { job: "prometheus", namespace: "keelson-monitoring", pod: "prometheus-0" };
const A = { job: "alertmanager", namespace: "keelson-monitoring", pod: "alertmanager-0" };

/** A gauge that must be 1 (a config reload that succeeded). */
function reloadFailed(alert: string, metric: string, labels: typeof P | typeof A, what: string): AlertRule {
  return {
    alert,
    expr: `max by (namespace, pod) (${metric}{job="${labels.job}"}) == 0`,
    for: "10m",
    severity: "warning",
    summary: `${what} {{ $labels.pod }} runs an outdated configuration`,
    description: `The last configuration reload of {{ $labels.namespace }}/{{ $labels.pod }} failed; it keeps the previous one.`,
    tests: {
      firing: {
        series: [{ series: s(metric, labels), values: "0x30" }],
        at: "20m",
        labels: { namespace: labels.namespace, pod: labels.pod },
      },
      silent: { series: [{ series: s(metric, labels), values: "1x30" }], at: "20m" },
    },
  };
}

/** A counter that must not grow. */
function counterGrowing(
  alert: string,
  metric: string,
  labels: typeof P | typeof A,
  summary: string,
  description: string,
): AlertRule {
  return {
    alert,
    expr: `sum by (namespace, pod) (rate(${metric}{job="${labels.job}"}[5m])) > 0`,
    for: "15m",
    severity: "critical",
    summary,
    description,
    tests: {
      firing: {
        series: [{ series: s(metric, labels), values: "0+2x40" }],
        at: "30m",
        labels: { namespace: labels.namespace, pod: labels.pod },
      },
      silent: { series: [{ series: s(metric, labels), values: "3x40" }], at: "30m" },
    },
  };
}

/** Prometheus and Alertmanager watch themselves, and every scrape job. */
export const selfHealthRules: RuleGroup = {
  name: "monitoring-self",
  alerts: [
    {
      alert: "TargetDown",
      expr: "100 * (count by (job, namespace) (up == 0) / count by (job, namespace) (up)) > 10",
      for: "10m",
      severity: "warning",
      summary: "Targets of job {{ $labels.job }} are down",
      description: "More than 10% of the {{ $labels.job }} targets in {{ $labels.namespace }} have not answered for 10 minutes.",
      tests: {
        firing: {
          series: [
            { series: s("up", { job: "loki", namespace: "keelson-logging", pod: "loki-0" }), values: "0x30" },
            { series: s("up", { job: "loki", namespace: "keelson-logging", pod: "loki-1" }), values: "1x30" },
          ],
          at: "20m",
          labels: { job: "loki", namespace: "keelson-logging" },
        },
        silent: {
          series: [
            { series: s("up", { job: "loki", namespace: "keelson-logging", pod: "loki-0" }), values: "1x30" },
            { series: s("up", { job: "loki", namespace: "keelson-logging", pod: "loki-1" }), values: "1x30" },
          ],
          at: "20m",
        },
      },
    },
    reloadFailed("PrometheusConfigReloadFailed", "prometheus_config_last_reload_successful", P, "Prometheus"),
    counterGrowing(
      "PrometheusRuleEvaluationFailures",
      "prometheus_rule_evaluation_failures_total",
      P,
      "Prometheus {{ $labels.pod }} fails to evaluate rules",
      "Rule evaluations on {{ $labels.namespace }}/{{ $labels.pod }} fail: alerts may not fire.",
    ),
    counterGrowing(
      "PrometheusNotificationsFailing",
      "prometheus_notifications_errors_total",
      P,
      "Prometheus {{ $labels.pod }} cannot send alerts",
      "{{ $labels.namespace }}/{{ $labels.pod }} fails to send alerts to Alertmanager.",
    ),
    {
      alert: "PrometheusNotConnectedToAlertmanagers",
      expr: 'max by (namespace, pod) (prometheus_notifications_alertmanagers_discovered{job="prometheus"}) < 1',
      for: "10m",
      severity: "warning",
      summary: "Prometheus {{ $labels.pod }} has no Alertmanager",
      description: "{{ $labels.namespace }}/{{ $labels.pod }} has discovered no Alertmanager to send alerts to.",
      tests: {
        firing: {
          series: [{ series: s("prometheus_notifications_alertmanagers_discovered", P), values: "0x30" }],
          at: "20m",
          labels: { namespace: P.namespace, pod: P.pod },
        },
        silent: { series: [{ series: s("prometheus_notifications_alertmanagers_discovered", P), values: "2x30" }], at: "20m" },
      },
    },
    jobDown("AlertmanagerDown", "alertmanager", "Alertmanager", "critical", "5m"),
    reloadFailed("AlertmanagerConfigReloadFailed", "alertmanager_config_last_reload_successful", A, "Alertmanager"),
    counterGrowing(
      "AlertmanagerNotificationsFailing",
      "alertmanager_notifications_failed_total",
      A,
      "Alertmanager {{ $labels.pod }} cannot deliver notifications",
      "{{ $labels.namespace }}/{{ $labels.pod }} fails to deliver notifications to a receiver; check its Secret and the receiver.",
    ),
  ],
};
