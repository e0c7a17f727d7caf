import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { NAMESPACE, type PlatformConfig } from "../../config";
import { renderEdgeLogRules } from "../../render/logging/loki-edge-rules";
import {
  LOKI_DATA_DIR,
  LOKI_GRPC_PORT,
  LOKI_RULES_DIR,
  LOKI_TENANT,
  lokiConfigModel,
  renderLokiConfig,
} from "../../render/logging/render-loki";
import { APP, PORTS } from "../../render/prometheus/targets";
import {
  configMap,
  dataStorage,
  disruptionBudget,
  goMemLimit,
  hardenedContainer,
  httpProbe,
  objectMeta,
  podTemplate,
  selectorLabels,
  service,
  serviceAccount,
} from "../monitoring/pod-parts";
import { PROMETHEUS_HEADLESS } from "../monitoring/prometheus";
import { CONFIG_HASH_ANNOTATION, configHash, restrictedPodSecurityContext } from "../workload-defaults";

export interface LokiProps {
  readonly config: PlatformConfig;
}

const NAME = APP.loki;
const CONFIG_DIR = "/etc/loki/config";
/** The image's own user. */
const LOKI_UID = 10001;

/** Loki's config and ruler rules for this platform config. */
export function lokiFiles(config: PlatformConfig): { readonly config: string; readonly edgeRules: string | undefined } {
  const remoteWrite: Record<string, string> = {};
  if (config.monitoring.enabled) {
    // One client per Prometheus replica (stable pod DNS names), so every replica has the whole series.
    for (let i = 0; i < config.monitoring.prometheus.replicas; i++) {
      remoteWrite[`prometheus-${i}`] =
        `http://prometheus-${i}.${PROMETHEUS_HEADLESS}.${NAMESPACE.monitoring}.svc.${config.platform.clusterDomain}:${PORTS.prometheus}/api/v1/write`;
    }
  }
  const text = renderLokiConfig(lokiConfigModel({ store: config.logging.store, httpPort: PORTS.loki, remoteWrite }));
  const edgeRules =
    config.edge.enabled && config.monitoring.enabled ? renderEdgeLogRules(config.logging.edgeAccessLog) : undefined;
  return { config: text, edgeRules };
}

function lokiPodTemplate(config: PlatformConfig, hash: string, dataVolumes: k8s.Volume[]): k8s.PodTemplateSpec {
  const s = config.logging.store;
  return podTemplate(
    NAME,
    "log-store",
    {
      automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext(LOKI_UID),
      terminationGracePeriodSeconds: 60,
      containers: [
        hardenedContainer({
          name: "loki",
          image: s.image,
          resources: s.resources,
          args: [`-config.file=${CONFIG_DIR}/config.yaml`, "-target=all"],
          env: [goMemLimit(s.resources)],
          ports: [
            { name: "http", port: PORTS.loki },
            { name: "grpc", port: LOKI_GRPC_PORT },
          ],
          readinessProbe: { ...httpProbe("/ready", "http"), initialDelaySeconds: 15 },
          // Liveness is "the HTTP server answers", not readiness: a long WAL replay must not restart it.
          livenessProbe: { ...httpProbe("/metrics", "http", "HTTP", 30), initialDelaySeconds: 60, failureThreshold: 10 },
          volumeMounts: [
            { name: "config", mountPath: CONFIG_DIR, readOnly: true },
            { name: "rules", mountPath: `${LOKI_RULES_DIR}/${LOKI_TENANT}`, readOnly: true },
            { name: "data", mountPath: LOKI_DATA_DIR },
            { name: "tmp", mountPath: "/tmp" },
          ],
        }),
      ],
      volumes: [
        { name: "config", configMap: { name: "loki-config" } },
        { name: "rules", configMap: { name: "loki-rules" } },
        ...dataVolumes,
        // Scratch space on a read-only root filesystem, as the Loki chart mounts it.
        { name: "tmp", emptyDir: { sizeLimit: k8s.Quantity.fromString("256Mi") } },
      ],
    },
    { [CONFIG_HASH_ANNOTATION]: hash },
  );
}

/**
 * Loki, single binary on its filesystem, as a StatefulSet: OTLP ingestion, retention enforced by the
 * compactor (with its delete-request store), and a ruler that turns the edge's access logs into metrics.
 */
export class Loki extends Construct {
  constructor(scope: Construct, id: string, { config }: LokiProps) {
    super(scope, id);
    const ref = { name: NAME, namespace: NAMESPACE.logging, component: "log-store" };
    const files = lokiFiles(config);
    serviceAccount(this, { ...ref, automount: false });
    configMap(this, { ...ref, name: "loki-config", data: { "config.yaml": files.config } });
    configMap(this, { ...ref, name: "loki-rules", data: files.edgeRules === undefined ? {} : { "edge.yaml": files.edgeRules } });
    const storage = dataStorage(config.platform, "data", config.logging.store.storageSizeGiB);
    new k8s.KubeStatefulSet(this, "statefulset", {
      metadata: objectMeta(ref),
      spec: {
        // Single binary on a local filesystem: one replica by design (the volume is its storage).
        replicas: 1,
        serviceName: NAME,
        selector: { matchLabels: selectorLabels(NAME) },
        volumeClaimTemplates: storage.volumeClaimTemplates,
        template: lokiPodTemplate(config, configHash(files.config, files.edgeRules ?? ""), storage.volumes),
      },
    });
    service(this, { ...ref, ports: [{ name: "http", port: PORTS.loki }] });
    disruptionBudget(this, config.platform, ref);
  }
}
