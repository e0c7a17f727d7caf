import { seriesName as s, type AlertRule, type RuleGroup } from "../rules-model";

/** `absent(up{job=…} == 1)`: the job has no healthy target at all (also when it has no target). */
export function jobDown(
  alert: string,
  job: string,
  what: string,
  severity: AlertRule["severity"],
  forDuration: string,
): AlertRule {
  return {
    alert,
    expr: `absent(up{job="${job}"} == 1)`,
    for: forDuration,
    severity,
    summary: `${what.charAt(0).toUpperCase()}${what.slice(1)} is down`,
    description: `Prometheus has scraped no healthy ${job} target for ${forDuration}.`,
    tests: {
      firing: { series: [{ series: s("up", { job, pod: `${job}-0` }), values: "0x30" }], at: "20m", labels: {} },
      silent: { series: [{ series: s("up", { job, pod: `${job}-0` }), values: "1x30" }], at: "20m" },
    },
  };
}

/** API server and kubelets: reachable on managed and self-managed clusters alike. */
export const apiServerRules: RuleGroup = {
  name: "kubernetes-api",
  alerts: [
    jobDown("KubeAPIDown", "apiserver", "the Kubernetes API server", "critical", "5m"),
    {
      alert: "KubeAPIErrorsHigh",
      expr: 'sum(rate(apiserver_request_total{job="apiserver",code=~"5.."}[5m])) / sum(rate(apiserver_request_total{job="apiserver"}[5m])) > 0.05',
      for: "10m",
      severity: "warning",
      summary: "The API server answers more than 5% of requests with 5xx",
      description: "More than 5% of API server requests have failed with a server error for 10 minutes.",
      tests: {
        firing: {
          series: [
            { series: s("apiserver_request_total", { job: "apiserver", code: "200", verb: "GET" }), values: "0+90x30" },
            { series: s("apiserver_request_total", { job: "apiserver", code: "503", verb: "GET" }), values: "0+10x30" },
          ],
          at: "25m",
          labels: {},
        },
        silent: {
          series: [
            { series: s("apiserver_request_total", { job: "apiserver", code: "200", verb: "GET" }), values: "0+999x30" },
            { series: s("apiserver_request_total", { job: "apiserver", code: "503", verb: "GET" }), values: "0+1x30" },
          ],
          at: "25m",
        },
      },
    },
    {
      alert: "KubeletDown",
      expr: 'max by (node) (up{job="kubelet"}) == 0',
      for: "10m",
      severity: "critical",
      summary: "The kubelet on {{ $labels.node }} is unreachable",
      description: "Prometheus has not reached the kubelet on {{ $labels.node }} for 10 minutes.",
      tests: {
        firing: {
          series: [{ series: s("up", { job: "kubelet", node: "n1" }), values: "0x30" }],
          at: "20m",
          labels: { node: "n1" },
        },
        silent: { series: [{ series: s("up", { job: "kubelet", node: "n1" }), values: "1x30" }], at: "20m" },
      },
    },
  ],
};

/**
 * Scheduler and controller-manager run on nodes you own only on self-managed clusters; on managed ones
 * (EKS, GKE, AKS) they cannot be scraped and these alerts would fire forever (kube-prometheus #23, #61).
 */
export const controlPlaneRules: RuleGroup = {
  name: "kubernetes-control-plane",
  clusters: "control-plane",
  alerts: [
    jobDown("KubeSchedulerDown", "kube-scheduler", "the kube-scheduler", "critical", "15m"),
    jobDown("KubeControllerManagerDown", "kube-controller-manager", "the kube-controller-manager", "critical", "15m"),
  ],
};
