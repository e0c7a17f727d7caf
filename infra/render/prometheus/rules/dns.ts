import { seriesName as s, type RuleGroup } from "../rules-model";
import { jobDown } from "./control-plane";

const C = { job: "coredns", namespace: "kube-system", pod: "coredns-a", server: "dns://:53", zone: "." };

/** Cluster DNS (CoreDNS `prometheus` plugin on :9153): up, errors, latency, upstream forwarding. */
export const dnsRules: RuleGroup = {
  name: "dns",
  alerts: [
    jobDown("CoreDNSDown", "coredns", "CoreDNS", "critical", "10m"),
    {
      alert: "CoreDNSErrorsHigh",
      expr:
        'sum(rate(coredns_dns_responses_total{job="coredns",rcode="SERVFAIL"}[5m]))' +
        ' / sum(rate(coredns_dns_responses_total{job="coredns"}[5m])) > 0.03',
      for: "10m",
      severity: "warning",
      summary: "CoreDNS answers more than 3% of queries with SERVFAIL",
      description: "More than 3% of DNS responses have been SERVFAIL for 10 minutes.",
      tests: {
        firing: {
          series: [
            { series: s("coredns_dns_responses_total", { ...C, rcode: "NOERROR" }), values: "0+90x30" },
            { series: s("coredns_dns_responses_total", { ...C, rcode: "SERVFAIL" }), values: "0+10x30" },
          ],
          at: "25m",
          labels: {},
        },
        silent: {
          series: [
            { series: s("coredns_dns_responses_total", { ...C, rcode: "NOERROR" }), values: "0+99x30" },
            { series: s("coredns_dns_responses_total", { ...C, rcode: "NXDOMAIN" }), values: "0+50x30" },
            { series: s("coredns_dns_responses_total", { ...C, rcode: "SERVFAIL" }), values: "0+1x30" },
          ],
          at: "25m",
        },
      },
    },
    {
      alert: "CoreDNSLatencyHigh",
      expr: 'histogram_quantile(0.99, sum by (le) (rate(coredns_dns_request_duration_seconds_bucket{job="coredns"}[5m]))) > 1',
      for: "10m",
      severity: "warning",
      // Keelson's threshold: a resolver waits 5 s before it retries (resolv.conf `timeout`), so a p99 above
      // 1 s means clients are already close to retrying.
      summary: "CoreDNS p99 latency is above 1 second",
      description: "The 99th percentile of DNS request duration has been above 1 s for 10 minutes.",
      tests: {
        firing: {
          series: [
            { series: s("coredns_dns_request_duration_seconds_bucket", { ...C, le: "0.1" }), values: "0+50x30" },
            { series: s("coredns_dns_request_duration_seconds_bucket", { ...C, le: "1" }), values: "0+60x30" },
            { series: s("coredns_dns_request_duration_seconds_bucket", { ...C, le: "4" }), values: "0+100x30" },
            { series: s("coredns_dns_request_duration_seconds_bucket", { ...C, le: "+Inf" }), values: "0+100x30" },
          ],
          at: "25m",
          labels: {},
        },
        silent: {
          series: [
            { series: s("coredns_dns_request_duration_seconds_bucket", { ...C, le: "0.1" }), values: "0+100x30" },
            { series: s("coredns_dns_request_duration_seconds_bucket", { ...C, le: "1" }), values: "0+100x30" },
            { series: s("coredns_dns_request_duration_seconds_bucket", { ...C, le: "4" }), values: "0+100x30" },
            { series: s("coredns_dns_request_duration_seconds_bucket", { ...C, le: "+Inf" }), values: "0+100x30" },
          ],
          at: "25m",
        },
      },
    },
    {
      alert: "CoreDNSForwardErrorsHigh",
      expr:
        'sum(rate(coredns_forward_responses_total{job="coredns",rcode="SERVFAIL"}[5m]))' +
        ' / sum(rate(coredns_forward_requests_total{job="coredns"}[5m])) > 0.03',
      for: "10m",
      severity: "warning",
      summary: "Upstream resolvers answer more than 3% of forwarded queries with SERVFAIL",
      description: "CoreDNS forwards queries that its upstream resolvers fail for more than 3% of the time.",
      tests: {
        firing: {
          series: [
            { series: s("coredns_forward_requests_total", { ...C, to: "10.0.0.2:53" }), values: "0+100x30" },
            { series: s("coredns_forward_responses_total", { ...C, to: "10.0.0.2:53", rcode: "SERVFAIL" }), values: "0+20x30" },
          ],
          at: "25m",
          labels: {},
        },
        silent: {
          series: [
            { series: s("coredns_forward_requests_total", { ...C, to: "10.0.0.2:53" }), values: "0+100x30" },
            { series: s("coredns_forward_responses_total", { ...C, to: "10.0.0.2:53", rcode: "SERVFAIL" }), values: "0x30" },
          ],
          at: "25m",
        },
      },
    },
    {
      alert: "CoreDNSForwardHealthcheckBroken",
      expr: 'sum(increase(coredns_forward_healthcheck_broken_total{job="coredns"}[5m])) > 0',
      for: "5m",
      severity: "critical",
      summary: "CoreDNS finds every upstream resolver unhealthy",
      description: "All upstreams of a CoreDNS forward block have failed their health checks; external names do not resolve.",
      tests: {
        firing: {
          series: [{ series: s("coredns_forward_healthcheck_broken_total", C), values: "0+1x30" }],
          at: "20m",
          labels: {},
        },
        silent: { series: [{ series: s("coredns_forward_healthcheck_broken_total", C), values: "2x30" }], at: "20m" },
      },
    },
  ],
};
