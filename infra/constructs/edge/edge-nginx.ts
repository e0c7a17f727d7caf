import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import type { EdgeConfig } from "../../config/edge";
import { anyTls } from "../../config/edge-validate";
import { renderEdgeNginxConf } from "../../render/nginx";
import { CONFIG_HASH_ANNOTATION, configHash, restrictedPodSecurityContext, workloadLabels } from "../workload-defaults";
import { CONFIG_FILE, edgeVolumes, exporterContainer, NGINX_UID, nginxContainer } from "./edge-pod";

export const EDGE_NAME = "edge-nginx";
/** The label Prometheus and NetworkPolicies select edge pods by. */
export const EDGE_SELECTOR = { "app.kubernetes.io/name": EDGE_NAME };

export interface EdgeNginxProps {
  readonly namespace: string;
  /** The edge config with contributions merged (see mergeEdgeContributions). */
  readonly edge: EdgeConfig;
  /** The image built from images/edge-nginx. */
  readonly image: string;
  readonly clusterDomain: string;
  /** Add a PodDisruptionBudget (maxUnavailable 1). @default false */
  readonly podDisruptionBudget?: boolean;
}

/**
 * The edge tier: nginx with the rendered config (ConfigMap, hash on the pod template), the exporter
 * sidecar, a Service for traffic and one for metrics, and optionally an HPA and a PDB.
 */
export class EdgeNginx extends Construct {
  /** The rendered nginx.conf. */
  readonly nginxConf: string;

  constructor(scope: Construct, id: string, props: EdgeNginxProps) {
    super(scope, id);
    const { edge, namespace } = props;
    this.nginxConf = renderEdgeNginxConf(edge, { clusterDomain: props.clusterDomain }).text;
    const labels = workloadLabels(EDGE_NAME, "edge");
    const metadata = { name: EDGE_NAME, namespace, labels };
    new k8s.KubeConfigMap(this, "config", { metadata, data: { [CONFIG_FILE]: this.nginxConf } });
    new k8s.KubeServiceAccount(this, "service-account", { metadata, automountServiceAccountToken: false });
    new k8s.KubeDeployment(this, "deployment", {
      metadata,
      spec: {
        // With an HPA the replica count is the autoscaler's; leaving it out keeps GitOps from fighting it.
        replicas: edge.autoscaling.enabled ? undefined : edge.replicas,
        selector: { matchLabels: EDGE_SELECTOR },
        strategy: {
          type: "RollingUpdate",
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) },
        },
        template: {
          metadata: { labels, annotations: { [CONFIG_HASH_ANNOTATION]: configHash(this.nginxConf) } },
          spec: this.podSpec(props),
        },
      },
    });
    this.services(props, labels);
    this.scaling(props, metadata);
  }

  private podSpec({ edge, image }: EdgeNginxProps): k8s.PodSpec {
    const spread = (topologyKey: string): k8s.TopologySpreadConstraint => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector: { matchLabels: EDGE_SELECTOR },
    });
    return {
      serviceAccountName: EDGE_NAME,
      automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext(NGINX_UID),
      // preStop drain, then up to worker_shutdown_timeout for in-flight requests, plus a margin.
      terminationGracePeriodSeconds: edge.drainSeconds + edge.shutdownTimeoutSeconds + 5,
      topologySpreadConstraints: [spread("kubernetes.io/hostname"), spread("topology.kubernetes.io/zone")],
      containers: [nginxContainer(edge, image, anyTls(edge)), exporterContainer(edge)],
      volumes: edgeVolumes(edge, EDGE_NAME),
    };
  }

  private services({ edge, namespace }: EdgeNginxProps, labels: Record<string, string>): void {
    const s = edge.service;
    const external = s.type !== "ClusterIP";
    new k8s.KubeService(this, "service", {
      metadata: {
        name: EDGE_NAME,
        namespace,
        labels,
        annotations: Object.keys(s.annotations).length > 0 ? s.annotations : undefined,
      },
      spec: {
        type: s.type,
        externalTrafficPolicy: external ? s.externalTrafficPolicy : undefined,
        // Both families where the cluster has them; one where it has not (nginx listens on both).
        ipFamilyPolicy: edge.dualStack ? "PreferDualStack" : undefined,
        selector: EDGE_SELECTOR,
        ports: [
          { name: "http", port: s.httpPort, targetPort: k8s.IntOrString.fromString("http"), protocol: "TCP" },
          ...(anyTls(edge)
            ? [{ name: "https", port: s.httpsPort, targetPort: k8s.IntOrString.fromString("https"), protocol: "TCP" }]
            : []),
        ],
      },
    });
    // Metrics stay off the public Service: a headless Service lists the pods for Prometheus.
    new k8s.KubeService(this, "metrics-service", {
      metadata: { name: `${EDGE_NAME}-metrics`, namespace, labels: { ...labels, "app.kubernetes.io/component": "metrics" } },
      spec: {
        clusterIp: "None",
        selector: EDGE_SELECTOR,
        ports: [
          { name: "metrics", port: edge.ports.metrics, targetPort: k8s.IntOrString.fromString("metrics"), protocol: "TCP" },
        ],
      },
    });
  }

  private scaling({ edge, podDisruptionBudget }: EdgeNginxProps, metadata: k8s.ObjectMeta): void {
    if (edge.autoscaling.enabled) {
      new k8s.KubeHorizontalPodAutoscalerV2(this, "hpa", {
        metadata,
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: EDGE_NAME },
          minReplicas: edge.replicas,
          maxReplicas: edge.autoscaling.maxReplicas,
          metrics: [
            {
              type: "Resource",
              resource: {
                name: "cpu",
                target: { type: "Utilization", averageUtilization: edge.autoscaling.targetCpuUtilizationPercent },
              },
            },
          ],
        },
      });
    }
    if (podDisruptionBudget ?? false) {
      new k8s.KubePodDisruptionBudget(this, "pdb", {
        metadata,
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: EDGE_SELECTOR } },
      });
    }
  }
}
