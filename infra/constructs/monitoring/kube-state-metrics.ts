import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { NAMESPACE, type PlatformConfig } from "../../config";
import { APP, PORTS } from "../../render/prometheus/targets";
import { restrictedPodSecurityContext } from "../workload-defaults";
import { clusterReader } from "./cluster-reader";
import {
  disruptionBudget,
  hardenedContainer,
  httpProbe,
  objectMeta,
  podTemplate,
  selectorLabels,
  serviceAccount,
} from "./pod-parts";

export interface KubeStateMetricsProps {
  readonly config: PlatformConfig;
}

const NAME = APP.kubeStateMetrics;

interface KsmResource {
  readonly flag: string;
  readonly apiGroup: string;
  readonly resource: string;
}

/**
 * The resources whose state the alerts and dashboards read. kube-state-metrics exposes only these
 * (`--resources`), and its ClusterRole lists and watches only these: least privilege, no secrets.
 */
const KSM_RESOURCES: readonly KsmResource[] = [
  { flag: "daemonsets", apiGroup: "apps", resource: "daemonsets" },
  { flag: "deployments", apiGroup: "apps", resource: "deployments" },
  { flag: "namespaces", apiGroup: "", resource: "namespaces" },
  { flag: "nodes", apiGroup: "", resource: "nodes" },
  { flag: "persistentvolumeclaims", apiGroup: "", resource: "persistentvolumeclaims" },
  { flag: "pods", apiGroup: "", resource: "pods" },
  { flag: "statefulsets", apiGroup: "apps", resource: "statefulsets" },
];

/** CronJob and Job state, for the etcd-backup alerts (last success, failed jobs): only when that addon is on. */
const KSM_BATCH_RESOURCES: readonly KsmResource[] = [
  { flag: "cronjobs", apiGroup: "batch", resource: "cronjobs" },
  { flag: "jobs", apiGroup: "batch", resource: "jobs" },
];

/** What kube-state-metrics exposes and may list for this config, sorted by flag. */
function ksmResources(config: PlatformConfig): KsmResource[] {
  const all = [...KSM_RESOURCES, ...(config.etcdBackup.enabled ? KSM_BATCH_RESOURCES : [])];
  return all.sort((a, b) => a.flag.localeCompare(b.flag));
}

function ksmPodTemplate(config: PlatformConfig, resources: readonly KsmResource[]): k8s.PodTemplateSpec {
  const ksm = config.monitoring.kubeStateMetrics;
  return podTemplate(NAME, "metrics", {
    automountServiceAccountToken: true,
    securityContext: restrictedPodSecurityContext(),
    containers: [
      hardenedContainer({
        name: "kube-state-metrics",
        image: ksm.image,
        resources: ksm.resources,
        args: [
          `--port=${PORTS.kubeStateMetrics}`,
          `--telemetry-port=${PORTS.kubeStateMetricsTelemetry}`,
          `--resources=${resources.map((r) => r.flag).join(",")}`,
        ],
        ports: [
          { name: "http-metrics", port: PORTS.kubeStateMetrics },
          { name: "telemetry", port: PORTS.kubeStateMetricsTelemetry },
        ],
        livenessProbe: httpProbe("/livez", "http-metrics"),
        readinessProbe: httpProbe("/readyz", "telemetry"),
      }),
    ],
  });
}

/** kube-state-metrics: object state (node conditions, pod waiting reasons, replicas) as metrics. */
export class KubeStateMetrics extends Construct {
  constructor(scope: Construct, id: string, { config }: KubeStateMetricsProps) {
    super(scope, id);
    const ref = { name: NAME, namespace: NAMESPACE.monitoring, component: "metrics" };
    // Token needed: it lists and watches the API server.
    serviceAccount(this, { ...ref, automount: true });
    const resources = ksmResources(config);
    const groups = [...new Set(resources.map((r) => r.apiGroup))].sort();
    clusterReader(this, {
      ...ref,
      rules: groups.map((g) => ({
        apiGroups: [g],
        resources: resources.filter((r) => r.apiGroup === g).map((r) => r.resource),
        verbs: ["list", "watch"],
      })),
    });
    new k8s.KubeDeployment(this, "deployment", {
      metadata: objectMeta(ref),
      spec: { replicas: 1, selector: { matchLabels: selectorLabels(NAME) }, template: ksmPodTemplate(config, resources) },
    });
    disruptionBudget(this, config.platform, ref);
  }
}
