/**
 * DNS test plumbing on loopback: a real second DNS server (Debian's dnsmasq),
 * `dig`, the child-process wrapper that coredns.ts uses too, and (from
 * free-port.ts) the free 127.0.0.x address/port picker.
 *
 * dnsmasq answers from a hosts file that `setRecords()` rewrites and reloads
 * with SIGHUP, so tests (CoreDNS stub-domain forwarding, the NGINX edge
 * `resolver`) can change names at runtime.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { Resolver } from "node:dns/promises";
import * as fs from "node:fs";
import { isIP } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { freeListenAddress, type ListenAddress } from "./free-port";

/** name → addresses (IPv4 or IPv6). */
export type DnsRecords = Readonly<Record<string, readonly string[]>>;

export { freeListenAddress, freeTcpPort, type ListenAddress } from "./free-port";

/** Path of an executable (PATH, /usr/sbin, /sbin), else an Error naming the install command. */
export function requireExecutable(name: string, install: string): string {
  const path = `${process.env.PATH ?? ""}:/usr/sbin:/sbin`.split(delimiter);
  const dirs = path.filter((d) => d.startsWith("/"));
  const found = dirs.map((d) => join(d, name)).find((p) => fs.existsSync(p));
  if (found !== undefined) return found;
  throw new Error(`${name} not found on PATH: install it with \`${install}\``);
}

/** A child process whose stdout and stderr are collected in one log. */
export interface LoggedProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal or not started). */
  readonly exited: Promise<number | null>;
  logs(): string;
  /** SIGTERM, SIGKILL after `graceMs`; resolves once it is gone. Idempotent. */
  stop(graceMs?: number): Promise<number | null>;
}

const live = new Set<ChildProcess>();
process.once("exit", () => live.forEach((c) => c.kill("SIGKILL")));

/** stdout and stderr of `child` collected in one log, and its exit code (null when killed by a signal or not started). */
export function collectOutput(child: ChildProcess): Pick<LoggedProcess, "exited" | "logs"> {
  let log = "";
  const append = (b: Buffer): void => void (log += b.toString());
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<number | null>((resolve) => {
    child.once("error", (e) => {
      log += `\n${e.message}\n`;
      resolve(null);
    });
    child.once("close", (code) => resolve(code));
  });
  return { exited, logs: () => log };
}

export function spawnLogged(command: string, args: readonly string[], cwd?: string): LoggedProcess {
  const child = spawn(command, args, { cwd, stdio: "pipe" });
  live.add(child);
  const { logs, exited: closed } = collectOutput(child);
  const exited = closed.finally(() => live.delete(child));
  const stop = async (graceMs = 3000): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    return exited.finally(() => clearTimeout(timer));
  };
  return { child, exited, logs, stop };
}

