/**
 * Test-only transformations of Keelson's rendered Corefile models so a real CoreDNS can run them on
 * loopback. They change listen addresses only, plus the two things no test machine has:
 *  - the `kubernetes` plugin (needs an API server) is swapped for the `file` plugin serving a test zone
 *    of the cluster domain;
 *  - NodeLocal's `__PILLAR__CLUSTER__DNS__` is replaced by the cluster CoreDNS address, as the
 *    node-cache binary does at start-up from the kube-dns-upstream Service.
 * Everything else (hosts, rewrites, stub domains, forward, cache, loop, reload) is the rendered model.
 */
import { CLUSTER_DNS_PLACEHOLDER, directive, type Corefile, type Directive } from "../../infra/render/corefile";

export interface LoopbackListen {
  readonly address: string;
  readonly port: number;
  readonly healthPort: number;
  readonly readyPort: number;
  readonly metricsPort: number;
}

function relisten(d: Directive, listen: LoopbackListen, clusterDns?: string): Directive {
  switch (d.name) {
    case "health":
      return { ...d, args: [`${listen.address}:${listen.healthPort}`] };
    case "ready":
      return { ...d, args: [`${listen.address}:${listen.readyPort}`] };
    case "prometheus":
      return { ...d, args: [`${listen.address}:${listen.metricsPort}`] };
    case "bind":
      return { ...d, args: [listen.address] };
    case "forward":
      return clusterDns === undefined
        ? d
        : { ...d, args: (d.args ?? []).map((a) => (a === CLUSTER_DNS_PLACEHOLDER ? clusterDns : a)) };
    default:
      return d;
  }
}

/** The cluster Corefile on loopback, `kubernetes` swapped for `file <zoneFile> <clusterDomain>`. */
export function clusterCorefileOnLoopback(
  model: Corefile,
  listen: LoopbackListen,
  zoneFile: string,
  clusterDomain: string,
): Corefile {
  return {
    servers: model.servers.map((server) => ({
      ...server,
      port: listen.port,
      directives: [
        directive("bind", [listen.address]),
        ...server.directives.map((d) =>
          d.name === "kubernetes" ? directive("file", [zoneFile, clusterDomain]) : relisten(d, listen),
        ),
      ],
    })),
  };
}

/** The NodeLocal Corefile on loopback, forwarding cluster names to `clusterDns` (`address:port`). */
export function nodeLocalCorefileOnLoopback(model: Corefile, listen: LoopbackListen, clusterDns: string): Corefile {
  return {
    servers: model.servers.map((server) => ({
      ...server,
      port: listen.port,
      directives: server.directives.map((d) => relisten(d, listen, clusterDns)),
    })),
  };
}

/** A zone file for the cluster domain with the records a cluster always has. */
export function clusterZoneFile(clusterDomain: string): string {
  return [
    `$ORIGIN ${clusterDomain}.`,
    `@ 3600 IN SOA ns.dns.${clusterDomain}. hostmaster.${clusterDomain}. 1 7200 1800 86400 30`,
    `@ 3600 IN NS ns.dns.${clusterDomain}.`,
    `ns.dns 30 IN A 10.96.0.10`,
    `kubernetes.default.svc 30 IN A 10.96.0.1`,
    `kube-dns.kube-system.svc 30 IN A 10.96.0.10`,
    "",
  ].join("\n");
}
