import type { LoggingConfig } from "../../config";
import { printYaml, type YamlValue } from "../prometheus/print-yaml";
import type { LokiConfigModel } from "./loki-model";

export const LOKI_DATA_DIR = "/loki";
/** The ruler reads `<dir>/<tenant>/*.yaml`; with auth disabled the tenant is `fake`. */
export const LOKI_RULES_DIR = "/etc/loki/rules";
export const LOKI_TENANT = "fake";
export const LOKI_GRPC_PORT = 9095;

export interface LokiInput {
  readonly store: LoggingConfig["store"];
  readonly httpPort: number;
  /** Prometheus remote-write URLs (one per replica, so each keeps a full copy), keyed by a client name. */
  readonly remoteWrite: Readonly<Record<string, string>>;
}

export class LokiConfigError extends Error {
  constructor(problems: readonly string[]) {
    super(`Loki config is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "LokiConfigError";
  }
}

/** Retention: the period, and the compactor that enforces it (with its delete-request store). */
function retention(store: LokiInput["store"]): Pick<LokiConfigModel, "limits_config" | "compactor"> {
  const retentionHours = store.retentionDays === null ? 0 : store.retentionDays * 24;
  return {
    limits_config: {
      retention_period: `${retentionHours}h`,
      allow_structured_metadata: true,
      reject_old_samples: true,
      reject_old_samples_max_age: "168h",
      ingestion_rate_mb: 8,
      ingestion_burst_size_mb: 16,
    },
    compactor: {
      working_directory: `${LOKI_DATA_DIR}/compactor`,
      compaction_interval: "10m",
      retention_enabled: store.compactor.retentionEnabled,
      retention_delete_delay: "2h",
      ...(store.compactor.deleteRequestStore === null ? {} : { delete_request_store: store.compactor.deleteRequestStore }),
    },
  };
}

/** The ruler: local rule files, remote-writing recorded series to Prometheus. */
function ruler(remoteWrite: LokiInput["remoteWrite"]): LokiConfigModel["ruler"] {
  return {
    storage: { type: "local", local: { directory: LOKI_RULES_DIR } },
    rule_path: `${LOKI_DATA_DIR}/ruler-scratch`,
    evaluation_interval: "1m",
    ring: { kvstore: { store: "inmemory" } },
    wal: { dir: `${LOKI_DATA_DIR}/ruler-wal` },
    remote_write: {
      enabled: Object.keys(remoteWrite).length > 0,
      clients: Object.fromEntries(Object.entries(remoteWrite).map(([name, url]) => [name, { url }])),
    },
  };
}

export function lokiConfigModel(input: LokiInput): LokiConfigModel {
  return {
    auth_enabled: false,
    server: { http_listen_port: input.httpPort, grpc_listen_port: LOKI_GRPC_PORT, log_level: "info" },
    common: {
      path_prefix: LOKI_DATA_DIR,
      replication_factor: 1,
      instance_addr: "127.0.0.1",
      ring: { kvstore: { store: "inmemory" } },
      storage: { filesystem: { chunks_directory: `${LOKI_DATA_DIR}/chunks`, rules_directory: `${LOKI_DATA_DIR}/rules-scratch` } },
    },
    // TSDB + schema v13 is what Loki 3 requires for structured metadata, which OTLP ingestion needs.
    schema_config: {
      configs: [
        {
          from: "2024-01-01",
          store: "tsdb",
          object_store: "filesystem",
          schema: "v13",
          index: { prefix: "index_", period: "24h" },
        },
      ],
    },
    ...retention(input.store),
    ruler: ruler(input.remoteWrite),
    analytics: { reporting_enabled: false },
  };
}

/**
 * The rule Loki enforces only at run time, checked here: a retention period is silently ignored
 * without the compactor's retention, and refused without a delete-request store.
 */
export function validateLokiConfig(model: LokiConfigModel): void {
  const problems: string[] = [];
  if (model.limits_config.retention_period !== "0h") {
    if (!model.compactor.retention_enabled) {
      problems.push(`'compactor.retention_enabled' must be true when 'limits_config.retention_period' is set, got false`);
    }
    if (model.compactor.delete_request_store === undefined) {
      problems.push(`'compactor.delete_request_store' must be set when 'limits_config.retention_period' is set, got nothing`);
    }
  }
  if (problems.length > 0) throw new LokiConfigError(problems);
}

export function renderLokiConfig(model: LokiConfigModel): string {
  validateLokiConfig(model);
  return printYaml(model as unknown as YamlValue);
}
