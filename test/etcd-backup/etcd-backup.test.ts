import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "../../infra/config";
import { ROTATE_SCRIPT } from "../../infra/constructs/etcd-backup";
import { synthesizePlatform } from "../../infra/synth";
import { find, platformObjects } from "../network/objects";
import { busyboxPath } from "./busybox";

const SELF_MANAGED = { platform: { clusterType: "self-managed" as const }, etcdBackup: { enabled: true, retention: 5 } };

describe("etcd backup CronJob", () => {
  it("is off by default", () => {
    expect(platformObjects("prod").some((o) => o.kind === "CronJob")).toBe(false);
  });

  it("saves with etcdctl, verifies with etcdutl, then rotates, on a control-plane node", () => {
    const cron = find(platformObjects("prod", SELF_MANAGED, "etcd-backup"), "CronJob", "etcd-backup", "kube-system");
    const pod = cron.spec.jobTemplate.spec.template.spec;
    expect(cron.spec).toMatchObject({ schedule: "17 */6 * * *", concurrencyPolicy: "Forbid", timeZone: "Etc/UTC" });
    expect(pod.nodeSelector).toEqual({ "node-role.kubernetes.io/control-plane": "" });
    const [save, verify] = pod.initContainers;
    expect(save.command.slice(0, 1)).toEqual(["etcdctl"]);
    expect(save.command.slice(-3)).toEqual(["snapshot", "save", "/work/snapshot.db"]);
    expect(save.command).toContain("--cacert=/pki/ca.crt");
    expect(verify.command.slice(0, 4)).toEqual(["etcdutl", "snapshot", "status", "/work/snapshot.db"]);
    const rotate = pod.containers[0];
    expect(rotate.env).toContainEqual({ name: "RETENTION", value: "5" });
    expect(pod.volumes.find((v: { name: string }) => v.name === "backup").hostPath).toEqual({
      path: "/var/backups/etcd",
      type: "DirectoryOrCreate",
    });
    for (const c of [save, verify, rotate])
      expect(c.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
      });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it("is watched: kube-state-metrics may list and watch CronJobs and Jobs (only then), and Prometheus alerts on them", () => {
    const ksmAccess = (overlay: object) => {
      const objects = platformObjects("prod", overlay, "monitoring-exporters");
      const role = find(objects, "ClusterRole", "keelson:kube-state-metrics");
      const args: string[] = find(objects, "Deployment", "kube-state-metrics").spec.template.spec.containers[0].args;
      const flag = args
        .find((a) => a.startsWith("--resources="))!
        .slice("--resources=".length)
        .split(",");
      return { batch: role.rules!.filter((r) => r.apiGroups.includes("batch")), flag };
    };
    const on = ksmAccess(SELF_MANAGED);
    expect(on.batch).toEqual([{ apiGroups: ["batch"], resources: ["cronjobs", "jobs"], verbs: ["list", "watch"] }]);
    expect(on.flag).toEqual(expect.arrayContaining(["cronjobs", "jobs"]));
    const off = ksmAccess({ platform: { clusterType: "self-managed" } });
    expect(off.batch).toEqual([]);
    expect(off.flag.some((f) => f === "cronjobs" || f === "jobs")).toBe(false);
    const rules = find(platformObjects("prod", SELF_MANAGED, "prometheus"), "ConfigMap", "prometheus-rules").data![
      "keelson.yaml"
    ]!;
    expect(rules).toContain('alert: "EtcdBackupTooOld"');
    expect(rules).toContain('alert: "EtcdBackupJobFailed"');
    expect(rules).toContain('cronjob=\\"etcd-backup\\"');
  });

  it("is refused on a managed cluster, with the field named", () => {
    const config = resolveConfig("prod", { etcdBackup: { enabled: true } });
    expect(() => synthesizePlatform(config, "prod")).toThrow(ConfigError);
    expect(() => synthesizePlatform(config, "prod")).toThrow(
      `'etcdBackup.enabled' must be false when 'platform.clusterType' is "managed" (the provider backs up etcd), got true`,
    );
  });
});

describe("etcd backup rotation step (real BusyBox sh)", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(env: Record<string, string>): { status: number | null; output: string } {
    const bin = busyboxPath(dir);
    const res = spawnSync(join(bin, "sh"), ["-c", ROTATE_SCRIPT], { env: { PATH: bin, ...env }, encoding: "utf8" });
    return { status: res.status, output: res.stdout + res.stderr };
  }

  it("copies the verified snapshot in, keeps the newest RETENTION and writes last-success", () => {
    dir = mkdtempSync(join(tmpdir(), "keelson-etcd-backup-"));
    const backup = join(dir, "backup");
    mkdirSync(backup);
    for (let day = 1; day <= 8; day++)
      writeFileSync(join(backup, `snapshot-202501${String(day).padStart(2, "0")}T000000Z.db`), `old ${day}`);
    writeFileSync(join(backup, "notes.txt"), "not a snapshot");
    writeFileSync(join(dir, "snapshot.db"), "fresh snapshot");
    const before = Math.floor(Date.now() / 1000);
    const res = run({ RETENTION: "3", SNAPSHOT: join(dir, "snapshot.db"), BACKUP_DIR: backup });
    expect(res.status, res.output).toBe(0);
    const files = readdirSync(backup).sort();
    const snapshots = files.filter((f) => f.startsWith("snapshot-"));
    expect(snapshots).toHaveLength(3);
    expect(snapshots.slice(0, 2)).toEqual(["snapshot-20250107T000000Z.db", "snapshot-20250108T000000Z.db"]);
    expect(readFileSync(join(backup, snapshots[2]!), "utf8")).toBe("fresh snapshot");
    expect(files).toContain("notes.txt");
    expect(files.some((f) => f.endsWith(".part"))).toBe(false);
    const lastSuccess = Number(readFileSync(join(backup, "last-success"), "utf8").trim());
    expect(lastSuccess).toBeGreaterThanOrEqual(before);
    expect(lastSuccess).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it("fails and deletes nothing when there is no verified snapshot", () => {
    dir = mkdtempSync(join(tmpdir(), "keelson-etcd-backup-"));
    const backup = join(dir, "backup");
    mkdirSync(backup);
    for (let day = 1; day <= 4; day++)
      writeFileSync(join(backup, `snapshot-202501${String(day).padStart(2, "0")}T000000Z.db`), "old");
    const res = run({ RETENTION: "1", SNAPSHOT: join(dir, "missing.db"), BACKUP_DIR: backup });
    expect(res.status).not.toBe(0);
    expect(readdirSync(backup)).toHaveLength(4);
  });
});
