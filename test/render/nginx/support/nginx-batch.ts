/**
 * `nginx -t` on many configs in ONE `buildah run` of the edge image (the image's own nginx), so golden
 * and fuzz tests can check hundreds of configs quickly. Mounts as in production (test/support/
 * image-nginx.ts): /tmp and /var/cache/nginx empty and writable, Secrets under /etc/nginx/secrets.
 * `hosts` becomes the container's /etc/hosts (buildah --no-hosts), so a rendered config that names the
 * cluster DNS (resolver kube-dns.kube-system.svc.cluster.local) can be checked as written.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildahGlobalArgs, ensureEdgeImage, NGINX_UID } from "../../../support/image-nginx";

export interface NginxTestCase {
  readonly name: string;
  readonly conf: string;
}

export interface NginxBatchOptions {
  /** Files under /etc/nginx/secrets (relative path → content), shared by every case. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** name → IPv4 address, for the container's /etc/hosts. */
  readonly hosts?: Readonly<Record<string, string>>;
}

export interface NginxTestOutcome {
  readonly ok: boolean;
  readonly output: string;
}

const MOUNT = "/keelson-batch";
/** A constant script (no config text in it): nginx -t on every mounted config, outcome per file. */
const SCRIPT = `for f in ${MOUNT}/confs/*.conf; do n=$(basename "$f" .conf); if /usr/sbin/nginx -t -q -e stderr -c "$f" >"${MOUNT}/out/$n.log" 2>&1; then echo ok >"${MOUNT}/out/$n.rc"; else echo fail >"${MOUNT}/out/$n.rc"; fi; done`;

function layout(cases: readonly NginxTestCase[], opts: NginxBatchOptions): string {
  const dir = fs.mkdtempSync(join(tmpdir(), "keelson-nginx-batch-"));
  fs.chmodSync(dir, 0o755);
  for (const sub of ["confs", "secrets", "tmp", "cache", "out"]) fs.mkdirSync(join(dir, sub));
  cases.forEach((c, i) => fs.writeFileSync(join(dir, "confs", `${String(i).padStart(5, "0")}.conf`), c.conf, { mode: 0o644 }));
  for (const [path, text] of Object.entries(opts.secrets ?? {})) {
    const target = join(dir, "secrets", path);
    if (!target.startsWith(join(dir, "secrets") + "/")) throw new Error(`secret path must stay under secrets/, got ${path}`);
    fs.mkdirSync(dirname(target), { recursive: true });
    fs.writeFileSync(target, text, { mode: 0o644 });
  }
  const hosts = Object.entries({ localhost: "127.0.0.1", ...opts.hosts }).map(([name, ip]) => `${ip} ${name}\n`);
  fs.writeFileSync(join(dir, "hosts"), hosts.join(""), { mode: 0o644 });
  for (const sub of ["tmp", "cache", "out"]) {
    fs.chownSync(join(dir, sub), NGINX_UID, NGINX_UID);
    fs.chmodSync(join(dir, sub), 0o777);
  }
  return dir;
}

function run(command: string, args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    child.once("error", (e) => resolve({ code: null, output: `${output}\n${e.message}` }));
    child.once("close", (code) => resolve({ code, output }));
  });
}

function buildahArgs(dir: string, ctr: string): string[] {
  const mounts = [
    ["confs", `${MOUNT}/confs`, ":ro"],
    ["out", `${MOUNT}/out`, ""],
    ["secrets", "/etc/nginx/secrets", ":ro"],
    ["hosts", "/etc/hosts", ":ro"],
    ["tmp", "/tmp", ""],
    ["cache", "/var/cache/nginx", ""],
  ].flatMap(([from, to, mode]) => ["-v", `${join(dir, from!)}:${to}${mode}`]);
  return [
    ...buildahGlobalArgs(),
    "run",
    "--isolation",
    "chroot",
    "--network",
    "host",
    "--no-hosts",
    ...mounts,
    ctr,
    "--",
    "/bin/sh",
    "-c",
    SCRIPT,
  ];
}

function outcomesOf(dir: string, cases: readonly NginxTestCase[]): Map<string, NginxTestOutcome> {
  const outcomes = new Map<string, NginxTestOutcome>();
  cases.forEach((c, i) => {
    const base = join(dir, "out", String(i).padStart(5, "0"));
    const rc = fs.existsSync(`${base}.rc`) ? fs.readFileSync(`${base}.rc`, "utf8").trim() : "missing";
    outcomes.set(c.name, { ok: rc === "ok", output: fs.existsSync(`${base}.log`) ? fs.readFileSync(`${base}.log`, "utf8") : "" });
  });
  return outcomes;
}

/** `nginx -t` for every case, by name. Throws when the container could not run at all. */
export async function nginxTestMany(
  cases: readonly NginxTestCase[],
  opts: NginxBatchOptions = {},
): Promise<Map<string, NginxTestOutcome>> {
  const ctr = await ensureEdgeImage();
  const dir = layout(cases, opts);
  try {
    const { code, output } = await run("buildah", buildahArgs(dir, ctr));
    if (code !== 0) throw new Error(`buildah run of the nginx batch failed (exit ${code}):\n${output}`);
    return outcomesOf(dir, cases);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
