import type { RelabelConfig, ScrapeConfig } from "./config-model";

/** In-pod paths of the service-account credentials Prometheus uses for the API server and kubelets. */
export interface ServiceAccountFiles {
  readonly caFile: string;
  readonly tokenFile: string;
}

/** Pods of one namespace, selected by labels, scraped on one container port. */
export interface PodTarget {
  readonly job: string;
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  /** A named container port, or a port number. */
  readonly port: string | number;
  /** The port's number (network policies need numbers even where the scrape job uses a name). */
  readonly portNumber: number;
  /** The pods use the node's network (NetworkPolicy cannot select them; the path is opened by address). @default false */
  readonly hostNetwork?: boolean;
  /** @default "/metrics" */
  readonly path?: string;
  /** @default "http" */
  readonly scheme?: "http" | "https";
  /** Targets whose serving certificate is self-signed by design (kubeadm's scheduler and controller-manager). */
  readonly insecureSkipVerify?: boolean;
  /** Send the service-account token (targets that delegate authorization to the API server). @default false */
  readonly authenticate?: boolean;
  /**
   * A Service in front of these pods that carries `prometheus.io/scrape` annotations (kubeadm's kube-dns
   * does): the annotated-services job skips it, so the pods are scraped once, by this job. @default none
   */
  readonly annotatedService?: string;
}

/** Escapes a literal for a Prometheus (RE2, fully anchored) regex. */
export function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `app.kubernetes.io/name` → `__meta_kubernetes_pod_label_app_kubernetes_io_name` (Prometheus's own sanitising). */
export function podLabelMeta(label: string): string {
  return `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, "_")}`;
}

/** The labels every Kubernetes target carries, so alerts can name the namespace, pod and node. */
const POD_TARGET_LABELS: readonly RelabelConfig[] = [
  { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
  { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
  { source_labels: ["__meta_kubernetes_pod_node_name"], target_label: "node" },
];

export function podScrapeJob(target: PodTarget, sa: ServiceAccountFiles): ScrapeConfig {
  const selectors: RelabelConfig[] = Object.keys(target.podLabels)
    .sort()
    .map((label) => ({ action: "keep", source_labels: [podLabelMeta(label)], regex: regexLiteral(target.podLabels[label]!) }));
  const portMeta =
    typeof target.port === "number" ? "__meta_kubernetes_pod_container_port_number" : "__meta_kubernetes_pod_container_port_name";
  return {
    job_name: target.job,
    scheme: target.scheme ?? "http",
    metrics_path: target.path ?? "/metrics",
    kubernetes_sd_configs: [{ role: "pod", namespaces: { names: [target.namespace] } }],
    ...(target.insecureSkipVerify ? { tls_config: { insecure_skip_verify: true } } : {}),
    ...(target.authenticate ? { authorization: { credentials_file: sa.tokenFile } } : {}),
    relabel_configs: [
      ...selectors,
      { action: "keep", source_labels: [portMeta], regex: regexLiteral(String(target.port)) },
      { action: "keep", source_labels: ["__meta_kubernetes_pod_phase"], regex: "Running" },
      ...POD_TARGET_LABELS,
    ],
  };
}

/** The API server, through the `kubernetes` Service's endpoints in `default`. */
export function apiServerJob(sa: ServiceAccountFiles): ScrapeConfig {
  return {
    job_name: "apiserver",
    scheme: "https",
    kubernetes_sd_configs: [{ role: "endpoints", namespaces: { names: ["default"] } }],
    tls_config: { ca_file: sa.caFile },
    authorization: { credentials_file: sa.tokenFile },
    relabel_configs: [
      {
        action: "keep",
        source_labels: ["__meta_kubernetes_service_name", "__meta_kubernetes_endpoint_port_name"],
        regex: "kubernetes;https",
      },
    ],
  };
}

/**
 * A kubelet endpoint on every node (role node: the kubelet's address and port). `kubelet` serves the
 * kubelet's own metrics (volume stats for PVC alerts), `cadvisor` the containers' resource usage.
 */
export function kubeletJob(job: "kubelet" | "cadvisor", sa: ServiceAccountFiles, insecureSkipVerify: boolean): ScrapeConfig {
  return {
    job_name: job,
    scheme: "https",
    metrics_path: job === "kubelet" ? "/metrics" : "/metrics/cadvisor",
    kubernetes_sd_configs: [{ role: "node" }],
    // insecure_skip_verify only when the config says the kubelets serve self-signed certificates
    // (monitoring.kubeletInsecureTLS); otherwise the cluster CA verifies them.
    tls_config: insecureSkipVerify ? { insecure_skip_verify: true } : { ca_file: sa.caFile },
    authorization: { credentials_file: sa.tokenFile },
    relabel_configs: [{ source_labels: ["__meta_kubernetes_node_name"], target_label: "node" }],
  };
}

/**
 * Services annotated `prometheus.io/scrape: "true"`, with optional `prometheus.io/{port,path,scheme}`,
 * except those whose pods a pod job already scrapes (`PodTarget.annotatedService`).
 */
export function annotatedServicesJob(podTargets: readonly PodTarget[]): ScrapeConfig {
  const annotation = (name: string): string => `__meta_kubernetes_service_annotation_prometheus_io_${name}`;
  const skipped = podTargets
    .filter((t) => t.annotatedService !== undefined)
    .map((t) => `${regexLiteral(t.namespace)};${regexLiteral(t.annotatedService!)}`)
    .sort();
  const skip: RelabelConfig[] =
    skipped.length === 0
      ? []
      : [
          {
            action: "drop",
            source_labels: ["__meta_kubernetes_namespace", "__meta_kubernetes_service_name"],
            regex: skipped.join("|"),
          },
        ];
  return {
    job_name: "annotated-services",
    kubernetes_sd_configs: [{ role: "endpoints" }],
    relabel_configs: [
      { action: "keep", source_labels: [annotation("scrape")], regex: "true" },
      ...skip,
      { action: "replace", source_labels: [annotation("scheme")], regex: "(https?)", target_label: "__scheme__" },
      { action: "replace", source_labels: [annotation("path")], regex: "(/.+)", target_label: "__metrics_path__" },
      {
        action: "replace",
        source_labels: ["__address__", annotation("port")],
        regex: "([^:]+)(?::\\d+)?;(\\d+)",
        replacement: "$1:$2",
        target_label: "__address__",
      },
      { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
      { source_labels: ["__meta_kubernetes_service_name"], target_label: "service" },
      { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
    ],
  };
}
