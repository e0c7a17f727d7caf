import { NODE_LOCAL_DNS_PORTS, type DnsConfig } from "../../config/dns";
import { cacheDirective, forwardDirective, loggingDirectives, reloadDirectives, REVERSE_ZONES } from "./cluster-corefile";
import { directive, type Corefile, type Directive, type ServerBlock } from "./model";
import { printCorefile } from "./printer";

/**
 * The Corefile of NodeLocal DNSCache (k8s-dns-node-cache), built from the same `DnsConfig` as the
 * cluster CoreDNS: same cache settings, stub domains forwarded straight to their servers, cluster
 * zones forwarded to CoreDNS over TCP. The node-cache binary replaces one placeholder at start-up:
 * CLUSTER_DNS_PLACEHOLDER becomes the cluster IP of the `kube-dns-upstream` Service (named by
 * `-upstreamsvc`), which it learns from that Service's environment variables.
 */
export const CLUSTER_DNS_PLACEHOLDER = "__PILLAR__CLUSTER__DNS__";

function bindDirective(dns: DnsConfig): Directive {
  return directive("bind", [dns.nodeLocal.localIP, dns.clusterIP]);
}

function common(dns: DnsConfig): Directive[] {
  return [
    ...loggingDirectives(dns),
    bindDirective(dns),
    cacheDirective(dns.cache),
    ...reloadDirectives(dns),
    ...(dns.loop ? [directive("loop")] : []),
    directive("prometheus", [`:${NODE_LOCAL_DNS_PORTS.metrics}`]),
  ];
}

/** Forwarding to the cluster CoreDNS, over TCP (no conntrack entries for UDP, as upstream advises). */
function toClusterDns(dns: DnsConfig): Directive {
  return directive(
    "forward",
    [".", CLUSTER_DNS_PLACEHOLDER],
    [directive("force_tcp"), directive("max_concurrent", [dns.upstream.maxConcurrent])],
  );
}

function clusterZones(dns: DnsConfig, clusterDomain: string): ServerBlock {
  return {
    zones: [clusterDomain, ...REVERSE_ZONES],
    port: NODE_LOCAL_DNS_PORTS.dns,
    directives: [
      ...common(dns),
      directive("health", [`${dns.nodeLocal.localIP}:${NODE_LOCAL_DNS_PORTS.health}`]),
      toClusterDns(dns),
    ],
  };
}

/**
 * The root zone goes straight upstream, unless the cluster CoreDNS rewrites names or answers static
 * hosts entries: then it must see every query, and node-local forwards everything to it.
 */
function rootZone(dns: DnsConfig): ServerBlock {
  const viaClusterDns = dns.hosts.length > 0 || dns.rewrites.length > 0;
  return {
    zones: ["."],
    port: NODE_LOCAL_DNS_PORTS.dns,
    directives: [...common(dns), viaClusterDns ? toClusterDns(dns) : forwardDirective(dns.upstream.servers, dns.upstream)],
  };
}

function stubZone(dns: DnsConfig, stub: DnsConfig["stubDomains"][number]): ServerBlock {
  return {
    zones: [stub.zone],
    port: NODE_LOCAL_DNS_PORTS.dns,
    directives: [...common(dns), forwardDirective(stub.servers, dns.upstream)],
  };
}

export function nodeLocalCorefile(dns: DnsConfig, clusterDomain: string): Corefile {
  return { servers: [clusterZones(dns, clusterDomain), ...dns.stubDomains.map((s) => stubZone(dns, s)), rootZone(dns)] };
}

export function renderNodeLocalCorefile(dns: DnsConfig, clusterDomain: string): string {
  return printCorefile(nodeLocalCorefile(dns, clusterDomain));
}
