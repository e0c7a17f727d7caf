/**
 * Writes the nginx configs bench/edge.sh runs, all printed from directive trees (no text templates):
 *   upstream.conf   the upstream: one worker serving the 1 KiB file, stub_status for its accept count
 *   reference.conf  (a) the file served directly, (b) a naive `proxy_pass http://host:port` (no
 *                   upstream block, so no connection reuse) and (e) the smallest tuned proxy (upstream
 *                   keepalive only), as a yardstick for what Keelson's proxied route adds
 *   keelson.conf    Keelson's rendered edge config: (c) proxied and (d) cache-hit routes, the upstream
 *                   a headless Service resolved through dnsmasq, as in a cluster
 * plus the file, dnsmasq's hosts file and bench.env (addresses and ports for the script).
 *   npx tsx bench/edge-configs.ts <outdir> <workers>
 */
import * as fs from "node:fs";
import { join } from "node:path";
import { resolveConfig, type PlatformConfigInput } from "../infra/config";
import { effectiveEdge } from "../infra/charts/edge-contributions";
import { block, directive, printNginxConfig, renderEdgeNginxConf, type NginxDirective } from "../infra/render/nginx";
import { freeTcpPortsOn } from "../test/support/free-port";

const [outDir, workersArg] = process.argv.slice(2);
if (outDir === undefined) throw new Error("usage: edge-configs.ts <outdir> <workers>");
const WORKERS = Number(workersArg ?? 2);
/** The upstream's worker processes (env UPSTREAM_WORKERS). @default 1 */
const UPSTREAM_WORKERS = Number(process.env.UPSTREAM_WORKERS ?? 1);
const MOUNT = "/etc/keelson-bench";
const SERVICE = "bench.bench.svc.cluster.local";

/** Settings every bench nginx shares, so the variants differ only in what they measure. */
function base(pid: string, workers: number, http: NginxDirective[]): NginxDirective[] {
  return [
    directive("worker_processes", workers),
    directive("pid", pid),
    directive("error_log", "stderr", "warn"),
    block("events", [], [directive("worker_connections", 4096)]),
    block(
      "http",
      [],
      [
        ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => directive(`${t}_temp_path`, `/tmp/${t}_temp`)),
        directive("access_log", "off"),
        directive("sendfile", "on"),
        directive("tcp_nopush", "on"),
        directive("keepalive_requests", 100000),
        ...http,
      ],
    ),
  ];
}

const ADDR = { upstream: "127.0.0.201", reference: "127.0.0.202", keelson: "127.0.0.203", dns: "127.0.0.204" };
const PORT_NAMES = ["upstream", "upstreamStatus", "static", "naive", "tuned", "keelson", "keelsonStatus", "dns"] as const;
type Ports = Record<(typeof PORT_NAMES)[number], number>;

/** One port per use, each free on all four bench addresses. */
async function pickPorts(): Promise<Ports> {
  const ports = await freeTcpPortsOn(Object.values(ADDR), PORT_NAMES.length);
  return Object.fromEntries(PORT_NAMES.map((name, i) => [name, ports[i]!])) as Ports;
}

const www = directive("root", `${MOUNT}/www`);
const fileCache = directive("open_file_cache", "max=100");

function upstreamConf(ports: Ports): NginxDirective[] {
  return base("/tmp/upstream.pid", UPSTREAM_WORKERS, [
    // The upstream serves the file exactly as (a) does (open_file_cache included), so a proxied
    // request costs what (a) costs plus the proxy's own work, and nothing else.
    fileCache,
    block("server", [], [directive("listen", `${ADDR.upstream}:${ports.upstream}`), www]),
    block(
      "server",
      [],
      [
        directive("listen", `${ADDR.upstream}:${ports.upstreamStatus}`),
        block("location", ["=", "/stub_status"], [directive("stub_status")]),
      ],
    ),
  ]);
}

