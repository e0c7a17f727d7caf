import { describe, expect, it } from "vitest";
import { resolveConfig, type PlatformConfig } from "../../../infra/config";
import { renderRuleTests } from "../../../infra/render/prometheus/render-rule-tests";
import { renderRuleFile, validateRuleGroups } from "../../../infra/render/prometheus/render-rules";
import { platformRuleGroups } from "../../../infra/render/prometheus/rules";
import type { RuleGroup } from "../../../infra/render/prometheus/rules-model";
import { builtTool, imageVersion, promtoolPath, run, tempDirWith } from "./tools";

const CASES: Record<string, PlatformConfig> = {
  dev: resolveConfig("dev"),
  prod: resolveConfig("prod"),
  "dev, self-managed cluster": resolveConfig("dev", { platform: { clusterType: "self-managed" } }),
  "dev, no edge, no logging": resolveConfig("dev", { edge: { enabled: false }, logging: { enabled: false } }),
  "prod, self-managed, etcd backups (weekly)": resolveConfig("prod", {
    platform: { clusterType: "self-managed" },
    etcdBackup: { enabled: true, schedule: "30 2 * * 0" },
  }),
};

/** Debian's promtool (the `prometheus` package) and the one of the server's release (3.13.2, built). */
const PROMTOOLS: Record<string, () => string> = {
  "Debian promtool": promtoolPath,
  "promtool of the server's release": () =>
    builtTool("build-promtool.sh", "promtool", `promtool-${imageVersion(resolveConfig("dev").monitoring.prometheus.image)}`),
};

function checkAndTest(
  groups: readonly RuleGroup[],
  promtool = promtoolPath(),
): { check: ReturnType<typeof run>; test: ReturnType<typeof run> } {
  const dir = tempDirWith({ "rules.yaml": renderRuleFile(groups), "tests.yaml": renderRuleTests(groups, "rules.yaml") });
  return {
    check: run(promtool, ["check", "rules", "rules.yaml"], dir),
    test: run(promtool, ["test", "rules", "tests.yaml"], dir),
  };
}

describe.each(Object.keys(PROMTOOLS))("Prometheus rules, checked by %s", (tool) => {
  for (const [name, config] of Object.entries(CASES)) {
    it(`${name}: promtool check rules and every alert's firing and silent unit tests pass`, () => {
      const groups = platformRuleGroups(config);
      const { check, test } = checkAndTest(groups, PROMTOOLS[tool]!());
      expect(check.output).toContain("SUCCESS");
      expect(check.status, check.output).toBe(0);
      expect(test.status, test.output).toBe(0);
    });
  }

  it("a broken rule expression fails promtool check rules and promtool test rules", () => {
    const [group] = platformRuleGroups(CASES.dev!).filter((g) => g.alerts.length > 0);
    const broken: RuleGroup = { ...group!, alerts: [{ ...group!.alerts[0]!, expr: "sum(rate(up[5m]) > " }] };
    const { check, test } = checkAndTest([broken], PROMTOOLS[tool]!());
    expect(check.status).not.toBe(0);
    expect(check.output).toMatch(/parse error/);
    expect(test.status).not.toBe(0);
  });

  it("an alert whose expression never fires fails its firing unit test", () => {
    const [group] = platformRuleGroups(CASES.dev!).filter((g) => g.alerts.length > 0);
    const silenced: RuleGroup = { ...group!, alerts: [{ ...group!.alerts[0]!, expr: "vector(1) == 2" }] };
    const { check, test } = checkAndTest([silenced], PROMTOOLS[tool]!());
    expect(check.status, check.output).toBe(0);
    expect(test.status).not.toBe(0);
    expect(test.output).toContain(group!.alerts[0]!.alert);
  });

  it("an alert that always fires fails its silent unit test", () => {
    const [group] = platformRuleGroups(CASES.dev!).filter((g) => g.alerts.length > 0);
    const rule = group!.alerts[0]!;
    // Fires with exactly the firing case's labels whatever the input: the firing case passes, only the silent case can catch it.
    const expr = Object.entries(rule.tests.firing.labels).reduce(
      (e, [k, v]) => `label_replace(${e}, ${JSON.stringify(k)}, ${JSON.stringify(v)}, "", "")`,
      "vector(1)",
    );
    const always: RuleGroup = { ...group!, alerts: [{ ...rule, expr }] };
    const { test } = checkAndTest([always], PROMTOOLS[tool]!());
    expect(test.status).not.toBe(0);
    // One failure only: the silent case expected no alert and got one.
    expect(test.output.match(/alertname: /g)).toHaveLength(1);
    expect(test.output).toMatch(/exp:\[\]/);
  });
});

describe("rule selection by config", () => {
  const alertNames = (config: PlatformConfig) => platformRuleGroups(config).flatMap((g) => g.alerts.map((a) => a.alert));

  it("managed clusters drop control-plane alerts; self-managed clusters keep them", () => {
    expect(alertNames(CASES.dev!)).not.toContain("KubeSchedulerDown");
    expect(alertNames(CASES.dev!)).not.toContain("KubeControllerManagerDown");
    expect(alertNames(CASES["dev, self-managed cluster"]!)).toEqual(
      expect.arrayContaining(["KubeSchedulerDown", "KubeControllerManagerDown"]),
    );
  });

  it("covers every area the platform needs alerts for", () => {
    const names = alertNames(CASES["dev, self-managed cluster"]!);
    for (const required of [
      "NodeNotReady",
      "NodeExporterDown",
      "NodeMemoryPressure",
      "NodeDiskPressure",
      "PodCrashLooping",
      "DeploymentReplicasUnavailable",
      "PersistentVolumeAlmostFull",
      "PrometheusConfigReloadFailed",
      "AlertmanagerNotificationsFailing",
      "TargetDown",
      "Edge5xxRatioHigh",
      "EdgeUpstreamErrors",
      "EdgeCacheHitRatioLow",
      "CoreDNSErrorsHigh",
      "CoreDNSLatencyHigh",
      "CoreDNSForwardErrorsHigh",
      "LogCollectorRetrying",
      "LogCollectorDroppingLogs",
      "LogStoreIngestionFailures",
    ]) {
      expect(names).toContain(required);
    }
    expect(alertNames(CASES["prod, self-managed, etcd backups (weekly)"]!)).toEqual(
      expect.arrayContaining(["EtcdBackupTooOld", "EtcdBackupJobFailed"]),
    );
  });

  it("edge, logging and etcd-backup alerts follow their addons", () => {
    const names = alertNames(CASES["dev, no edge, no logging"]!);
    expect(names.some((n) => n.startsWith("Edge"))).toBe(false);
    expect(names.some((n) => n.startsWith("Log"))).toBe(false);
    expect(alertNames(CASES["dev, self-managed cluster"]!).some((n) => n.startsWith("EtcdBackup"))).toBe(false);
  });

  it("rejects a rule with an unknown annotation template and a malformed duration, naming both", () => {
    const [group] = platformRuleGroups(CASES.dev!).filter((g) => g.alerts.length > 0);
    const bad: RuleGroup = { ...group!, alerts: [{ ...group!.alerts[0]!, for: "5 minutes", summary: "value {{ $value }}" }] };
    expect(() => validateRuleGroups([bad])).toThrow(
      /'for' must be a duration like 5m, got "5 minutes"[\s\S]*annotations must use only/,
    );
  });
});
