/**
 * The real nginx for tests: the nginx inside the built edge image (keelson/edge-nginx:dev), run by
 * `buildah run --isolation chroot --network host` on a working container (scripts/images/).
 *
 * Path convention (docs/images.md): every run reproduces the pod's mounts, so tests check the
 * exact text the renderer emits for production; there is no test-only path prefix.
 *   /etc/nginx/nginx.conf  the config (ConfigMap)   files: relative keys under /etc/nginx/,
 *   /tmp, /var/cache/nginx fresh empty dirs         absolute keys at that path (Secrets)
 * So: write only under /tmp (pid, *_temp_path) and /var/cache/nginx (proxy_cache_path), log to
 * `stderr` / `/dev/stdout`, no `daemon`, listen on the 127.0.0.x:port the test picks.
 * Needs root, buildah, debootstrap (missing: an Error naming apt-get). KEELSON_KEEP_NGINX_DIRS=1 keeps dirs.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import { connect } from "node:net";
import { homedir, tmpdir } from "node:os";
import { dirname, isAbsolute, join, posix, resolve } from "node:path";
import { NGINX_UID } from "../../infra/constructs/edge/edge-pod";
import { collectOutput, requireExecutable, type ListenAddress } from "./dns-server";

/** The image's nginx user: the uid the edge pod runs as (re-exported for the image tests). */
export { NGINX_UID } from "../../infra/constructs/edge/edge-pod";
export type NginxImage = "edge-nginx" | "demo-backend";

export interface NginxRunOptions {
  /** Image whose nginx runs the config. @default "edge-nginx" */
  readonly image?: NginxImage;
  /** TCP addresses to wait for. @default the `listen` addresses parsed from the config */
  readonly waitFor?: readonly ListenAddress[];
  /** @default 30000 */
  readonly timeoutMs?: number;
}

export interface NginxTestResult {
  readonly ok: boolean;
  readonly output: string;
}

export interface RunningNginx {
  /** Host pid of the nginx master (chroot isolation shares the host pid namespace). */
  readonly pid: number;
  /** Host directory holding this run's mounts (conf/, files/, tmp/, cache/, logs/). */
  readonly dir: string;
  /** stderr (error log) then stdout (access log) then buildah's own output. */
  logs(): string;
  errorLog(): string;
  accessLog(): string;
  /** SIGTERM to the master, SIGKILL after 10 s; removes `dir`. Idempotent. */
  stop(): Promise<void>;
}

const REPO = resolve(__dirname, "../..");
const LOG_MOUNT = "/keelson-test";
const EMPTY_DIRS = { tmp: "/tmp", cache: "/var/cache/nginx" } as const;
const TOOLS = { buildah: "buildah", debootstrap: "debootstrap", flock: "util-linux" } as const;

/** Throws, naming the install command, when a tool the image harness needs is missing. */
export function requireImageTools(): void {
  for (const [tool, pkg] of Object.entries(TOOLS)) requireExecutable(tool, `apt-get update && apt-get install -y ${pkg}`);
  if (process.getuid?.() !== 0) {
    throw new Error("image-nginx needs root (buildah vfs storage and chroot isolation): run the tests as root");
  }
}

/** buildah's global flags: the same storage as scripts/images/lib.sh. */
export function buildahGlobalArgs(): string[] {
  const cache = process.env.KEELSON_CACHE ?? join(process.env.HOME ?? homedir(), ".cache/keelson");
  const root = process.env.KEELSON_STORAGE_ROOT ?? join(cache, "containers/storage");
  const runroot = process.env.KEELSON_STORAGE_RUNROOT ?? join(cache, "containers/run");
  return ["--root", root, "--runroot", runroot, "--storage-driver", "vfs"];
}

const ensured = new Map<NginxImage, Promise<string>>();
/** Builds base + image when missing or stale; resolves with a working container's name. */
export function ensureImage(image: NginxImage): Promise<string> {
  let p = ensured.get(image);
  if (p === undefined) {
    requireImageTools();
    const script = join(REPO, "scripts/images/ensure-container.sh");
    p = new Promise<string>((res, rej) => {
      execFile("bash", [script, image], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
        const name = stdout.trim().split("\n").pop() ?? "";
        if (err !== null || name === "") rej(new Error(`${script} ${image} failed: ${err?.message}\n${stderr}`));
        else res(name);
      });
    });
    ensured.set(image, p);
    p.catch(() => ensured.delete(image));
  }
  return p;
}