function referenceConf(ports: Ports): NginxDirective[] {
  const server = (port: number, ...children: NginxDirective[]) =>
    block("server", [], [directive("listen", `${ADDR.reference}:${port}`), ...children]);
  return base("/tmp/reference.pid", WORKERS, [
    fileCache,
    server(ports.static, www),
    server(ports.naive, block("location", ["/"], [directive("proxy_pass", `http://${ADDR.upstream}:${ports.upstream}`)])),
    // (e) the smallest tuned proxy: an upstream block with keepalive and nothing else Keelson adds.
    block("upstream", ["tuned"], [directive("server", `${ADDR.upstream}:${ports.upstream}`), directive("keepalive", 64)]),
    server(
      ports.tuned,
      block(
        "location",
        ["/"],
        [
          directive("proxy_pass", "http://tuned"),
          directive("proxy_http_version", "1.1"),
          directive("proxy_set_header", "Connection", ""),
        ],
      ),
    ),
  ]);
}

/** Keelson's rendered config for the bench: the default settings, two routes to a headless Service. */
function keelsonConf(ports: Ports): string {
  // EDGE_OVERLAY (JSON, an edge section) lets an experiment change one setting, e.g. '{"securityHeaders":false}'.
  const overlay: unknown = JSON.parse(process.env.EDGE_OVERLAY ?? "{}");
  const config = resolveConfig(
    "dev",
    {
      ui: { enabled: false },
      edge: {
        demoBackend: { enabled: false },
        // The bench logs nothing on either side (the reference has access_log off too).
        accessLog: false,
        clientLimits: { keepaliveRequests: 100000 },
        workerProcesses: WORKERS,
        ports: { http: ports.keelson, status: ports.keelsonStatus },
        resolver: { addresses: [`${ADDR.dns}:${ports.dns}`] },
        caches: { bench: {} },
        upstreams: { bench: { service: { name: "bench", namespace: "bench", port: ports.upstream } } },
        defaultVirtualHost: {
          routes: {
            proxied: { path: "/proxied/", upstream: "bench", stripPrefix: true },
            cached: {
              path: "/cached/",
              upstream: "bench",
              stripPrefix: true,
              cache: { zone: "bench", validity: [{ statuses: [200], seconds: 3600 }] },
            },
          },
        },
      },
    },
    { edge: overlay } as PlatformConfigInput,
  );
  return renderEdgeNginxConf(effectiveEdge(config), { clusterDomain: "cluster.local", listenAddress: ADDR.keelson }).text;
}

function benchEnv(ports: Ports): string {
  const env = {
    MOUNT,
    UPSTREAM_STATUS: `http://${ADDR.upstream}:${ports.upstreamStatus}/stub_status`,
    URL_STATIC: `http://${ADDR.reference}:${ports.static}/1k.txt`,
    URL_NAIVE: `http://${ADDR.reference}:${ports.naive}/1k.txt`,
    URL_TUNED: `http://${ADDR.reference}:${ports.tuned}/1k.txt`,
    URL_PROXIED: `http://${ADDR.keelson}:${ports.keelson}/proxied/1k.txt`,
    URL_CACHED: `http://${ADDR.keelson}:${ports.keelson}/cached/1k.txt`,
    DNS_ADDR: ADDR.dns,
    DNS_PORT: String(ports.dns),
  };
  return Object.entries(env)
    .map(([k, v]) => `${k}=${v}\n`)
    .join("");
}

async function main(): Promise<void> {
  const ports = await pickPorts();
  const out = (name: string, text: string) => fs.writeFileSync(join(outDir!, name), text);
  fs.mkdirSync(join(outDir!, "www"), { recursive: true });
  out("www/1k.txt", "k".repeat(1023) + "\n");
  out("upstream.conf", printNginxConfig(upstreamConf(ports)));
  out("reference.conf", printNginxConfig(referenceConf(ports)));
  out("keelson.conf", keelsonConf(ports));
  out("hosts", `${ADDR.upstream} ${SERVICE}\n`);
  out("bench.env", benchEnv(ports));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
