import { printYaml } from "./print-yaml";
import { annotationsOf, expandTemplate, labelsOf, type AlertCase, type AlertRule, type RuleGroup } from "./rules-model";

function testCase(rule: AlertRule, input: AlertCase, firing: boolean) {
  const labels = firing ? { ...rule.tests.firing.labels, ...labelsOf(rule) } : {};
  const annotations = Object.fromEntries(Object.entries(annotationsOf(rule)).map(([k, v]) => [k, expandTemplate(v, labels)]));
  return {
    interval: "1m",
    input_series: input.series.map((s) => ({ series: s.series, values: s.values })),
    alert_rule_test: [
      {
        eval_time: input.at,
        alertname: rule.alert,
        exp_alerts: firing ? [{ exp_labels: labels, exp_annotations: annotations }] : [],
      },
    ],
  };
}

/**
 * A `promtool test rules` file for the given groups: for every alert, its firing case (expects exactly
 * one alert with these labels and annotations) and its silent case (expects none).
 */
export function renderRuleTests(groups: readonly RuleGroup[], ruleFile: string): string {
  const tests = groups.flatMap((g) =>
    g.alerts.flatMap((rule) => [testCase(rule, rule.tests.firing, true), testCase(rule, rule.tests.silent, false)]),
  );
  return printYaml({ rule_files: [ruleFile], evaluation_interval: "1m", tests });
}
