import type { PrometheusConfigModel } from "./config-model";
import { printYaml, type YamlValue } from "./print-yaml";
import {
  annotatedServicesJob,
  apiServerJob,
  kubeletJob,
  podLabelMeta,
  podScrapeJob,
  regexLiteral,
  type PodTarget,
  type ServiceAccountFiles,
} from "./scrape-jobs";

export interface PrometheusConfigInput {
  readonly scrapeIntervalSeconds: number;
  readonly evaluationIntervalSeconds: number;
  /** Glob of the rule files inside the pod. */
  readonly ruleFiles: string;
  readonly serviceAccount: ServiceAccountFiles;
  readonly kubeletInsecureTLS: boolean;
  readonly scrapeAnnotatedServices: boolean;
  readonly retentionDays: number;
  readonly retentionSizeGiB: number;
  readonly podTargets: readonly PodTarget[];
  /** Alertmanager pods Prometheus sends alerts to (every replica: they deduplicate among themselves). */
  readonly alertmanager: {
    readonly namespace: string;
    readonly podLabels: Readonly<Record<string, string>>;
    readonly portName: string;
  };
}

/** prometheus.yml as a typed model: global settings, Alertmanager discovery, rule files and every scrape job. */
export function prometheusConfigModel(input: PrometheusConfigInput): PrometheusConfigModel {
  const am = input.alertmanager;
  return {
    global: { scrape_interval: `${input.scrapeIntervalSeconds}s`, evaluation_interval: `${input.evaluationIntervalSeconds}s` },
    alerting: {
      alertmanagers: [
        {
          api_version: "v2",
          kubernetes_sd_configs: [{ role: "pod", namespaces: { names: [am.namespace] } }],
          relabel_configs: [
            ...Object.keys(am.podLabels)
              .sort()
              .map((label) => ({
                action: "keep" as const,
                source_labels: [podLabelMeta(label)],
                regex: regexLiteral(am.podLabels[label]!),
              })),
            { action: "keep", source_labels: ["__meta_kubernetes_pod_container_port_name"], regex: regexLiteral(am.portName) },
          ],
        },
      ],
    },
    rule_files: [input.ruleFiles],
    // Prometheus size units are powers of two: "GB" is GiB.
    storage: { tsdb: { retention: { time: `${input.retentionDays}d`, size: `${input.retentionSizeGiB}GB` } } },
    scrape_configs: [
      apiServerJob(input.serviceAccount),
      kubeletJob("kubelet", input.serviceAccount, input.kubeletInsecureTLS),
      kubeletJob("cadvisor", input.serviceAccount, input.kubeletInsecureTLS),
      ...input.podTargets.map((t) => podScrapeJob(t, input.serviceAccount)),
      ...(input.scrapeAnnotatedServices ? [annotatedServicesJob(input.podTargets)] : []),
    ],
  };
}

export class PrometheusConfigError extends Error {
  constructor(problems: readonly string[]) {
    super(`Prometheus config is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PrometheusConfigError";
  }
}

/** Checks what the types cannot: unique, well-formed job names. */
export function validatePrometheusConfig(model: PrometheusConfigModel): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  model.scrape_configs.forEach((job, i) => {
    if (!/^[a-z][-a-z0-9]*$/.test(job.job_name))
      problems.push(`'scrape_configs[${i}].job_name' must be a lower-case name, got ${JSON.stringify(job.job_name)}`);
    if (seen.has(job.job_name))
      problems.push(`'scrape_configs[${i}].job_name' must be unique, got ${JSON.stringify(job.job_name)}`);
    seen.add(job.job_name);
  });
  if (problems.length > 0) throw new PrometheusConfigError(problems);
}

export function renderPrometheusConfig(model: PrometheusConfigModel): string {
  validatePrometheusConfig(model);
  return printYaml(model as unknown as YamlValue);
}