/** Polls `ready` every 50 ms; throws with the logs on exit or timeout. */
export async function waitUntil(
  what: string,
  proc: LoggedProcess,
  ready: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void proc.exited.then(() => (gone = true));
  while (!(await ready())) {
    const why = gone ? "exited" : `not ready after ${timeoutMs} ms`;
    if (gone || Date.now() > deadline) {
      throw new Error(`${what} ${why}:\n${proc.logs()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface DigAnswer {
  readonly name: string;
  readonly ttl: number;
  readonly class: string;
  readonly type: string;
  readonly data: string;
}

export interface DigResult {
  /** The RCODE as dig prints it: NOERROR, NXDOMAIN, SERVFAIL, REFUSED... */
  readonly status: string;
  /** Header flags, e.g. ["qr", "aa", "rd", "ra"]. */
  readonly flags: readonly string[];
  readonly answers: readonly DigAnswer[];
  readonly output: string;
}

const DIG_FLAGS = "+tries=1 +time=2 +nocmd +noall +comments +answer";

/** Queries server:port with Debian's `dig`; throws when nothing answers. */
export async function dig(
  server: string,
  port: number,
  name: string,
  type = "A",
  opts: { readonly tcp?: boolean } = {},
): Promise<DigResult> {
  const bin = requireExecutable("dig", "apt-get install -y dnsutils");
  const flags = `${DIG_FLAGS}${opts.tcp === true ? " +tcp" : ""}`;
  const args = [`@${server}`, "-p", `${port}`, ...flags.split(" "), name, type];
  const proc = spawnLogged(bin, args);
  const code = await proc.exited;
  const output = proc.logs();
  const status = /status: ([A-Z]+)/.exec(output)?.[1];
  if (code !== 0 || status === undefined) {
    throw new Error(`dig ${args.join(" ")} failed (${code}):\n${output}`);
  }
  const rows = output.split("\n").filter((l) => /^[^;\s]/.test(l));
  const answers = rows.map((row) => {
    const [n = "", ttl, cls = "", t = "", ...data] = row.split(/\s+/);
    return { name: n, ttl: Number(ttl), class: cls, type: t, data: data.join(" ") };
  });
  const header = /;; flags: ([a-z ]*);/.exec(output)?.[1]?.trim() ?? "";
  return { status, flags: header.split(/\s+/), answers, output };
}

export interface DnsmasqOptions {
  /** @default the next free 127.0.0.x (see freeListenAddress) */
  readonly address?: string;
  /** @default a port free on `address` */
  readonly port?: number;
  readonly records: DnsRecords;
  /** TTL of the answers from `records` (--local-ttl). @default 0 */
  readonly ttlSeconds?: number;
  /**
   * Domains answered from `records` only (--local): an unknown name gets
   * NXDOMAIN rather than REFUSED. @default []
   */
  readonly localDomains?: readonly string[];
}

export interface Dnsmasq extends ListenAddress {
  /** Replaces all records (hosts file + SIGHUP); resolves once re-read. */
  setRecords(records: DnsRecords): Promise<void>;
  /** Queries received so far, for one name or all (probes excluded). */
  queryCount(name?: string): number;
  logs(): string;
  stop(): Promise<void>;
}

const PROBE_NAME = "keelson-probe.invalid";
const LABEL = "[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?";
const NAME_RE = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*\\.?$`);

function checkName(what: string, name: string): string {
  if (NAME_RE.test(name)) return name.replace(/\.$/, "");
  const got = JSON.stringify(name);
  throw new Error(`dnsmasq ${what} ${got}: 'name' must be a DNS name, got ${got}`);
}

/** The hosts file for `records`, names sorted; names and addresses validated. */
export function hostsFileText(records: DnsRecords): string {
  const lines: string[] = [];
  for (const name of Object.keys(records).sort()) {
    checkName("record", name);
    for (const ip of records[name] ?? []) {
      if (isIP(ip) === 0) {
        const got = JSON.stringify(ip);
        const rule = "'address' must be an IP address";
        throw new Error(`dnsmasq record ${name}: ${rule}, got ${got}`);
      }
      lines.push(`${ip} ${name}\n`);
    }
  }
  return lines.join("");
}

// Foreground, queries logged to stderr, bound to the given address only,
// answers only from the hosts file (no /etc/hosts, no resolv.conf, no config).
const DNSMASQ_FLAGS = [
  "--no-daemon --conf-file=/dev/null --log-facility=- --log-queries",
  "--bind-interfaces --no-resolv --no-hosts",
].flatMap((f) => f.split(" "));

function dnsmasqArgs(at: ListenAddress, hosts: string, o: DnsmasqOptions) {
  const local = (o.localDomains ?? []).map((d) => checkName("domain", d));
  return [
    ...DNSMASQ_FLAGS,
    `--port=${at.port}`,
    `--listen-address=${at.address}`,
    `--addn-hosts=${hosts}`,
    `--local-ttl=${o.ttlSeconds ?? 0}`,
    ...[PROBE_NAME, ...local].map((d) => `--local=/${d}/`),
  ];
}

/** True once the server answers NXDOMAIN for the probe name (a --local). */
async function answersProbe(at: ListenAddress): Promise<boolean> {
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  const ip = isIP(at.address) === 6 ? `[${at.address}]` : at.address;
  resolver.setServers([`${ip}:${at.port}`]);
  return resolver.resolve4(PROBE_NAME).then(
    () => true,
    (e: NodeJS.ErrnoException) => e.code === "ENOTFOUND",
  );
}

/** Starts dnsmasq (Debian dnsmasq-base) on loopback; resolves once it answers. */
export async function startDnsmasq(opts: DnsmasqOptions): Promise<Dnsmasq> {
  const bin = requireExecutable("dnsmasq", "apt-get install -y dnsmasq-base");
  hostsFileText(opts.records); // validate before anything is started
  const at =
    opts.port !== undefined ? { address: opts.address ?? "127.0.0.1", port: opts.port } : await freeListenAddress(opts.address);
  const dir = fs.mkdtempSync(join(tmpdir(), "keelson-dnsmasq-"));
  const hosts = join(dir, "hosts");
  const writeHosts = (records: DnsRecords): void => {
    fs.writeFileSync(`${hosts}.tmp`, hostsFileText(records));
    fs.renameSync(`${hosts}.tmp`, hosts);
  };
  writeHosts(opts.records);
  const proc = spawnLogged(bin, dnsmasqArgs(at, hosts, opts), dir);
  const stop = async (): Promise<void> => {
    await proc.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const what = `dnsmasq on ${at.address}:${at.port}`;
    await waitUntil(what, proc, () => answersProbe(at));
  } catch (e) {
    await stop();
    throw e;
  }
  return { ...at, ...dnsmasqControl(proc, hosts, writeHosts), stop };
}

function dnsmasqControl(
  proc: LoggedProcess,
  hosts: string,
  writeHosts: (records: DnsRecords) => void,
): Pick<Dnsmasq, "setRecords" | "queryCount" | "logs"> {
  const reads = (): number => proc.logs().split(`read ${hosts} `).length - 1;
  return {
    logs: proc.logs,
    async setRecords(records) {
      const before = reads();
      writeHosts(records);
      proc.child.kill("SIGHUP");
      await waitUntil("dnsmasq reload", proc, () => reads() > before, 5000);
    },
    queryCount(name) {
      const want = name?.replace(/\.$/, "");
      const logged = proc.logs().matchAll(/query\[\w+\] (\S+) from /g);
      const names = [...logged].map((m) => m[1]);
      const counted = (q?: string): boolean => want === undefined || q === want;
      return names.filter((q) => q !== PROBE_NAME && counted(q)).length;
    },
  };
}
