/** HTTP clients for edge tests: one request, and a bounded load run with keep-alive connections. */
import { Agent, request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from "node:http";

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: OutgoingHttpHeaders;
  readonly body?: Buffer | string;
  /** Source address of the connection (a 127.0.0.x). */
  readonly localAddress?: string;
  readonly agent?: Agent | false;
  /** @default 10000 */
  readonly timeoutMs?: number;
}

export function get(url: string, opts: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: opts.method ?? "GET", headers: opts.headers, localAddress: opts.localAddress, agent: opts.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on("error", reject);
    req.end(opts.body);
  });
}

export interface LoadResult {
  readonly ok: number;
  readonly failed: number;
  /** Failures by kind: "status 502", "ECONNRESET", ... */
  readonly failures: Readonly<Record<string, number>>;
  /** Successful responses by `x-backend`. */
  readonly byBackend: Readonly<Record<string, number>>;
}

export interface LoadOptions {
  readonly url: string;
  readonly concurrency: number;
  readonly durationMs: number;
  /** Called once, `atMs` after the start (e.g. to kill a backend). */
  readonly during?: { readonly atMs: number; readonly action: () => Promise<void> | void };
}

/** `concurrency` keep-alive clients requesting `url` back to back for `durationMs`. */
export async function loadRun(opts: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const failures: Record<string, number> = {};
  const byBackend: Record<string, number> = {};
  let ok = 0;
  const deadline = Date.now() + opts.durationMs;
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline) {
      try {
        const reply = await get(opts.url, { agent });
        if (reply.status === 200) {
          ok += 1;
          const b = String(reply.headers["x-backend"]);
          byBackend[b] = (byBackend[b] ?? 0) + 1;
        } else failures[`status ${reply.status}`] = (failures[`status ${reply.status}`] ?? 0) + 1;
      } catch (e) {
        const kind = (e as NodeJS.ErrnoException).code ?? String(e);
        failures[kind] = (failures[kind] ?? 0) + 1;
      }
    }
  };
  const timer = opts.during
    ? new Promise<void>((r) => setTimeout(() => void Promise.resolve(opts.during!.action()).then(r), opts.during!.atMs))
    : Promise.resolve();
  await Promise.all([...Array.from({ length: opts.concurrency }, worker), timer]);
  agent.destroy();
  const failed = Object.values(failures).reduce((a, b) => a + b, 0);
  return { ok, failed, failures, byBackend };
}

/** Counts `x-backend` over `n` sequential requests. */
export async function distribution(url: string, n: number, opts: RequestOptions = {}): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const reply = await get(url, opts);
    if (reply.status !== 200) throw new Error(`${url}: status ${reply.status}: ${reply.body.toString()}`);
    const b = String(reply.headers["x-backend"]);
    counts[b] = (counts[b] ?? 0) + 1;
  }
  return counts;
}
