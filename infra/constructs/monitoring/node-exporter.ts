import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { NAMESPACE, type PlatformConfig } from "../../config";
import { APP, PORTS } from "../../render/prometheus/targets";
import { hardenedContainer, httpProbe, objectMeta, podTemplate, selectorLabels, serviceAccount } from "./pod-parts";

export interface NodeExporterProps {
  readonly config: PlatformConfig;
}

const NAME = APP.nodeExporter;
const NOBODY = 65534;

function nodeExporterPodTemplate(config: PlatformConfig): k8s.PodTemplateSpec {
  const ne = config.monitoring.nodeExporter;
  return podTemplate(NAME, "metrics", {
    automountServiceAccountToken: false,
    hostNetwork: true,
    hostPid: true,
    dnsPolicy: "ClusterFirstWithHostNet",
    priorityClassName: "system-node-critical",
    securityContext: { runAsNonRoot: true, runAsUser: NOBODY, runAsGroup: NOBODY, seccompProfile: { type: "RuntimeDefault" } },
    // Every node, including tainted control-plane nodes.
    tolerations: [{ operator: "Exists" }],
    containers: [
      hardenedContainer({
        name: "node-exporter",
        image: ne.image,
        resources: ne.resources,
        args: [
          `--web.listen-address=:${PORTS.nodeExporter}`,
          "--path.rootfs=/host/root",
          "--no-collector.wifi",
          "--no-collector.hwmon",
        ],
        ports: [{ name: "metrics", port: PORTS.nodeExporter }],
        livenessProbe: httpProbe("/", "metrics"),
        readinessProbe: httpProbe("/", "metrics"),
        volumeMounts: [{ name: "root", mountPath: "/host/root", readOnly: true, mountPropagation: "HostToContainer" }],
      }),
    ],
    volumes: [{ name: "root", hostPath: { path: "/", type: "Directory" } }],
  });
}

/**
 * node-exporter on every node, in the privileged keelson-node-agents namespace. Host access, and why:
 * - hostNetwork: the node's network interfaces and their counters are what it reports;
 * - hostPID: per-process and pressure data of the host's /proc, not the container's;
 * - hostPath `/` read-only (mounted at /host/root, `--path.rootfs`): filesystems, /proc and /sys of the node.
 * Everything else stays restricted: non-root, read-only root filesystem, no capabilities, no token.
 */
export class NodeExporter extends Construct {
  constructor(scope: Construct, id: string, { config }: NodeExporterProps) {
    super(scope, id);
    const ref = { name: NAME, namespace: NAMESPACE.nodeAgents, component: "metrics" };
    serviceAccount(this, { ...ref, automount: false });
    new k8s.KubeDaemonSet(this, "daemonset", {
      metadata: objectMeta(ref),
      spec: {
        selector: { matchLabels: selectorLabels(NAME) },
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString("10%") } },
        template: nodeExporterPodTemplate(config),
      },
    });
  }
}
