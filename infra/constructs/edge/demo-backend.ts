import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import type { ResourcesConfig } from "../../config";
import {
  imagePullPolicy,
  resourceRequirements,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  workloadLabels,
} from "../workload-defaults";
import { NGINX_UID } from "./edge-pod";

export const DEMO_BACKEND_NAME = "demo-backend";
/** The port the demo backend's nginx listens on (images/demo-backend/nginx.conf). */
export const DEMO_BACKEND_PORT = 8080;
export const DEMO_BACKEND_SELECTOR = { "app.kubernetes.io/name": DEMO_BACKEND_NAME };

export interface DemoBackendProps {
  readonly namespace: string;
  /** The image built from images/demo-backend. */
  readonly image: string;
  /** @default 2 */
  readonly replicas?: number;
  readonly resources: ResourcesConfig;
  /** Add a PodDisruptionBudget (maxUnavailable 1). @default false */
  readonly podDisruptionBudget?: boolean;
}

/**
 * A small echo server behind the edge by default, so a new cluster shows the whole path (client → edge →
 * headless Service → pods). A Deployment and a headless Service: the edge resolves the pod addresses itself.
 */
export class DemoBackend extends Construct {
  constructor(scope: Construct, id: string, props: DemoBackendProps) {
    super(scope, id);
    const labels = workloadLabels(DEMO_BACKEND_NAME, "demo");
    const metadata = { name: DEMO_BACKEND_NAME, namespace: props.namespace, labels };
    new k8s.KubeDeployment(this, "deployment", {
      metadata,
      spec: {
        replicas: props.replicas ?? 2,
        selector: { matchLabels: DEMO_BACKEND_SELECTOR },
        template: { metadata: { labels }, spec: demoPodSpec(props) },
      },
    });
    new k8s.KubeService(this, "service", {
      metadata,
      spec: {
        // Headless: DNS answers with the pod addresses, and the edge balances across them itself.
        clusterIp: "None",
        selector: DEMO_BACKEND_SELECTOR,
        ports: [{ name: "http", port: DEMO_BACKEND_PORT, targetPort: k8s.IntOrString.fromString("http"), protocol: "TCP" }],
      },
    });
    if (props.podDisruptionBudget ?? false) {
      new k8s.KubePodDisruptionBudget(this, "pdb", {
        metadata,
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: DEMO_BACKEND_SELECTOR } },
      });
    }
  }
}

function demoPodSpec(props: DemoBackendProps): k8s.PodSpec {
  const probe = (periodSeconds: number): k8s.Probe => ({
    httpGet: { path: "/healthz", port: k8s.IntOrString.fromString("http") },
    periodSeconds,
    timeoutSeconds: 2,
  });
  return {
    automountServiceAccountToken: false,
    securityContext: restrictedPodSecurityContext(NGINX_UID),
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: DEMO_BACKEND_SELECTOR },
      },
    ],
    containers: [
      {
        name: "demo-backend",
        image: props.image,
        imagePullPolicy: imagePullPolicy(props.image),
        ports: [{ name: "http", containerPort: DEMO_BACKEND_PORT, protocol: "TCP" }],
        securityContext: restrictedContainerSecurityContext(),
        resources: resourceRequirements(props.resources),
        readinessProbe: probe(5),
        livenessProbe: probe(10),
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
      },
    ],
    volumes: [{ name: "tmp", emptyDir: { sizeLimit: k8s.Quantity.fromString("16Mi") } }],
  };
}
