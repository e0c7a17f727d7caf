/**
 * A real CoreDNS for tests: the binary built by scripts/tools/build-coredns.sh (cached outside the
 * repo), started on a loopback address with a Corefile the test gives, stopped by the test.
 *
 *   const bin = await ensureCoreDns();                 // builds once if missing (minutes, cold)
 *   const { address, port } = await freeListenAddress();
 *   const dns = await startCoreDns(`.:${port} {\n  bind ${address}\n  whoami\n}\n`);
 *   await dig(dns.address, dns.port, "example.org", "A");
 *   await dns.stop();
 */
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { accessSync, constants, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, normalize, resolve } from "node:path";
import { spawnLogged, type ListenAddress, type LoggedProcess } from "./dns-server";
import { toolsDir } from "./tools-dir";

export { dig, freeListenAddress, type DigAnswer, type DigResult, type ListenAddress } from "./dns-server";

const REPO_ROOT = resolve(__dirname, "..", "..");
/** Path of the build script, relative to the repo root (as printed in error messages). */
export const BUILD_SCRIPT = "scripts/tools/build-coredns.sh";

/** The pinned CoreDNS version without the v: $COREDNS_VERSION, else the default in the build script. */
export function coreDnsVersion(): string {
  const fromEnv = process.env.COREDNS_VERSION;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const script = readFileSync(join(REPO_ROOT, BUILD_SCRIPT), "utf8");
  const pinned = /^COREDNS_VERSION=\$\{COREDNS_VERSION:-([0-9.]+)\}$/m.exec(script)?.[1];
  if (pinned === undefined) {
    throw new Error(`${BUILD_SCRIPT}: 'COREDNS_VERSION' must have a default, got none`);
  }
  return pinned;
}

/** Where the build script puts it: ${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}/coredns-<version>/bin/coredns. */
export function coreDnsBinaryPath(): string {
  const tools = toolsDir();
  return join(tools, `coredns-${coreDnsVersion()}`, "bin", "coredns");
}

function isBuilt(bin: string): boolean {
  try {
    accessSync(bin, constants.X_OK);
    accessSync(join(dirname(dirname(bin)), ".stamp")); // written by lib.sh only after a whole build
    return true;
  } catch {
    return false;
  }
}

let building: Promise<string> | undefined;

/**
 * Path to the CoreDNS binary; runs the build script when it is missing (a cold build takes minutes:
 * give the calling hook a long timeout). Throws an Error naming the build command when that fails.
 */
export function ensureCoreDns(): Promise<string> {
  const bin = coreDnsBinaryPath();
  if (isBuilt(bin)) return Promise.resolve(bin);
  building ??= runBuildScript(bin).finally(() => (building = undefined));
  return building;
}

function runBuildScript(bin: string): Promise<string> {
  const env = ["COREDNS_VERSION", "KEELSON_TOOLS"].filter((k) => (process.env[k] ?? "") !== "");
  const command = [...env.map((k) => `${k}=${process.env[k]}`), "bash", BUILD_SCRIPT].join(" ");
  return new Promise((resolvePath, reject) => {
    const child = spawn("bash", [BUILD_SCRIPT], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => {
      output += b.toString();
      process.stderr.write(b); // build progress, with timestamps
    });
    const fail = (why: string): void =>
      reject(
        new Error(
          `CoreDNS ${coreDnsVersion()} is missing at ${bin} and building it failed (${why}).\n` +
            `Build it with: ${command}   (from the repo root; needs Go and the Go module proxy)\n` +
            output.split("\n").slice(-20).join("\n"),
        ),
      );
    child.once("error", (e) => fail(e.message));
    child.once("close", (code) => {
      if (code !== 0) return fail(`exit ${code}`);
      if (isBuilt(bin)) resolvePath(bin);
      else fail(`the script succeeded but ${bin} is not built`);
    });
  });
}

export interface CoreDnsOptions {
  /** Extra files next to the Corefile (relative names), e.g. zone files; CoreDNS runs in that folder. @default {} */
  readonly files?: Readonly<Record<string, string>>;
  /** Where to query it. @default parsed from the Corefile: the first `bind` address (else 127.0.0.1) and the first `zone:port` key */
  readonly address?: string;
  readonly port?: number;
  /** How long to wait for start-up. @default 15000 */
  readonly timeoutMs?: number;
}

export interface CoreDns extends ListenAddress {
  /** The temporary folder with the Corefile and the files (removed by stop()). */
  readonly dir: string;
  /** stdout and stderr so far (the `log` and `errors` plugins write here). */
  logs(): string;
  stop(): Promise<void>;
}

interface Launched {
  readonly proc: LoggedProcess;
  readonly dir: string;
  readonly started: boolean;
}

const workDirs = new Set<string>();
process.once("exit", () => workDirs.forEach((d) => removeWorkDir(d)));

function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  workDirs.delete(dir);
}

