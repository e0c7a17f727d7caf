/**
 * A live edge on loopback: the edge image's nginx (test/support/image-nginx.ts) running the config
 * Keelson renders, with a real DNS server (dnsmasq, test/support/dns-server.ts) answering the upstream
 * Service names as the cluster DNS would, so `server <name> resolve` works as in a cluster.
 */
import { createServer } from "node:net";
import { resolveConfig, type PlatformConfigInput } from "../../../infra/config";
import type { EdgeConfig } from "../../../infra/config/edge";
import { effectiveEdge } from "../../../infra/charts/edge-contributions";
import { renderEdgeNginxConf } from "../../../infra/render/nginx";
import { freeListenAddress, startDnsmasq, type Dnsmasq, type DnsRecords } from "../../support/dns-server";
import { startNginx, type RunningNginx } from "../../support/image-nginx";

export const CLUSTER_DOMAIN = "cluster.local";

/** The DNS name nginx queries for a Service. */
export const serviceName = (name: string, namespace = "test"): string => `${name}.${namespace}.svc.${CLUSTER_DOMAIN}`;

export function portFree(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, address, () => srv.close(() => resolve(true)));
  });
}

/** `count` distinct 127.0.0.x addresses and one port free on all of them (pods share their port). */
export async function podAddresses(count: number): Promise<{ addresses: string[]; port: number }> {
  const addresses: string[] = [];
  for (let i = 0; i < count; i++) addresses.push((await freeListenAddress()).address);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if ((await Promise.all(addresses.map((a) => portFree(a, port)))).every(Boolean)) return { addresses, port };
  }
  throw new Error("podAddresses: no common free port");
}

/** `count` distinct ports, each free on every one of `addresses` (distinct: they are probed at once). */
async function freePorts(addresses: readonly string[], count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let attempt = 0; attempt < 1000 && ports.length < count; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if (ports.includes(port)) continue;
    if ((await Promise.all(addresses.map((a) => portFree(a, port)))).every(Boolean)) ports.push(port);
  }
  if (ports.length < count) throw new Error(`freePorts: fewer than ${count} ports free on ${addresses.join(", ")}`);
  return ports;
}

export interface LiveEdgeOptions {
  /** The edge section to test (resolver, ports and the demo backend are set by the harness). */
  readonly edge: NonNullable<PlatformConfigInput["edge"]>;
  /** With `edge.dualStack`: the IPv6 address nginx also listens on. @default "[::1]" */
  readonly listenAddress6?: string;
  /** Names dnsmasq answers (e.g. serviceName("app") → pod addresses). @default {} */
  readonly records?: DnsRecords;
  /** Extra files for the nginx container (e.g. Secrets under /etc/nginx/secrets). */
  readonly files?: Readonly<Record<string, string>>;
  /** `resolver valid=` in seconds. @default 1 */
  readonly resolverValidSeconds?: number;
}

export interface LiveEdge {
  readonly address: string;
  readonly ports: { readonly http: number; readonly https: number; readonly status: number };
  readonly edge: EdgeConfig;
  readonly conf: string;
  readonly dns: Dnsmasq;
  readonly nginx: RunningNginx;
  /** http://<address>:<http port><path> */
  url(path: string): string;
  stop(): Promise<void>;
}

/**
 * nginx resolves `resolve` names asynchronously after its workers start; until the first answer the
 * pool has no addresses (502). Waits until dnsmasq has answered every name once, plus a moment.
 */
async function resolvedOnce(dns: Dnsmasq, names: readonly string[], nginx: RunningNginx): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!names.every((name) => dns.queryCount(name) > 0)) {
    if (Date.now() > deadline) {
      await nginx.stop();
      throw new Error(`nginx did not query ${names.join(", ")} within 10 s:\n${nginx.errorLog()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 200));
}

export async function startLiveEdge(opts: LiveEdgeOptions): Promise<LiveEdge> {
  const dns = await startDnsmasq({ records: opts.records ?? {} });
  try {
    const { address } = await freeListenAddress();
    const address6 = opts.listenAddress6 ?? "[::1]";
    // A dual-stack edge binds the same ports on the IPv6 address; check them there too (and on ::1, where
    // an IPv4-only edge must find nothing in the tests).
    const v6 = address6.replace(/^\[|\]$/g, "");
    const [http, https, status, metrics] = await freePorts([...new Set([address, v6, "::1"])], 4);
    const config = resolveConfig("dev", {
      ui: { enabled: false },
      edge: {
        ...opts.edge,
        demoBackend: { enabled: false },
        ports: { http, https, status, metrics },
        resolver: { addresses: [`${dns.address}:${dns.port}`], validSeconds: opts.resolverValidSeconds ?? 1 },
      },
    });
    const edge = effectiveEdge(config);
    const conf = renderEdgeNginxConf(edge, {
      clusterDomain: CLUSTER_DOMAIN,
      listenAddress: address,
      listenAddress6: address6,
    }).text;
    const nginx = await startNginx(conf, opts.files ?? {});
    await resolvedOnce(dns, Object.keys(opts.records ?? {}), nginx);
    return {
      address,
      ports: { http: http!, https: https!, status: status! },
      edge,
      conf,
      dns,
      nginx,
      url: (path) => `http://${address}:${http}${path}`,
      stop: async () => {
        await nginx.stop();
        await dns.stop();
      },
    };
  } catch (e) {
    await dns.stop();
    throw e;
  }
}
