import type { LoggingConfig } from "../../config";
import { printYaml, type YamlValue } from "../prometheus/print-yaml";

export interface CollectorInput {
  readonly collector: LoggingConfig["collector"];
  /** Base URL of the log store's OTLP endpoint (the exporter appends /v1/logs). */
  readonly lokiOtlpEndpoint: string;
  readonly metricsPort: number;
  readonly healthPort: number;
  /** Glob of the container log files (kubelet's CRI layout). @default "/var/log/pods/*\/*\/*.log" */
  readonly logGlob?: string;
  /** Log files never read (the collector's own, so a send failure cannot feed on itself). */
  readonly excludeGlobs: readonly string[];
  /** Leave out the k8s_attributes processor (it needs the API server; only for a local run). @default false */
  readonly withoutKubernetesMetadata?: boolean;
  /** OTLP payload encoding. @default "proto" (what Loki's OTLP endpoint takes; tests read "json") */
  readonly encoding?: "proto" | "json";
}

const MIB = 1024 * 1024;

/** Tail container logs in CRI format, join partial lines and stack traces, keep offsets on the host. */
function filelogReceiver(input: CollectorInput): YamlValue {
  const firstLine = input.collector.multilineFirstLine;
  return {
    include: [input.logGlob ?? "/var/log/pods/*/*/*.log"],
    exclude: input.excludeGlobs,
    start_at: "beginning",
    include_file_path: true,
    include_file_name: false,
    // Offsets survive restarts: a restarted collector resumes where it stopped.
    storage: "file_storage",
    // Backpressure: when the pipeline refuses data, the receiver waits and retries (forever) instead of dropping.
    retry_on_failure: { enabled: true, initial_interval: "1s", max_interval: "30s", max_elapsed_time: "0s" },
    operators: [
      // CRI lines (`<time> <stream> <P|F> <log>`, containerd and CRI-O) or Docker JSON, detected per file;
      // partial (P) lines are joined; namespace, pod, uid and container come from the file path.
      { type: "container", id: "container", add_metadata_from_filepath: true },
      {
        type: "recombine",
        id: "multiline",
        combine_field: "body",
        combine_with: "\n",
        source_identifier: 'attributes["log.file.path"]',
        // The regex is restricted by the config schema (no quotes, backticks, line breaks, `${` or `$$`).
        is_first_entry: `body matches "${firstLine.replace(/\\/g, "\\\\")}"`,
        force_flush_period: "5s",
        max_log_size: "1MiB",
      },
    ],
  };
}

function processors(input: CollectorInput): Record<string, YamlValue> {
  return {
    memory_limiter: { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 20 },
    ...(input.withoutKubernetesMetadata
      ? {}
      : {
          k8s_attributes: {
            auth_type: "serviceAccount",
            filter: { node_from_env_var: "K8S_NODE_NAME" },
            pod_association: [{ sources: [{ from: "resource_attribute", name: "k8s.pod.uid" }] }],
            extract: {
              metadata: ["k8s.deployment.name", "k8s.statefulset.name", "k8s.daemonset.name", "k8s.node.name"],
              labels: [{ tag_name: "app", key: "app.kubernetes.io/name", from: "pod" }],
            },
          },
        }),
    batch: { send_batch_size: 1024, timeout: "5s" },
  };
}

/** OTLP/HTTP to the log store: failed sends are retried without limit from a bounded on-disk queue. */
function lokiExporter(input: CollectorInput): YamlValue {
  return {
    endpoint: input.lokiOtlpEndpoint,
    encoding: input.encoding ?? "proto",
    retry_on_failure: { enabled: true, initial_interval: "5s", max_interval: "60s", max_elapsed_time: "0s" },
    // The on-disk queue is the buffer: bounded in bytes; when full it blocks, which pauses reading.
    sending_queue: {
      enabled: true,
      storage: "file_storage",
      sizer: "bytes",
      queue_size: input.collector.bufferSizeMiB * MIB,
      block_on_overflow: true,
      num_consumers: 2,
    },
  };
}

/** OpenTelemetry Collector config of the node log collector DaemonSet. */
export function collectorConfigModel(input: CollectorInput): YamlValue {
  const dir = input.collector.hostPath;
  const processorNames = Object.keys(processors(input)).sort((a, b) => PROCESSOR_ORDER.indexOf(a) - PROCESSOR_ORDER.indexOf(b));
  return {
    extensions: {
      health_check: { endpoint: `0.0.0.0:${input.healthPort}` },
      file_storage: {
        directory: `${dir}/storage`,
        create_directory: true,
        compaction: { on_start: true, on_rebound: true, directory: `${dir}/compaction` },
      },
    },
    receivers: { file_log: filelogReceiver(input) },
    processors: processors(input),
    exporters: { "otlp_http/loki": lokiExporter(input) },
    service: {
      extensions: ["health_check", "file_storage"],
      pipelines: { logs: { receivers: ["file_log"], processors: processorNames, exporters: ["otlp_http/loki"] } },
      telemetry: {
        logs: { level: "info", encoding: "json" },
        metrics: {
          level: "detailed",
          readers: [{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: input.metricsPort } } } }],
        },
      },
    },
  };
}

const PROCESSOR_ORDER = ["memory_limiter", "k8s_attributes", "batch"];

export function renderCollectorConfig(input: CollectorInput): string {
  return printYaml(collectorConfigModel(input));
}
