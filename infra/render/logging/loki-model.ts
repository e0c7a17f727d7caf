/**
 * The subset of Loki's config file Keelson writes (single binary, filesystem storage, TSDB index),
 * field names as Loki spells them. Reference: https://grafana.com/docs/loki/latest/configure/ (3.x).
 */
export interface LokiConfigModel {
  readonly auth_enabled: false;
  readonly server: { readonly http_listen_port: number; readonly grpc_listen_port: number; readonly log_level: "info" | "warn" };
  readonly common: {
    readonly path_prefix: string;
    readonly replication_factor: 1;
    readonly instance_addr: string;
    readonly ring: { readonly kvstore: { readonly store: "inmemory" } };
    readonly storage: { readonly filesystem: { readonly chunks_directory: string; readonly rules_directory: string } };
  };
  readonly schema_config: {
    readonly configs: readonly {
      readonly from: string;
      readonly store: "tsdb";
      readonly object_store: "filesystem";
      readonly schema: "v13";
      readonly index: { readonly prefix: string; readonly period: "24h" };
    }[];
  };
  readonly limits_config: {
    /** "0h" keeps logs forever. */
    readonly retention_period: string;
    readonly allow_structured_metadata: boolean;
    readonly reject_old_samples: boolean;
    readonly reject_old_samples_max_age: string;
    readonly ingestion_rate_mb: number;
    readonly ingestion_burst_size_mb: number;
  };
  readonly compactor: {
    readonly working_directory: string;
    readonly compaction_interval: string;
    readonly retention_enabled: boolean;
    readonly retention_delete_delay: string;
    readonly delete_request_store?: "filesystem";
  };
  readonly ruler: {
    readonly storage: { readonly type: "local"; readonly local: { readonly directory: string } };
    readonly rule_path: string;
    readonly evaluation_interval: string;
    readonly ring: { readonly kvstore: { readonly store: "inmemory" } };
    readonly wal: { readonly dir: string };
    readonly remote_write: { readonly enabled: boolean; readonly clients: Readonly<Record<string, { readonly url: string }>> };
  };
  readonly analytics: { readonly reporting_enabled: false };
}
