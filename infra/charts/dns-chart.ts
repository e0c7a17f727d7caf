import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { CoreDnsDeployment, CoreDnsRbac, DnsAutoscaler, KubeDnsService, NodeLocalDns } from "../constructs/dns";
import { renderClusterCorefile, renderNodeLocalCorefile } from "../render/corefile";
import type { Addon, AddonContext } from "./addon";

/**
 * Cluster DNS: CoreDNS in kube-system under kubeadm's names (so Keelson takes over a kubeadm cluster's
 * DNS in place), optionally scaled by the cluster-proportional-autoscaler and fronted on every node by
 * NodeLocal DNSCache. Prometheus scrapes the `metrics` port of the kube-dns Service (9153) and of the
 * node-local-dns Service (9253), selected by `k8s-app`.
 */
export class DnsChart extends Chart {
  constructor(scope: Construct, id: string, { config }: AddonContext) {
    super(scope, id, { disableResourceNameHashes: true });
    const { dns } = config;
    const domain = config.platform.clusterDomain;
    new CoreDnsRbac(this, "rbac", { watchPods: dns.kubernetes.podsMode === "verified" });
    new CoreDnsDeployment(this, "coredns", {
      dns,
      corefile: renderClusterCorefile(dns, domain),
      podDisruptionBudget: config.platform.podDisruptionBudgets,
      replicasFromAutoscaler: dns.autoscaler.enabled,
    });
    new KubeDnsService(this, "kube-dns", { clusterIP: dns.clusterIP });
    if (dns.autoscaler.enabled) new DnsAutoscaler(this, "autoscaler", { dns });
    if (dns.nodeLocal.enabled) new NodeLocalDns(this, "node-local", { dns, corefile: renderNodeLocalCorefile(dns, domain) });
  }
}

export const dnsAddon: Addon = {
  name: "dns",
  description: "CoreDNS (kube-dns Service), cluster-proportional-autoscaler and NodeLocal DNSCache",
  dependsOn: [],
  enabled: (config) => config.dns.enabled,
  create: (scope, context) => new DnsChart(scope, "dns", context),
};