/** The edge image's working container (built from images/edge-nginx when missing or stale). */
export function ensureEdgeImage(): Promise<string> {
  return ensureImage("edge-nginx");
}

/** Where `key` of `files` lands in the container. */
function containerPath(key: string): string {
  const p = posix.normalize(isAbsolute(key) ? key : posix.join("/etc/nginx", key));
  if (key === "" || key.split("/").includes("..") || p === "/") {
    throw new Error(`nginx file ${JSON.stringify(key)}: 'files' key must be a path without '..', got ${JSON.stringify(key)}`);
  }
  return p;
}

/** Lays out a run's host dir; returns it and the buildah -v flags that mount it. */
function prepareRun(nginxConf: string, files: Readonly<Record<string, string>>): { dir: string; mounts: string[] } {
  const dir = fs.mkdtempSync(join(tmpdir(), "keelson-nginx-"));
  fs.chmodSync(dir, 0o755);
  for (const sub of ["conf", "files", "tmp", "cache", "logs"]) fs.mkdirSync(join(dir, sub));
  fs.writeFileSync(join(dir, "conf/nginx.conf"), nginxConf, { mode: 0o644 });
  const mounts = ["-v", `${dir}/conf/nginx.conf:/etc/nginx/nginx.conf:ro`];
  for (const [key, text] of Object.entries(files)) {
    const target = containerPath(key);
    const inEmptyDir = Object.entries(EMPTY_DIRS).find(([, m]) => target.startsWith(`${m}/`));
    const host = inEmptyDir ? join(dir, inEmptyDir[0], target.slice(inEmptyDir[1].length)) : join(dir, "files", target);
    fs.mkdirSync(dirname(host), { recursive: true });
    fs.writeFileSync(host, text, { mode: 0o644 });
    if (!inEmptyDir) mounts.push("-v", `${host}:${target}:ro`);
  }
  for (const [sub, target] of Object.entries(EMPTY_DIRS)) {
    chownTree(join(dir, sub));
    fs.chmodSync(join(dir, sub), 0o777);
    mounts.push("-v", `${dir}/${sub}:${target}`);
  }
  chownTree(join(dir, "logs"));
  mounts.push("-v", `${dir}/logs:${LOG_MOUNT}`);
  return { dir, mounts };
}

function chownTree(path: string): void {
  fs.chownSync(path, NGINX_UID, NGINX_UID);
  if (fs.statSync(path).isDirectory()) fs.readdirSync(path).forEach((e) => chownTree(join(path, e)));
}

/** `buildah run` of nginx with its stdout/stderr sent to files under logs/. */
function spawnNginx(ctr: string, mounts: readonly string[], nginxArgs: readonly string[]): ChildProcess {
  const redirect = `exec "$@" >${LOG_MOUNT}/stdout.log 2>${LOG_MOUNT}/stderr.log`;
  const args = [...buildahGlobalArgs(), "run", "--isolation", "chroot", "--network", "host", ...mounts, ctr, "--"];
  const cmd = ["/bin/sh", "-c", redirect, "sh", "/usr/sbin/nginx", "-e", "stderr", "-c", "/etc/nginx/nginx.conf"];
  return spawn("buildah", [...args, ...cmd, ...nginxArgs], { stdio: ["ignore", "pipe", "pipe"], detached: true });
}

const readOr = (path: string): string => (fs.existsSync(path) ? fs.readFileSync(path, "utf8") : "");

function removeDir(dir: string): void {
  if (process.env.KEELSON_KEEP_NGINX_DIRS === undefined) fs.rmSync(dir, { recursive: true, force: true });
}

/** `nginx -t` on `nginxConf` (+ `files`) inside the image, mounted as in production. */
export async function nginxTest(
  nginxConf: string,
  files: Readonly<Record<string, string>> = {},
  opts: Pick<NginxRunOptions, "image"> = {},
): Promise<NginxTestResult> {
  const ctr = await ensureImage(opts.image ?? "edge-nginx");
  const { dir, mounts } = prepareRun(nginxConf, files);
  try {
    const run = collectOutput(spawnNginx(ctr, mounts, ["-t"]));
    const code = await run.exited;
    const output = readOr(join(dir, "logs/stderr.log")) + readOr(join(dir, "logs/stdout.log")) + run.logs();
    return { ok: code === 0, output };
  } finally {
    removeDir(dir);
  }
}

