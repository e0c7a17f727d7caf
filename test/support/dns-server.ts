/**
 * DNS test plumbing on loopback: a real second DNS server (Debian's dnsmasq), `dig`, a free
 * 127.0.0.x address/port picker and a small child-process wrapper shared with coredns.ts.
 *
 * dnsmasq answers names from a hosts file that `setRecords()` rewrites and reloads with SIGHUP,
 * so tests (CoreDNS stub-domain forwarding, the NGINX edge `resolver`) can change names at runtime.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import { isIP } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** name → addresses (IPv4 or IPv6). */
export type DnsRecords = Readonly<Record<string, readonly string[]>>;

export interface ListenAddress {
  readonly address: string;
  readonly port: number;
}

// ---------------------------------------------------------------- executables and processes

/** Absolute path of an executable on PATH (plus the sbin folders), or an Error naming the install command. */
export function requireExecutable(name: string, installCommand: string): string {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/sbin", "/usr/bin"];
  const found = dirs.filter((d) => d !== "").map((d) => join(d, name)).find((p) => existsSync(p));
  if (found === undefined) {
    throw new Error(`${name} not found on PATH: install it with \`${installCommand}\``);
  }
  return found;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A long-running child whose stdout and stderr are collected in one log. */
export interface LoggedProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<ExitStatus>;
  logs(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Idempotent. */
  stop(graceMs?: number): Promise<ExitStatus>;
}

const live = new Set<ChildProcess>();
process.once("exit", () => live.forEach((c) => c.kill("SIGKILL")));

export function spawnLogged(command: string, args: readonly string[], cwd?: string): LoggedProcess {
  const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  let log = "";
  child.stdout?.on("data", (b: Buffer) => (log += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (log += b.toString()));
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once("error", (e) => {
      log += `\nspawn error: ${e.message}\n`;
      live.delete(child);
      resolve({ code: null, signal: null });
    });
    child.once("close", (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  const stop = async (graceMs = 3000): Promise<ExitStatus> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  return { child, exited, logs: () => log, stop };
}

/** Polls `ready` every 50 ms; fails when the process exits first or after `timeoutMs`. */
export async function waitUntil(
  what: string,
  proc: LoggedProcess,
  ready: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let status: ExitStatus | undefined;
  void proc.exited.then((s) => (status = s));
  for (;;) {
    if (await ready()) return;
    if (status !== undefined) {
      throw new Error(`${what} exited (code ${status.code}, signal ${status.signal}):\n${proc.logs()}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} not ready after ${timeoutMs} ms:\n${proc.logs()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---------------------------------------------------------------- addresses and probes

let nextHost = 2 + (process.pid % 200);

/** A 127.0.0.x address (x in 2..254) and a port free there for both UDP and TCP right now. */
export async function freeListenAddress(): Promise<ListenAddress> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const address = `127.0.0.${nextHost}`;
    nextHost = nextHost >= 254 ? 2 : nextHost + 1;
    const port = await freeUdpPort(address);
    if (await tcpPortFree(address, port)) return { address, port };
  }
  throw new Error("freeListenAddress: no UDP+TCP port found free on 127.0.0.0/8 in 50 attempts");
}

function freeUdpPort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = createSocket("udp4");
    sock.once("error", reject);
    sock.bind(0, address, () => {
      const { port } = sock.address();
      sock.close(() => resolve(port));
    });
  });
}

function tcpPortFree(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, address, () => srv.close(() => resolve(true)));
  });
}

/** True when anything answers a DNS query (any RCODE) on address:port over UDP within `timeoutMs`. */
export function dnsAnswers(address: string, port: number, qname: string, timeoutMs = 500): Promise<boolean> {
  const id = Math.floor(Math.random() * 0xffff);
  const labels = qname.split(".").filter((l) => l !== "");
  const name = Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
  const header = Buffer.from([id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  const query = Buffer.concat([header, name, Buffer.from([0, 1, 0, 1])]); // A, IN
  return new Promise((resolve) => {
    const sock = createSocket(isIP(address) === 6 ? "udp6" : "udp4");
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      sock.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.on("message", (msg) => msg.length >= 2 && msg.readUInt16BE(0) === id && done(true));
    sock.on("error", () => done(false));
    sock.send(query, port, address);
  });
}

// ---------------------------------------------------------------- dig

export interface DigAnswer {
  readonly name: string;
  readonly ttl: number;
  readonly class: string;
  readonly type: string;
  readonly data: string;
}

export interface DigResult {
  /** RCODE as dig prints it: NOERROR, NXDOMAIN, SERVFAIL, REFUSED, ... */
  readonly status: string;
  /** Header flags, e.g. ["qr", "aa", "rd", "ra"]. */
  readonly flags: readonly string[];
  readonly answers: readonly DigAnswer[];
  readonly output: string;
}

/** Queries `server:port` with Debian's `dig` (one try, 2 s timeout); throws when nothing answers. */
export async function dig(
  server: string,
  port: number,
  name: string,
  type = "A",
  opts: { readonly tcp?: boolean } = {},
): Promise<DigResult> {
  const bin = requireExecutable("dig", "apt-get install -y dnsutils");
  const args = [`@${server}`, "-p", String(port), "+tries=1", "+time=2", "+nocmd", "+noall", "+comments", "+answer"];
  if (opts.tcp === true) args.push("+tcp");
  const proc = spawnLogged(bin, [...args, name, type]);
  const { code } = await proc.exited;
  const output = proc.logs();
  const status = /status: ([A-Z]+)/.exec(output)?.[1];
  if (code !== 0 || status === undefined) {
    throw new Error(`dig ${args.join(" ")} ${name} ${type} failed (exit ${code}):\n${output}`);
  }
  const flags = /;; flags: ([a-z ]*);/.exec(output)?.[1]?.trim().split(/\s+/) ?? [];
  const answers = output
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith(";"))
    .map((l) => l.trim().split(/\s+/))
    .map(([n, ttl, cls, t, ...data]) => ({ name: n ?? "", ttl: Number(ttl), class: cls ?? "", type: t ?? "", data: data.join(" ") }));
  return { status, flags, answers, output };
}

// ---------------------------------------------------------------- dnsmasq

export interface DnsmasqOptions {
  /** @default a free 127.0.0.x address (see freeListenAddress) */
  readonly address?: string;
  /** @default a free port on `address` */
  readonly port?: number;
  readonly records: DnsRecords;
  /** TTL of the answers from the records (dnsmasq --local-ttl). @default 0 */
  readonly ttlSeconds?: number;
  /** Domains answered only from the records: unknown names get NXDOMAIN, not REFUSED (--local). @default [] */
  readonly localDomains?: readonly string[];
}

export interface Dnsmasq extends ListenAddress {
  /** Replaces all records (rewrites the hosts file, SIGHUP) and resolves once dnsmasq has re-read it. */
  setRecords(records: DnsRecords): Promise<void>;
  /** Queries received so far (from dnsmasq's --log-queries lines), start-up probes excluded. */
  queryCount(name?: string): number;
  logs(): string;
  stop(): Promise<void>;
}

const PROBE_NAME = "keelson-probe.invalid";
const NAME_RE = /^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/** The hosts-file text for `records`, names sorted; every name and address is validated. */
export function hostsFileText(records: DnsRecords): string {
  const lines: string[] = [];
  for (const name of Object.keys(records).sort()) {
    if (!NAME_RE.test(name)) throw new Error(`dnsmasq record '${name}': name must be a DNS name`);
    for (const ip of records[name] ?? []) {
      if (isIP(ip) === 0) throw new Error(`dnsmasq record '${name}': address must be an IP, got '${ip}'`);
      lines.push(`${ip} ${name}`);
    }
  }
  return lines.map((l) => `${l}\n`).join("");
}

/** Starts dnsmasq on loopback (Debian package dnsmasq-base) and waits until it answers. */
export async function startDnsmasq(opts: DnsmasqOptions): Promise<Dnsmasq> {
  const bin = requireExecutable("dnsmasq", "apt-get install -y dnsmasq-base");
  const listen = opts.address !== undefined && opts.port !== undefined ? { address: opts.address, port: opts.port } : await freeListenAddress();
  const address = opts.address ?? listen.address;
  const port = opts.port ?? listen.port;
  const dir = mkdtempSync(join(tmpdir(), "keelson-dnsmasq-"));
  const hostsPath = join(dir, "hosts");
  const writeHosts = (records: DnsRecords): void => {
    writeFileSync(`${hostsPath}.tmp`, hostsFileText(records));
    renameSync(`${hostsPath}.tmp`, hostsPath);
  };
  writeHosts(opts.records);
  const args = [
    "--no-daemon", "--conf-file=/dev/null", "--log-facility=-", "--log-queries",
    `--port=${port}`, `--listen-address=${address}`, "--bind-interfaces",
    "--no-resolv", "--no-hosts", `--addn-hosts=${hostsPath}`, `--local-ttl=${opts.ttlSeconds ?? 0}`,
    `--local=/${PROBE_NAME}/`, ...(opts.localDomains ?? []).map((d) => `--local=/${d.replace(/^\.+|\.+$/g, "")}/`),
  ];
  const proc = spawnLogged(bin, args, dir);
  const readCount = (): number => proc.logs().split(`read ${hostsPath} `).length - 1;
  try {
    await waitUntil(`dnsmasq on ${address}:${port}`, proc, () => dnsAnswers(address, port, PROBE_NAME));
  } catch (e) {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    address,
    port,
    logs: proc.logs,
    async setRecords(records) {
      const before = readCount();
      writeHosts(records);
      proc.child.kill("SIGHUP");
      await waitUntil("dnsmasq reload", proc, () => readCount() > before, 5000);
    },
    queryCount(name) {
      const queries = proc.logs().split("\n").map((l) => /query\[[A-Z0-9]+\] (\S+) from/.exec(l)?.[1]);
      return queries.filter((q) => q !== undefined && q !== PROBE_NAME && (name === undefined || q === name.replace(/\.$/, ""))).length;
    },
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