/** A temp folder with the Corefile and the extra files (names checked first). */
function writeWorkDir(corefile: string, files: Record<string, string>): string {
  const names = Object.keys(files).map((name) => {
    const rel = normalize(name);
    const outside = isAbsolute(rel) || rel.split(/[\\/]/)[0] === "..";
    if (!outside && rel !== "Corefile") return rel;
    const rule = "a relative path inside the Corefile folder, not 'Corefile'";
    throw new Error(`CoreDNS file ${name}: 'name' must be ${rule}, got '${name}'`);
  });
  const dir = mkdtempSync(join(tmpdir(), "keelson-coredns-"));
  workDirs.add(dir);
  Object.values(files).forEach((text, i) => {
    const path = join(dir, names[i] ?? "");
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  });
  writeFileSync(join(dir, "Corefile"), corefile);
  return dir;
}

/** True when a UDP socket can bind address:port right now (CoreDNS sets SO_REUSEPORT, so a second server would share the port silently). */
function udpPortFree({ address, port }: ListenAddress): Promise<boolean> {
  return new Promise((resolveFree) => {
    const sock = createSocket(isIP(address) === 6 ? "udp6" : "udp4");
    sock.once("error", () => resolveFree(false));
    sock.bind(port, address, () => sock.close(() => resolveFree(true)));
  });
}

/** Runs `coredns -conf Corefile` in a temp folder; waits for the start-up banner, an exit or the timeout. */
async function launch(corefile: string, opts: CoreDnsOptions): Promise<Launched> {
  const bin = await ensureCoreDns();
  const listen = tryListenAddress(corefile, opts);
  if (listen !== undefined && !(await udpPortFree(listen))) {
    const at = `${listen.address}:${listen.port}`;
    throw new Error(`CoreDNS ${at}: 'port' must be free (see freeListenAddress), got one in use`);
  }
  const dir = writeWorkDir(corefile, opts.files ?? {});
  const proc = spawnLogged(bin, ["-conf", join(dir, "Corefile")], dir);
  // "CoreDNS-<version>" is printed once caddy.Start returned: every listener is bound.
  const banner = `CoreDNS-${coreDnsVersion()}`;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  while (!proc.logs().includes(banner) && !exited && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
  }
  return { proc, dir, started: proc.logs().includes(banner) && !exited };
}

function tryListenAddress(corefile: string, opts: CoreDnsOptions): ListenAddress | undefined {
  try {
    return coreDnsListenAddress(corefile, opts);
  } catch {
    return undefined;
  }
}

/** `{address, port}` a client should query, from the options or the Corefile text. */
export function coreDnsListenAddress(corefile: string, opts: CoreDnsOptions = {}): ListenAddress {
  const address = opts.address ?? /^\s*bind\s+(\S+)/m.exec(corefile)?.[1] ?? "127.0.0.1";
  const port = opts.port ?? Number(/^\s*(?:[a-z]+:\/\/)?[^\s#{]*:(\d+)\b[^\n]*\{/m.exec(corefile)?.[1]);
  if (!Number.isInteger(port) || port <= 0) {
    throw new Error("CoreDNS Corefile: 'port' must be given in a server block key like '.:1053', got none");
  }
  return { address, port };
}

/**
 * Starts a real CoreDNS with `corefile` (which should `bind` a 127.0.0.x address and use a free port:
 * see freeListenAddress) and resolves once it serves; throws with its output if it does not start.
 */
export async function startCoreDns(corefile: string, opts: CoreDnsOptions = {}): Promise<CoreDns> {
  const listen = coreDnsListenAddress(corefile, opts);
  const { proc, dir, started } = await launch(corefile, opts);
  const stop = async (): Promise<void> => {
    await proc.stop();
    removeWorkDir(dir);
  };
  if (!started) {
    await stop();
    throw new Error(`CoreDNS did not start with this Corefile:\n${corefile}\n--- output ---\n${proc.logs()}`);
  }
  return { ...listen, dir, logs: proc.logs, stop };
}

export interface CoreDnsValidation {
  readonly ok: boolean;
  /** CoreDNS's output, e.g. "Corefile:3 - Error during parsing: Unknown directive 'bogus'". */
  readonly output: string;
}

/**
 * Validates a Corefile with the real binary. CoreDNS has no check-only flag, so this starts it:
 * ok when it parses, sets up every plugin and binds its listeners (then it is stopped), not ok when
 * it exits or does not come up within the timeout. Use a free address/port in the Corefile.
 */
export async function coreDnsValidate(corefile: string, opts: CoreDnsOptions = {}): Promise<CoreDnsValidation> {
  const { proc, dir, started } = await launch(corefile, opts);
  await proc.stop();
  removeWorkDir(dir);
  const output = proc.logs();
  return {
    ok: started,
    output: started ? output : `${output}\n(CoreDNS was not serving after the timeout or exited)`,
  };
}
