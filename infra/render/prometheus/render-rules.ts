import { printYaml } from "./print-yaml";
import { annotationsOf, labelsOf, type RuleGroup } from "./rules-model";

export class RuleFileError extends Error {
  constructor(problems: readonly string[]) {
    super(`Prometheus rules are invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "RuleFileError";
  }
}

const ALERT_NAME = /^[A-Z][A-Za-z0-9]*$/;
const RECORD_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const DURATION = /^[1-9][0-9]*[smh]$/;

/** What the types cannot check: names, durations, uniqueness, and that annotations use only `$labels`. */
export function validateRuleGroups(groups: readonly RuleGroup[]): void {
  const problems: string[] = [];
  const alerts = new Set<string>();
  for (const group of groups) {
    for (const rule of group.alerts) {
      const at = `group ${group.name}: alert ${rule.alert}`;
      if (!ALERT_NAME.test(rule.alert)) problems.push(`${at}: 'alert' must be PascalCase`);
      if (alerts.has(rule.alert)) problems.push(`${at}: 'alert' must be unique`);
      alerts.add(rule.alert);
      if (!DURATION.test(rule.for)) problems.push(`${at}: 'for' must be a duration like 5m, got ${JSON.stringify(rule.for)}`);
      for (const text of [rule.summary, rule.description]) {
        const templates = text.match(/\{\{.*?\}\}/g) ?? [];
        if (templates.some((t) => !/^\{\{ \$labels\.[a-zA-Z_][a-zA-Z0-9_]* \}\}$/.test(t))) {
          problems.push(`${at}: annotations must use only {{ $labels.<name> }} templates, got ${JSON.stringify(text)}`);
        }
      }
    }
    for (const record of group.records ?? []) {
      if (!RECORD_NAME.test(record.record))
        problems.push(`group ${group.name}: 'record' must be a metric name, got ${JSON.stringify(record.record)}`);
    }
  }
  if (problems.length > 0) throw new RuleFileError(problems);
}

/** The rule file model Prometheus loads (`groups:` with recording rules first, then alerts). */
export function ruleFileModel(groups: readonly RuleGroup[]) {
  return {
    groups: groups.map((group) => ({
      name: group.name,
      rules: [
        ...(group.records ?? []).map((r) => ({ record: r.record, expr: r.expr })),
        ...group.alerts.map((rule) => ({
          alert: rule.alert,
          expr: rule.expr,
          for: rule.for,
          labels: labelsOf(rule),
          annotations: annotationsOf(rule),
        })),
      ],
    })),
  };
}

export function renderRuleFile(groups: readonly RuleGroup[]): string {
  validateRuleGroups(groups);
  return printYaml(ruleFileModel(groups));
}
