/**
 * The etcd backup CronJob's three steps, exactly as synthesized, run against a real etcd (TLS with client
 * certificates, as kubeadm) on 127.0.0.x: real etcdctl and etcdutl (built from their Go modules, see
 * etcd-clients.ts) and real BusyBox. The test only moves the pod's mount paths (/pki, /work, /backup) to
 * temporary folders and points the endpoint at the test etcd.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeListenAddress, freeTcpPort, requireExecutable, spawnLogged, type LoggedProcess } from "../support/dns-server";
import { find, platformObjects } from "../network/objects";
import { busyboxPath } from "./busybox";
import { ensureEtcdClients, etcdServerPath } from "./etcd-clients";

type Container = { name: string; command: string[]; env?: { name: string; value: string }[] };

/** A CA, a server certificate for `ip` and kubeadm-named client certificate, made with openssl. */
function makePki(dir: string, ip: string): void {
  const openssl = requireExecutable("openssl", "apt-get install -y openssl");
  const run = (args: string[]): void => void execFileSync(openssl, args, { cwd: dir, stdio: "pipe" });
  const key = (name: string): void =>
    run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", `${name}.key`]);
  key("ca");
  run(["req", "-x509", "-new", "-key", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=etcd-ca"]);
  const sign = (name: string, cn: string, ext: string): void => {
    key(name);
    run(["req", "-new", "-key", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`]);
    writeFileSync(join(dir, `${name}.ext`), ext);
    run([
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      "1",
      "-extfile",
      `${name}.ext`,
    ]);
  };
  sign("server", "etcd-server", `subjectAltName=IP:${ip}\nextendedKeyUsage=serverAuth\n`);
  sign("healthcheck-client", "kube-etcd-healthcheck-client", "extendedKeyUsage=clientAuth\n");
}

describe("etcd backup steps against a real etcd", () => {
  let dir = "";
  let etcd: LoggedProcess | undefined;
  let endpoint = "";
  let clients: { etcdctl: string; etcdutl: string };
  let steps: Container[] = [];

  const remap = (text: string): string =>
    text
      .replace(/^\/pki\//, `${dir}/pki/`)
      .replace(/^\/work\//, `${dir}/work/`)
      .replace(/^\/backup$/, `${dir}/backup`)
      .replace(/=\/pki\//, `=${dir}/pki/`);
  const runStep = (c: Container): { status: number | null; output: string } => {
    const [cmd = "", ...args] = c.command;
    const env: Record<string, string> = Object.fromEntries((c.env ?? []).map((e) => [e.name, remap(e.value)]));
    const bin = cmd === "sh" ? join(busyboxPath(dir), "sh") : clients[cmd as "etcdctl" | "etcdutl"];
    const res = spawnSync(bin, args.map(remap), {
      encoding: "utf8",
      env: cmd === "sh" ? { PATH: busyboxPath(dir), ...env } : { PATH: "/nonexistent" },
    });
    return { status: res.status, output: `${res.stdout}${res.stderr}` };
  };

  beforeAll(async () => {
    clients = ensureEtcdClients();
    const server = etcdServerPath();
    dir = mkdtempSync(join(tmpdir(), "keelson-etcd-real-"));
    for (const sub of ["pki", "work", "backup", "data"]) mkdirSync(join(dir, sub));
    const { address } = await freeListenAddress();
    const [clientPort, peerPort] = [await freeTcpPort(address), await freeTcpPort(address)];
    makePki(join(dir, "pki"), address);
    endpoint = `https://${address}:${clientPort}`;
    const pki = join(dir, "pki");
    etcd = spawnLogged(server, [
      "--name=backup-test",
      `--data-dir=${join(dir, "data")}`,
      `--listen-client-urls=${endpoint}`,
      `--advertise-client-urls=${endpoint}`,
      `--listen-peer-urls=http://${address}:${peerPort}`,
      `--initial-advertise-peer-urls=http://${address}:${peerPort}`,
      `--initial-cluster=backup-test=http://${address}:${peerPort}`,
      "--client-cert-auth",
      `--trusted-ca-file=${pki}/ca.crt`,
      `--cert-file=${pki}/server.crt`,
      `--key-file=${pki}/server.key`,
    ]);
    const tls = [
      `--endpoints=${endpoint}`,
      `--cacert=${pki}/ca.crt`,
      `--cert=${pki}/healthcheck-client.crt`,
      `--key=${pki}/healthcheck-client.key`,
    ];
    for (let i = 0; i < 100 && spawnSync(clients.etcdctl, [...tls, "endpoint", "health"]).status !== 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 20; i++) execFileSync(clients.etcdctl, [...tls, "put", `/registry/test/key-${i}`, `value-${i}`]);
    const cron = find(
      platformObjects(
        "prod",
        { platform: { clusterType: "self-managed" }, etcdBackup: { enabled: true, endpoint, retention: 2 } },
        "etcd-backup",
      ),
      "CronJob",
      "etcd-backup",
    );
    const pod = cron.spec.jobTemplate.spec.template.spec;
    steps = [...pod.initContainers, ...pod.containers];
  }, 600_000);

  afterAll(async () => {
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("saves a snapshot, verifies it and keeps the newest `retention` on the backup volume", () => {
    expect(steps.map((s) => s.name)).toEqual(["snapshot", "verify", "rotate"]);
    for (let run = 0; run < 3; run++) {
      for (const step of steps) {
        const res = runStep(step);
        expect(res.status, `${step.name}: ${res.output}`).toBe(0);
        if (step.name === "verify") expect(res.output).toMatch(/TOTAL KEYS/);
      }
      // distinct timestamps (the name has one-second resolution)
      if (run < 2) spawnSync("sleep", ["1.1"]);
    }
    const snapshots = readdirSync(join(dir, "backup")).filter((f) => /^snapshot-\d{8}T\d{6}Z\.db$/.test(f));
    expect(snapshots).toHaveLength(2);
    const status = JSON.parse(
      execFileSync(clients.etcdutl, ["snapshot", "status", join(dir, "backup", snapshots[1]!), "--write-out=json"], {
        encoding: "utf8",
      }),
    );
    expect(status.totalKey).toBeGreaterThanOrEqual(20);
  });

  it("fails the verify step on a corrupt snapshot, so nothing is rotated", () => {
    writeFileSync(join(dir, "work", "snapshot.db"), "not a bolt database");
    const verify = steps.find((s) => s.name === "verify")!;
    expect(runStep(verify).status).not.toBe(0);
  });
});
