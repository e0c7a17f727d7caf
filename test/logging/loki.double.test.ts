/**
 * TEST DOUBLE: Loki's module is AGPL and is not built here, and its image cannot be pulled, so the rendered
 * config is checked structurally against Loki 3.x's documented configuration
 * (https://grafana.com/docs/loki/latest/configure/, operations/storage/retention) with strict schemas:
 * an unknown or misspelt key fails, like Loki's own strict YAML parsing. LogQL rules are checked for
 * the contract with the Prometheus edge alerts.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { resolveConfig } from "../../infra/config";
import { lokiFiles } from "../../infra/constructs/logging/loki";
import { lokiConfigModel, renderLokiConfig } from "../../infra/render/logging/render-loki";
import { EDGE_LOG_METRICS, edgeRules } from "../../infra/render/prometheus/rules/edge";

const duration = z.string().regex(/^\d+[smh]$/);
const ring = z.strictObject({ kvstore: z.strictObject({ store: z.literal("inmemory") }) });
const lokiSchema = z.strictObject({
  auth_enabled: z.boolean(),
  server: z.strictObject({
    http_listen_port: z.number().int(),
    grpc_listen_port: z.number().int(),
    log_level: z.enum(["debug", "info", "warn", "error"]),
  }),
  common: z.strictObject({
    path_prefix: z.string(),
    replication_factor: z.number().int(),
    instance_addr: z.string(),
    ring,
    storage: z.strictObject({ filesystem: z.strictObject({ chunks_directory: z.string(), rules_directory: z.string() }) }),
  }),
  schema_config: z.strictObject({
    configs: z
      .array(
        z.strictObject({
          from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          store: z.literal("tsdb"),
          object_store: z.literal("filesystem"),
          schema: z.literal("v13"),
          index: z.strictObject({ prefix: z.string(), period: z.literal("24h") }),
        }),
      )
      .min(1),
  }),
  limits_config: z.strictObject({
    retention_period: duration,
    allow_structured_metadata: z.literal(true),
    reject_old_samples: z.boolean(),
    reject_old_samples_max_age: duration,
    ingestion_rate_mb: z.number().positive(),
    ingestion_burst_size_mb: z.number().positive(),
  }),
  compactor: z.strictObject({
    working_directory: z.string(),
    compaction_interval: duration,
    retention_enabled: z.boolean(),
    retention_delete_delay: duration,
    delete_request_store: z.literal("filesystem").optional(),
  }),
  ruler: z.strictObject({
    storage: z.strictObject({ type: z.literal("local"), local: z.strictObject({ directory: z.string() }) }),
    rule_path: z.string(),
    evaluation_interval: duration,
    ring,
    wal: z.strictObject({ dir: z.string() }),
    remote_write: z.strictObject({
      enabled: z.boolean(),
      clients: z.record(z.string(), z.strictObject({ url: z.string().url() })),
    }),
  }),
  analytics: z.strictObject({ reporting_enabled: z.boolean() }),
});

describe.each(["dev", "prod"] as const)("Loki config (%s), checked by a double", (profile) => {
  const config = resolveConfig(profile);
  const files = lokiFiles(config);

  it("matches Loki's documented single-binary filesystem configuration", () => {
    const loki = lokiSchema.parse(parse(files.config));
    expect(loki.limits_config.retention_period).toBe(`${config.logging.store.retentionDays! * 24}h`);
    expect(loki.compactor.retention_enabled).toBe(true);
    expect(loki.compactor.delete_request_store).toBe("filesystem");
  });

  it("records exactly the series the edge alerts read", () => {
    const rules = parse(files.edgeRules!) as { groups: { rules: { record: string }[] }[] };
    const recorded = rules.groups.flatMap((g) => g.rules.map((r) => r.record)).sort();
    expect(recorded).toEqual(Object.values(EDGE_LOG_METRICS).sort());
    const read = edgeRules.alerts.flatMap((a) => Object.values(EDGE_LOG_METRICS).filter((m) => a.expr.includes(m)));
    expect(new Set(read)).toEqual(new Set(Object.values(EDGE_LOG_METRICS)));
  });
});

describe("Loki retention is refused without the compactor", () => {
  const store = resolveConfig("dev").logging.store;
  it("a retention period without retention_enabled and a delete-request store fails to render, naming both fields", () => {
    const model = lokiConfigModel({
      store: { ...store, compactor: { retentionEnabled: false, deleteRequestStore: null } },
      httpPort: 3100,
      remoteWrite: {},
    });
    expect(() => renderLokiConfig(model)).toThrow(
      "Loki config is invalid:\n  - 'compactor.retention_enabled' must be true when 'limits_config.retention_period' is set, got false\n" +
        "  - 'compactor.delete_request_store' must be set when 'limits_config.retention_period' is set, got nothing",
    );
  });

  it("keeping logs forever needs no compactor retention", () => {
    const model = lokiConfigModel({
      store: { ...store, retentionDays: null, compactor: { retentionEnabled: false, deleteRequestStore: null } },
      httpPort: 3100,
      remoteWrite: {},
    });
    expect(parse(renderLokiConfig(model)).limits_config.retention_period).toBe("0h");
  });
});
