import { z } from "zod";
import { imageRef, positiveInt, resources, resourcesSchema, secretKeyRef, sizeGiB } from "./common";
import { alertmanagerSchema } from "./monitoring-alertmanager";

/**
 * Prometheus stores "an average of only 1-2 bytes per sample" (Prometheus docs, Storage → Operational
 * aspects: needed_disk_space = retention_time_seconds * ingested_samples_per_second * bytes_per_sample).
 * The cross-check takes the upper figure.
 */
export const PROMETHEUS_BYTES_PER_SAMPLE = 2;
/** Share of the volume `retention.sizeGiB` may use; the rest is head room for the WAL and compaction. */
export const PROMETHEUS_VOLUME_USABLE_RATIO = 0.8;

const seconds = z.number().int().min(5).max(3600);

const prometheusSchema = z
  .strictObject({
    /** @default 1 (dev), 2 (prod) */
    replicas: positiveInt.max(10).default(1),
    /** @default "quay.io/prometheus/prometheus:v3.13.2" */
    image: imageRef.default("quay.io/prometheus/prometheus:v3.13.2"),
    /** @default 30 */
    scrapeIntervalSeconds: seconds.default(30),
    /** @default 30 */
    evaluationIntervalSeconds: seconds.default(30),
    /** Time-series the platform is expected to hold (sizes the disk cross-check). @default 30000 */
    expectedActiveSeries: positiveInt.max(100_000_000).default(30_000),
    retention: z
      .strictObject({
        /** Blocks older than this are deleted (`--storage.tsdb.retention.time`). @default 2 */
        days: positiveInt.max(3650).default(2),
        /** Oldest blocks are deleted past this size (`--storage.tsdb.retention.size`). @default 1 */
        sizeGiB: sizeGiB.default(1),
      })
      .prefault({}),
    /** Volume of each replica: a PVC with `platform.storage: persistentVolume`, else an emptyDir size limit. @default 2 */
    storageSizeGiB: sizeGiB.default(2),
    /** Scrape every Service annotated `prometheus.io/scrape: "true"` (port, path, scheme from annotations). @default true */
    scrapeAnnotatedServices: z.boolean().default(true),
    /** @default 50m/500m CPU, 200/768 MiB */
    resources: resourcesSchema.default(resources([50, 500], [200, 768])),
  })
  .superRefine((p, ctx) => {
    const volumeGiB = p.storageSizeGiB * PROMETHEUS_VOLUME_USABLE_RATIO;
    if (p.retention.sizeGiB > volumeGiB) {
      ctx.addIssue({
        code: "custom",
        path: ["retention", "sizeGiB"],
        message: `<= ${volumeGiB} (${PROMETHEUS_VOLUME_USABLE_RATIO * 100}% of storageSizeGiB ${p.storageSizeGiB}; the rest is WAL and compaction head room)`,
      });
    }
    const samplesPerSecond = p.expectedActiveSeries / p.scrapeIntervalSeconds;
    const neededGiB = (p.retention.days * 86400 * samplesPerSecond * PROMETHEUS_BYTES_PER_SAMPLE) / 2 ** 30;
    if (neededGiB > p.retention.sizeGiB) {
      const maxDays = Math.floor((p.retention.sizeGiB * 2 ** 30) / (86400 * samplesPerSecond * PROMETHEUS_BYTES_PER_SAMPLE));
      ctx.addIssue({
        code: "custom",
        path: ["retention", "days"],
        message:
          `<= ${maxDays} to fit retention.sizeGiB ${p.retention.sizeGiB} (${p.expectedActiveSeries} series every ` +
          `${p.scrapeIntervalSeconds}s at ${PROMETHEUS_BYTES_PER_SAMPLE} bytes/sample need ${neededGiB.toFixed(2)} GiB)`,
      });
    }
  });

const grafanaSchema = z.strictObject({
  /** @default "docker.io/grafana/grafana:13.1.3" */
  image: imageRef.default("docker.io/grafana/grafana:13.1.3"),
  /** Admin login, by Secret reference only. @default Secret grafana-admin, keys admin-user / admin-password */
  adminUser: secretKeyRef.default({ name: "grafana-admin", key: "admin-user" }),
  adminPassword: secretKeyRef.default({ name: "grafana-admin", key: "admin-password" }),
  /** @default 25m/250m CPU, 96/256 MiB */
  resources: resourcesSchema.default(resources([25, 250], [96, 256])),
});

/** Resource monitoring: metrics-server, Prometheus, alerts, dashboards. */
export const monitoringSchema = z.strictObject({
  /** @default true */
  enabled: z.boolean().default(true),
  /**
   * Skip verifying kubelet serving certificates (metrics-server `--kubelet-insecure-tls`, Prometheus
   * `insecure_skip_verify` on the kubelet jobs). Only for clusters whose kubelets serve self-signed
   * certificates (kind, kubeadm without serverTLSBootstrap). @default false
   */
  kubeletInsecureTLS: z.boolean().default(false),
  metricsServer: z
    .strictObject({
      /** @default "registry.k8s.io/metrics-server/metrics-server:v0.9.0" */
      image: imageRef.default("registry.k8s.io/metrics-server/metrics-server:v0.9.0"),
      /** @default 1 (dev), 2 (prod) */
      replicas: positiveInt.max(10).default(1),
      /** `--metric-resolution`. @default 15 */
      metricResolutionSeconds: seconds.default(15),
      /** @default 20m/100m CPU, 40/100 MiB */
      resources: resourcesSchema.default(resources([20, 100], [40, 100])),
    })
    .prefault({}),
  prometheus: prometheusSchema.prefault({}),
  alertmanager: alertmanagerSchema.prefault({}),
  kubeStateMetrics: z
    .strictObject({
      /** @default "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.1" */
      image: imageRef.default("registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.1"),
      /** @default 10m/100m CPU, 32/128 MiB */
      resources: resourcesSchema.default(resources([10, 100], [32, 128])),
    })
    .prefault({}),
  nodeExporter: z
    .strictObject({
      /** @default "quay.io/prometheus/node-exporter:v1.12.1" */
      image: imageRef.default("quay.io/prometheus/node-exporter:v1.12.1"),
      /** Per node. @default 10m/100m CPU, 24/64 MiB */
      resources: resourcesSchema.default(resources([10, 100], [24, 64])),
    })
    .prefault({}),
  grafana: grafanaSchema.prefault({}),
});
export type MonitoringConfig = z.infer<typeof monitoringSchema>;
export type PrometheusSettings = MonitoringConfig["prometheus"];
