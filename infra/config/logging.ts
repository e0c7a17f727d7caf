import { z } from "zod";
import { imageRef, positiveInt, resources, resourcesSchema, sizeGiB } from "./common";

/** Share of the log store volume the retained logs may fill; the rest is head room for the WAL, index and compaction. */
export const LOKI_VOLUME_USABLE_RATIO = 0.8;

/** An absolute host path, safe to print in a manifest and a config file. */
const hostPath = z
  .string()
  .regex(/^\/[A-Za-z0-9._/-]{1,200}$/, "an absolute path of [A-Za-z0-9._/-]")
  .refine((p) => !p.split("/").includes(".."), "a path without '..'");

/** A JSON field name of the edge access log: a LogQL label-extraction-safe identifier. */
const jsonField = z.string().regex(/^[a-z_][a-z0-9_]{0,63}$/, "a JSON field name ([a-z_][a-z0-9_]*)");

/**
 * A regular expression for the first line of a log entry (RE2 syntax, as the collector reads it). It is
 * printed inside a double-quoted expression string, so quotes, backticks and line breaks are refused; and
 * the collector expands `${...}` (environment variables) and `$$` anywhere in its config file, so those are
 * refused too (a lone `$`, the end anchor, reaches the expression unchanged). Lookarounds and
 * backreferences are refused because RE2 has neither.
 */
const firstLineRegex = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^"`\n\r]+$/, "a regular expression without quotes, backticks or line breaks")
  .refine((r) => !/\$[{$]/.test(r), "a regular expression without '${' or '$$' (the collector expands them)")
  // JavaScript accepts these, RE2 does not: the collector would refuse its config at start.
  .refine((r) => !/\(\?<?[=!]|\\[1-9]|\\k</.test(r), "a regular expression RE2 accepts (no lookaround or backreference)")
  .refine((r) => {
    try {
      new RegExp(r);
      return true;
    } catch {
      return false;
    }
  }, "a valid regular expression");

const collectorSchema = z.strictObject({
  /**
   * Upstream contrib image; it contains every component the rendered config uses. The tag is the version of
   * open-telemetry/opentelemetry-collector-releases distributions/otelcol-contrib/manifest.yaml (ceccc19d,
   * 2026-08-20); scripts/tools/build-otelcol.sh validates with the same module versions.
   * @default "docker.io/otel/opentelemetry-collector-contrib:0.159.0"
   */
  image: imageRef.default("docker.io/otel/opentelemetry-collector-contrib:0.159.0"),
  /** Per node. @default 20m/200m CPU, 64/192 MiB */
  resources: resourcesSchema.default(resources([20, 200], [64, 192])),
  /** Host directory for the tail offsets and the persistent send queue; survives pod restarts. @default "/var/lib/keelson/log-collector" */
  hostPath: hostPath.default("/var/lib/keelson/log-collector"),
  /** Upper bound of the on-disk send queue per node; when full, reading pauses (nothing is dropped). @default 512 */
  bufferSizeMiB: positiveInt.max(1_048_576).default(512),
  /** A line that matches starts a new entry; other lines (stack-trace frames) join the previous one. @default "^[^\\s]" (continuation lines are indented) */
  multilineFirstLine: firstLineRegex.default("^[^\\s]"),
});

const storeSchema = z
  .strictObject({
    /** Loki, single binary, filesystem storage. @default "docker.io/grafana/loki:3.6.12" (the Loki chart 7.3.0's appVersion) */
    image: imageRef.default("docker.io/grafana/loki:3.6.12"),
    /** @default 50m/500m CPU, 192/512 MiB */
    resources: resourcesSchema.default(resources([50, 500], [192, 512])),
    /** Logs older than this are deleted by the compactor; null keeps logs forever. @default 3 (dev), 14 (prod) */
    retentionDays: positiveInt.max(3650).nullable().default(3),
    compactor: z
      .strictObject({
        /** The compactor deletes expired chunks (`compactor.retention_enabled`). @default true */
        retentionEnabled: z.boolean().default(true),
        /** Where delete requests are stored (`compactor.delete_request_store`); Loki refuses retention without it. @default "filesystem" */
        deleteRequestStore: z.enum(["filesystem"]).nullable().default("filesystem"),
      })
      .prefault({}),
    /** Volume: a PVC with `platform.storage: persistentVolume`, else an emptyDir size limit. @default 2 (dev), 50 (prod) */
    storageSizeGiB: sizeGiB.default(2),
    /** Expected log volume, uncompressed (sizes the disk cross-check; compression only adds margin). @default 200 */
    expectedIngestMiBPerDay: positiveInt.max(10_000_000).default(200),
  })
  .superRefine((s, ctx) => {
    if (s.retentionDays === null) return;
    if (!s.compactor.retentionEnabled) {
      ctx.addIssue({
        code: "custom",
        path: ["compactor", "retentionEnabled"],
        message: "true when retentionDays is set (without it Loki keeps logs forever)",
      });
    }
    if (s.compactor.deleteRequestStore === null) {
      ctx.addIssue({
        code: "custom",
        path: ["compactor", "deleteRequestStore"],
        message: "set when retentionDays is set (Loki refuses retention without a delete-request store)",
      });
    }
    const usableMiB = s.storageSizeGiB * 1024 * LOKI_VOLUME_USABLE_RATIO;
    const neededMiB = s.expectedIngestMiBPerDay * s.retentionDays;
    if (neededMiB > usableMiB) {
      ctx.addIssue({
        code: "custom",
        path: ["retentionDays"],
        message:
          `<= ${Math.floor(usableMiB / s.expectedIngestMiBPerDay)} to fit storageSizeGiB ${s.storageSizeGiB} ` +
          `(${s.expectedIngestMiBPerDay} MiB/day for ${s.retentionDays} days need ${neededMiB} MiB; ${LOKI_VOLUME_USABLE_RATIO * 100}% of the volume is usable)`,
      });
    }
  });

/** Cluster-level logging: node collector (OpenTelemetry Collector) and log store (Loki). */
export const loggingSchema = z.strictObject({
  /** @default true */
  enabled: z.boolean().default(true),
  collector: collectorSchema.prefault({}),
  store: storeSchema.prefault({}),
  /**
   * Fields of the edge tier's JSON access log that the log store turns into metrics (5xx ratio, upstream
   * errors, cache hit ratio). See docs/logging.md for the contract with the edge.
   */
  edgeAccessLog: z
    .strictObject({
      /** HTTP status sent to the client (nginx `$status`). @default "status" */
      status: jsonField.default("status"),
      /** Status(es) of the upstream attempts (nginx `$upstream_status`). @default "upstream_status" */
      upstreamStatus: jsonField.default("upstream_status"),
      /** Cache result (nginx `$upstream_cache_status`). @default "upstream_cache_status" */
      cacheStatus: jsonField.default("upstream_cache_status"),
    })
    .prefault({}),
});
export type LoggingConfig = z.infer<typeof loggingSchema>;
