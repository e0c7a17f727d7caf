import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../../infra/config";
import { etcdBackupMaxAgeSeconds } from "../../../infra/config/etcd-backup";
import { renderRuleTests } from "../../../infra/render/prometheus/render-rule-tests";
import { renderRuleFile } from "../../../infra/render/prometheus/render-rules";
import { platformRuleGroups } from "../../../infra/render/prometheus/rules";
import { cronJobSeries, ETCD_BACKUP_CRONJOB, jobSeries } from "../../../infra/render/prometheus/rules/etcd-backup";
import type { AlertCase, AlertRule, FiringCase, RuleGroup } from "../../../infra/render/prometheus/rules-model";
import { builtTool, imageVersion, promtoolPath, run, tempDirWith } from "./tools";

const CONFIG = resolveConfig("prod", { platform: { clusterType: "self-managed" }, etcdBackup: { enabled: true } });
const GROUP: RuleGroup = platformRuleGroups(CONFIG).find((g) => g.name === "etcd-backup")!;
const rule = (name: string): AlertRule => GROUP.alerts.find((a) => a.alert === name)!;
const MAX_AGE = etcdBackupMaxAgeSeconds(CONFIG.etcdBackup);

const PROMTOOLS: Record<string, () => string> = {
  "Debian promtool": promtoolPath,
  "promtool of the server's release": () =>
    builtTool("build-promtool.sh", "promtool", `promtool-${imageVersion(CONFIG.monitoring.prometheus.image)}`),
};

/**
 * Runs `promtool test rules` for one alert with a replaced firing or silent case (the other case stays the
 * rule's own): passes only if the alert fires with exactly the given labels, or stays silent.
 */
function scenario(promtool: string, base: AlertRule, replace: { firing?: FiringCase; silent?: AlertCase }) {
  const alert: AlertRule = { ...base, tests: { ...base.tests, ...replace } };
  const group: RuleGroup = { ...GROUP, alerts: [alert] };
  const dir = tempDirWith({ "rules.yaml": renderRuleFile([group]), "tests.yaml": renderRuleTests([group], "rules.yaml") });
  return run(promtool, ["test", "rules", "tests.yaml"], dir);
}

describe.each(Object.keys(PROMTOOLS))("etcd backup alerts, checked by %s", (tool) => {
  const promtool = (): string => PROMTOOLS[tool]!();
  const jobLabels = { namespace: ETCD_BACKUP_CRONJOB.namespace, job_name: "etcd-backup-29000000" };

  it("EtcdBackupTooOld fires for a CronJob that has never succeeded since long enough after its creation", () => {
    const firing: FiringCase = { series: cronJobSeries(undefined, -MAX_AGE), at: "10m", labels: ETCD_BACKUP_CRONJOB };
    const r = scenario(promtool(), rule("EtcdBackupTooOld"), { firing });
    expect(r.status, r.output).toBe(0);
  });

  it("EtcdBackupTooOld stays silent for a new CronJob whose first run is still to come", () => {
    const silent: AlertCase = { series: cronJobSeries(undefined, -3600), at: "10m" };
    const r = scenario(promtool(), rule("EtcdBackupTooOld"), { silent });
    expect(r.status, r.output).toBe(0);
  });

  it("the fixtures pin the threshold: a rule with a 5% lower one fails its silent case", () => {
    const base = rule("EtcdBackupTooOld");
    const lower = { ...base, expr: base.expr.replace(`> ${MAX_AGE}`, `> ${Math.floor(MAX_AGE * 0.95)}`) };
    expect(lower.expr).not.toBe(base.expr);
    const r = scenario(promtool(), lower, {});
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/exp:\[\]/);
  });

  it("EtcdBackupJobFailed fires for a failed job when no run ever succeeded", () => {
    const firing: FiringCase = {
      series: [...cronJobSeries(undefined), ...jobSeries(jobLabels.job_name, -600, true)],
      at: "10m",
      labels: jobLabels,
    };
    const r = scenario(promtool(), rule("EtcdBackupJobFailed"), { firing });
    expect(r.status, r.output).toBe(0);
  });

  it("EtcdBackupJobFailed ignores failed jobs of other CronJobs and jobs that did not fail", () => {
    const other: AlertCase = {
      series: [...cronJobSeries(-21600), ...jobSeries("other-backup-29000000", -600, true, "other-backup")],
      at: "10m",
    };
    const notFailed: AlertCase = { series: [...cronJobSeries(-21600), ...jobSeries(jobLabels.job_name, -600, false)], at: "10m" };
    for (const silent of [other, notFailed]) {
      const r = scenario(promtool(), rule("EtcdBackupJobFailed"), { silent });
      expect(r.status, r.output).toBe(0);
    }
  });
});

describe("etcd backup alerts follow the schedule", () => {
  it("the threshold in the expression and the annotations is the one derived from etcdBackup.schedule", () => {
    const weekly = resolveConfig("dev", {
      platform: { clusterType: "self-managed" },
      etcdBackup: { enabled: true, schedule: "30 2 * * 0" },
    });
    const tooOld = platformRuleGroups(weekly)
      .flatMap((g) => g.alerts)
      .find((a) => a.alert === "EtcdBackupTooOld")!;
    // Weekly: two missed runs (2 x 604800 s) plus the job's starting (600 s) and active (1800 s) deadlines.
    expect(etcdBackupMaxAgeSeconds(weekly.etcdBackup)).toBe(1_212_000);
    expect(MAX_AGE).toBeLessThan(1_212_000);
    expect(tooOld.expr.endsWith("> 1212000")).toBe(true);
    expect(tooOld.summary).toContain("336 h");
  });
});
