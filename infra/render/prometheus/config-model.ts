/**
 * The subset of prometheus.yml Keelson writes, as types (field names as Prometheus spells them).
 * Reference: https://prometheus.io/docs/prometheus/latest/configuration/configuration/ — checked by the
 * promtool of the same release as the server (3.13, scripts/tools/build-promtool.sh).
 */

export interface RelabelConfig {
  readonly source_labels?: readonly string[];
  readonly separator?: string;
  readonly regex?: string;
  readonly target_label?: string;
  readonly replacement?: string;
  readonly action?: "replace" | "keep" | "drop" | "labelmap" | "labeldrop" | "labelkeep";
}

export interface KubernetesSdConfig {
  readonly role: "node" | "pod" | "endpoints" | "service";
  readonly namespaces?: { readonly names: readonly string[] };
}

export interface TlsConfig {
  readonly ca_file?: string;
  /** Only for targets whose serving certificate no CA vouches for; the reason sits next to its use. */
  readonly insecure_skip_verify?: boolean;
}

export interface Authorization {
  readonly credentials_file: string;
}

export interface ScrapeConfig {
  readonly job_name: string;
  readonly scheme?: "http" | "https";
  readonly metrics_path?: string;
  readonly scrape_interval?: string;
  readonly static_configs?: readonly { readonly targets: readonly string[] }[];
  readonly kubernetes_sd_configs?: readonly KubernetesSdConfig[];
  readonly tls_config?: TlsConfig;
  readonly authorization?: Authorization;
  readonly relabel_configs?: readonly RelabelConfig[];
  readonly metric_relabel_configs?: readonly RelabelConfig[];
}

export interface AlertmanagerTargetConfig {
  readonly kubernetes_sd_configs: readonly KubernetesSdConfig[];
  readonly relabel_configs: readonly RelabelConfig[];
  readonly api_version: "v2";
}

export interface PrometheusConfigModel {
  readonly global: {
    readonly scrape_interval: string;
    readonly evaluation_interval: string;
    readonly external_labels?: Readonly<Record<string, string>>;
  };
  readonly alerting?: { readonly alertmanagers: readonly AlertmanagerTargetConfig[] };
  readonly rule_files: readonly string[];
  readonly scrape_configs: readonly ScrapeConfig[];
  /** Retention in the config file (reloadable at run time; the flags are deprecated in 3.13). */
  readonly storage: { readonly tsdb: { readonly retention: { readonly time: string; readonly size: string } } };
}
