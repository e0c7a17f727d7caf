/**
 * Alerting and recording rules as typed data. Every alert carries its own unit tests — one input that
 * makes it fire and one healthy input that keeps it silent — which test/render/prometheus turns into
 * `promtool test rules` files.
 */

export type Severity = "critical" | "warning" | "info";

/** One input series in promtool's notation: `name{label="value"}` and `values` like `0+10x20`. */
export interface SeriesFixture {
  readonly series: string;
  readonly values: string;
}

export interface AlertCase {
  readonly series: readonly SeriesFixture[];
  /** Evaluation time, e.g. "20m" (series start at 0m, one sample per minute). */
  readonly at: string;
}

export interface FiringCase extends AlertCase {
  /** The labels the firing alert carries from its expression (alertname and the rule's labels are added). */
  readonly labels: Readonly<Record<string, string>>;
}

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold, e.g. "10m". */
  readonly for: string;
  readonly severity: Severity;
  /** Extra labels, e.g. `scope: pod` for inhibition by a node alert. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations may use `{{ $labels.<name> }}` and nothing else. */
  readonly summary: string;
  readonly description: string;
  readonly tests: { readonly firing: FiringCase; readonly silent: AlertCase };
}

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

export interface RuleGroup {
  readonly name: string;
  readonly alerts: readonly AlertRule[];
  readonly records?: readonly RecordingRule[];
  /**
   * `control-plane`: its targets (scheduler, controller-manager) cannot be scraped on managed clusters,
   * so the group is left out there. @default "all"
   */
  readonly clusters?: "all" | "control-plane";
}

/** `name{a="x",b="y"}` for fixtures, labels sorted. */
export function seriesName(name: string, labels: Readonly<Record<string, string>> = {}): string {
  const body = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(",");
  return `${name}{${body}}`;
}

/** The annotations of an alert as Prometheus writes them into the rule file. */
export function annotationsOf(rule: AlertRule): Record<string, string> {
  return { description: rule.description, summary: rule.summary };
}

/** The labels of an alert as written into the rule file. */
export function labelsOf(rule: AlertRule): Record<string, string> {
  return { ...(rule.labels ?? {}), severity: rule.severity };
}

/** Expands `{{ $labels.x }}` the way Prometheus will for an alert with these labels (for test expectations). */
export function expandTemplate(text: string, labels: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{ \$labels\.([a-zA-Z_][a-zA-Z0-9_]*) \}\}/g, (_m, name: string) => labels[name] ?? "");
}