/** TCP addresses of the config's `listen` directives (port only or `*` → 127.0.0.1; QUIC skipped). */
export function listenAddresses(nginxConf: string): ListenAddress[] {
  const out: ListenAddress[] = [];
  for (const m of nginxConf.matchAll(/^\s*listen\s+([^\s;]+)([^;]*);/gm)) {
    const [value = "", rest = ""] = [m[1], m[2]];
    if (value.startsWith("unix:") || /\bquic\b/.test(rest)) continue;
    const hp = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(value);
    if (hp === null && /^\d+$/.test(value)) out.push({ address: "127.0.0.1", port: Number(value) });
    if (hp === null) continue;
    const host = hp[1] ?? hp[2] ?? "";
    const address = host === "*" || host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
    out.push({ address, port: Number(hp[3]) });
  }
  return out;
}

function canConnect({ address, port }: ListenAddress): Promise<boolean> {
  return new Promise((res) => {
    const done = (ok: boolean): void => void (sock.destroy(), res(ok));
    const sock = connect({ host: address, port }, () => done(true)).once("error", () => done(false));
    sock.setTimeout(1000, () => done(false));
  });
}

/** The config's pid file relative to /tmp (the emptyDir the host can read). */
function pidFileInTmp(nginxConf: string): string {
  const pid = /^\s*pid\s+([^\s;]+)\s*;/m.exec(nginxConf)?.[1];
  if (pid === undefined || !pid.startsWith("/tmp/")) {
    throw new Error(`nginx config: 'pid' must be a file under /tmp (an emptyDir), got ${pid ?? "(unset)"}`);
  }
  return pid.slice("/tmp/".length);
}

const live = new Set<() => void>();
process.once("exit", () => live.forEach((kill) => kill()));

/** Runs nginx in the foreground on the host network; resolves once it listens. */
export async function startNginx(
  nginxConf: string,
  files: Readonly<Record<string, string>> = {},
  opts: NginxRunOptions = {},
): Promise<RunningNginx> {
  const pidInTmp = pidFileInTmp(nginxConf);
  const ctr = await ensureImage(opts.image ?? "edge-nginx");
  const { dir, mounts } = prepareRun(nginxConf, files);
  const pidFile = join(dir, "tmp", pidInTmp);
  const readPid = (): number => Number.parseInt(readOr(pidFile).trim(), 10);
  const nginx = supervise(spawnNginx(ctr, mounts, ["-g", "daemon off;"]), dir, readPid);
  const waitFor = opts.waitFor ?? listenAddresses(nginxConf);
  await waitReady(nginx.exited, readPid, waitFor, opts.timeoutMs ?? 30_000).catch(async (e: Error) => {
    const text = nginx.logs();
    await nginx.stop();
    throw new Error(`nginx did not start: ${e.message}\n${text}`);
  });
  const { logs, errorLog, accessLog, stop } = nginx;
  return { pid: readPid(), dir, logs, errorLog, accessLog, stop };
}

/** Logs and an idempotent stop() for a spawned nginx; SIGKILLs it if this process exits first. */
function supervise(child: ChildProcess, dir: string, readPid: () => number) {
  const run = collectOutput(child);
  const kill = (): void => {
    if (readPid() > 0) tryKill(readPid(), "SIGKILL");
    if (child.pid !== undefined) tryKill(-child.pid, "SIGKILL");
  };
  live.add(kill);
  let final: { err: string; acc: string } | undefined;
  const errorLog = (): string => final?.err ?? readOr(join(dir, "logs/stderr.log"));
  const accessLog = (): string => final?.acc ?? readOr(join(dir, "logs/stdout.log"));
  const logs = (): string => errorLog() + accessLog() + run.logs();
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (readPid() > 0) tryKill(readPid(), "SIGTERM");
      const timer = setTimeout(kill, 10_000);
      await run.exited.finally(() => clearTimeout(timer));
      final = { err: errorLog(), acc: accessLog() };
      live.delete(kill);
      removeDir(dir);
    })());
  return { exited: run.exited, logs, errorLog, accessLog, stop };
}

/** Signals a process this module started; it may be gone already. */
function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

async function waitReady(
  exited: Promise<number | null>,
  readPid: () => number,
  waitFor: readonly ListenAddress[],
  timeoutMs: number,
): Promise<void> {
  let code: number | null | undefined;
  void exited.then((c) => (code = c));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (code !== undefined) throw new Error(`exited with code ${code}`);
    if (Number.isInteger(readPid())) {
      const up = await Promise.all(waitFor.map(canConnect));
      if (up.every(Boolean)) return;
    }
    if (Date.now() > deadline) throw new Error(`not listening on ${JSON.stringify(waitFor)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
