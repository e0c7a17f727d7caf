import { COREDNS_PORTS, type DnsConfig } from "../../config/dns";
import { directive, type Corefile, type Directive, type ServerBlock } from "./model";
import { printCorefile } from "./printer";

/**
 * The Corefile of the cluster's CoreDNS, built from `DnsConfig`: one server block for the root zone
 * (static hosts, rewrites, the cluster zones from the Kubernetes API, everything else forwarded
 * upstream) and one per stub domain (forwarded to its own servers). Plugin order in the file does not
 * change CoreDNS's execution order (fixed by plugin.cfg); it follows kubeadm's layout for readers.
 */

/** The reverse zones the `kubernetes` plugin answers PTR queries for. */
export const REVERSE_ZONES = ["in-addr.arpa", "ip6.arpa"] as const;

/** `cache` with explicit success and denial (negative caching) settings. */
export function cacheDirective(cache: DnsConfig["cache"]): Directive {
  const block: Directive[] = [
    directive("success", [cache.successCapacity, cache.successTtlSeconds]),
    directive("denial", [cache.denialCapacity, cache.denialTtlSeconds]),
  ];
  if (cache.prefetch !== null) {
    const { amount, durationSeconds, percentage } = cache.prefetch;
    block.push(directive("prefetch", [amount, `${durationSeconds}s`, `${percentage}%`]));
  }
  if (cache.serveStale !== null) {
    block.push(directive("serve_stale", [`${cache.serveStale.durationSeconds}s`, cache.serveStale.refreshMode]));
  }
  return directive("cache", [], block);
}

/** `forward . <servers> { max_concurrent; policy }`. */
export function forwardDirective(servers: readonly string[], upstream: DnsConfig["upstream"]): Directive {
  return directive(
    "forward",
    [".", ...servers],
    [directive("max_concurrent", [upstream.maxConcurrent]), directive("policy", [upstream.policy])],
  );
}

function hostsDirective(dns: DnsConfig): Directive[] {
  if (dns.hosts.length === 0) return [];
  const entries = dns.hosts.map((entry) => directive(entry.ip, entry.names));
  // The inline entries are the only source: /dev/null keeps the plugin off the pod's own /etc/hosts,
  // and `reload 0s` stops it from polling that file.
  return [
    directive(
      "hosts",
      ["/dev/null"],
      [...entries, directive("ttl", [dns.hostsTtlSeconds]), directive("reload", ["0s"]), directive("fallthrough")],
    ),
  ];
}

function rewriteDirectives(dns: DnsConfig): Directive[] {
  return dns.rewrites.map((r) => directive("rewrite", ["name", r.match, r.from, r.to, "answer", "auto"]));
}

function kubernetesDirective(dns: DnsConfig, clusterDomain: string): Directive {
  const block = [
    directive("pods", [dns.kubernetes.podsMode]),
    directive("fallthrough", [...REVERSE_ZONES]),
    directive("ttl", [dns.kubernetes.ttlSeconds]),
  ];
  return directive("kubernetes", [clusterDomain, ...REVERSE_ZONES], block);
}

/** `errors` and, when asked, `log`: the first lines of every server block. */
export function loggingDirectives(dns: DnsConfig): Directive[] {
  return dns.queryLog ? [directive("errors"), directive("log")] : [directive("errors")];
}

/** `reload <interval> <jitter>` (jitter: half the interval, at least 1 s), or nothing when reload is off. */
export function reloadDirectives(dns: DnsConfig): Directive[] {
  if (dns.reloadSeconds === null) return [];
  return [directive("reload", [`${dns.reloadSeconds}s`, `${Math.max(1, Math.floor(dns.reloadSeconds / 2))}s`])];
}

function rootServer(dns: DnsConfig, clusterDomain: string): ServerBlock {
  const directives: Directive[] = [
    ...loggingDirectives(dns),
    directive("health", [`:${COREDNS_PORTS.health}`], [directive("lameduck", [`${dns.lameduckSeconds}s`])]),
    directive("ready", [`:${COREDNS_PORTS.ready}`]),
    ...rewriteDirectives(dns),
    ...hostsDirective(dns),
    kubernetesDirective(dns, clusterDomain),
    directive("prometheus", [`:${COREDNS_PORTS.metrics}`]),
    forwardDirective(dns.upstream.servers, dns.upstream),
    cacheDirective(dns.cache),
    ...(dns.loop ? [directive("loop")] : []),
    ...reloadDirectives(dns),
    ...(dns.loadbalance ? [directive("loadbalance")] : []),
  ];
  return { zones: ["."], port: COREDNS_PORTS.dns, directives };
}

function stubServer(dns: DnsConfig, stub: DnsConfig["stubDomains"][number]): ServerBlock {
  const directives: Directive[] = [
    ...loggingDirectives(dns),
    directive("prometheus", [`:${COREDNS_PORTS.metrics}`]),
    forwardDirective(stub.servers, dns.upstream),
    cacheDirective(dns.cache),
  ];
  return { zones: [stub.zone], port: COREDNS_PORTS.dns, directives };
}

/** The cluster CoreDNS model (see the file comment). */
export function clusterCorefile(dns: DnsConfig, clusterDomain: string): Corefile {
  return { servers: [rootServer(dns, clusterDomain), ...dns.stubDomains.map((stub) => stubServer(dns, stub))] };
}

/** The Corefile text the `coredns` ConfigMap carries. */
export function renderClusterCorefile(dns: DnsConfig, clusterDomain: string): string {
  return printCorefile(clusterCorefile(dns, clusterDomain));
}
