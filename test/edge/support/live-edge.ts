/**
 * A live edge on loopback: the edge image's nginx (test/support/image-nginx.ts) running the config
 * Keelson renders, with a real DNS server (dnsmasq, test/support/dns-server.ts) answering the upstream
 * Service names as the cluster DNS would, so `server <name> resolve` works as in a cluster.
 */
import { resolveConfig, type PlatformConfigInput } from "../../../infra/config";
import type { EdgeConfig } from "../../../infra/config/edge";
import { effectiveEdge } from "../../../infra/charts/edge-contributions";
import { renderEdgeNginxConf } from "../../../infra/render/nginx";
import { freeListenAddress, startDnsmasq, type Dnsmasq, type DnsRecords } from "../../support/dns-server";
import { freeTcpPortsOn } from "../../support/free-port";
import { startNginx, type RunningNginx } from "../../support/image-nginx";

export const CLUSTER_DOMAIN = "cluster.local";

/** The DNS name nginx queries for a Service. */
export const serviceName = (name: string, namespace = "test"): string => `${name}.${namespace}.svc.${CLUSTER_DOMAIN}`;

/** `count` distinct 127.0.0.x addresses and one port free on all of them (pods share their port). */
export async function podAddresses(count: number): Promise<{ addresses: string[]; port: number }> {
  const addresses: string[] = [];
  for (let i = 0; i < count; i++) addresses.push((await freeListenAddress()).address);
  const [port] = await freeTcpPortsOn(addresses, 1);
  return { addresses, port: port! };
}

export interface LiveEdgeOptions {
  /** The edge section to test (resolver, ports and the demo backend are set by the harness). */
  readonly edge: NonNullable<PlatformConfigInput["edge"]>;
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
    // With edge.dualStack nginx binds the same ports on ::1 too; an IPv4-only edge must find nothing there.
    const [http, https, status, metrics] = await freeTcpPortsOn([address, "::1"], 4);
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
      listenAddress6: "[::1]",
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
