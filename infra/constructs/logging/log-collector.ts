import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { NAMESPACE, type PlatformConfig } from "../../config";
import { renderCollectorConfig } from "../../render/logging/render-collector";
import { APP, PORTS } from "../../render/prometheus/targets";
import { clusterReader, READ } from "../monitoring/cluster-reader";
import {
  configMap,
  goMemLimit,
  hardenedContainer,
  httpProbe,
  objectMeta,
  podTemplate,
  selectorLabels,
  serviceAccount,
} from "../monitoring/pod-parts";
import { CONFIG_HASH_ANNOTATION, configHash, restrictedContainerSecurityContext } from "../workload-defaults";

export interface LogCollectorProps {
  readonly config: PlatformConfig;
}

const NAME = APP.collector;
const CONFIG_DIR = "/etc/otelcol";

/** The collector's config for this platform config. */
export function collectorConfigText(config: PlatformConfig): string {
  return renderCollectorConfig({
    collector: config.logging.collector,
    lokiOtlpEndpoint: `http://loki.${NAMESPACE.logging}.svc.${config.platform.clusterDomain}:${PORTS.loki}/otlp`,
    metricsPort: PORTS.collectorMetrics,
    healthPort: PORTS.collectorHealth,
    excludeGlobs: [`/var/log/pods/${NAMESPACE.nodeAgents}_${NAME}-*/*/*.log`],
  });
}

function collectorContainer(config: PlatformConfig): k8s.Container {
  const c = config.logging.collector;
  const container = hardenedContainer({
    name: "otelcol",
    image: c.image,
    resources: c.resources,
    args: [`--config=${CONFIG_DIR}/config.yaml`],
    env: [
      { name: "K8S_NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
      // The Go runtime keeps its heap under the memory limit; memory_limiter refuses data before that.
      goMemLimit(c.resources),
    ],
    ports: [
      { name: "metrics", port: PORTS.collectorMetrics },
      { name: "health", port: PORTS.collectorHealth },
    ],
    livenessProbe: httpProbe("/", "health"),
    readinessProbe: httpProbe("/", "health"),
    volumeMounts: [
      { name: "config", mountPath: CONFIG_DIR, readOnly: true },
      { name: "pod-logs", mountPath: "/var/log/pods", readOnly: true },
      { name: "state", mountPath: c.hostPath },
    ],
  });
  // Root (see the class comment), without any capability, escalation or writable root filesystem.
  const securityContext = { ...restrictedContainerSecurityContext(), runAsNonRoot: false };
  return { ...container, securityContext };
}

function collectorPodTemplate(config: PlatformConfig, text: string): k8s.PodTemplateSpec {
  const hostPath = config.logging.collector.hostPath;
  return podTemplate(
    NAME,
    "logging",
    {
      automountServiceAccountToken: true,
      priorityClassName: "system-node-critical",
      terminationGracePeriodSeconds: 30,
      securityContext: { runAsNonRoot: false, runAsUser: 0, runAsGroup: 0, seccompProfile: { type: "RuntimeDefault" } },
      tolerations: [{ operator: "Exists" }],
      containers: [collectorContainer(config)],
      volumes: [
        { name: "config", configMap: { name: "log-collector-config" } },
        { name: "pod-logs", hostPath: { path: "/var/log/pods", type: "Directory" } },
        { name: "state", hostPath: { path: hostPath, type: "DirectoryOrCreate" } },
      ],
    },
    { [CONFIG_HASH_ANNOTATION]: configHash(text) },
  );
}

/**
 * The node log collector (OpenTelemetry Collector) as a DaemonSet in the privileged keelson-node-agents
 * namespace. Host access, and why:
 * - hostPath /var/log/pods, read-only: the container logs the kubelet writes;
 * - hostPath <collector.hostPath>, read-write: tail offsets and the on-disk send queue, so a restart or a
 *   log store outage loses nothing (the anchors' memory-only buffer loses logs under backpressure);
 * - runAsUser 0: the log files are root-owned with mode 0640; root reads them as their owner. It holds no
 *   capability (drop ALL), cannot escalate, and its root filesystem is read-only.
 */
export class LogCollector extends Construct {
  constructor(scope: Construct, id: string, { config }: LogCollectorProps) {
    super(scope, id);
    const ref = { name: NAME, namespace: NAMESPACE.nodeAgents, component: "logging" };
    const text = collectorConfigText(config);
    // Token needed: the k8s_attributes processor reads pod, namespace and ReplicaSet metadata.
    serviceAccount(this, { ...ref, automount: true });
    clusterReader(this, {
      ...ref,
      rules: [
        { apiGroups: [""], resources: ["pods", "namespaces"], verbs: READ },
        { apiGroups: ["apps"], resources: ["replicasets"], verbs: READ },
      ],
    });
    configMap(this, { ...ref, name: "log-collector-config", data: { "config.yaml": text } });
    new k8s.KubeDaemonSet(this, "daemonset", {
      metadata: objectMeta(ref),
      spec: {
        selector: { matchLabels: selectorLabels(NAME) },
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString("10%") } },
        template: collectorPodTemplate(config, text),
      },
    });
  }
}
