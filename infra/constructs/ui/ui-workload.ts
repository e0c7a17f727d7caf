import { k8s } from "cdk8s-plus-28";
import type { Construct } from "constructs";
import { uiBackend, type UiBackend, type UiConfig } from "../../config/ui";
import { workloadLabels } from "../workload-defaults";

export interface UiWorkloadProps {
  readonly ui: UiConfig;
  /** @default false */
  readonly podDisruptionBudget?: boolean;
  /** The pod spec; `name` is the workload's and its ServiceAccount's name. */
  readonly podSpec: (name: string, backend: UiBackend) => k8s.PodSpec;
  /** Objects the UI keeps its own state in, created after its ServiceAccount. @default none */
  readonly ownState?: (labels: Record<string, string>) => void;
}

/** The UI's ClusterIP Service (never a LoadBalancer: the edge tier is the only way in). */
function uiService(scope: Construct, backend: UiBackend, labels: Record<string, string>): void {
  new k8s.KubeService(scope, "service", {
    metadata: { name: backend.service.name, namespace: backend.service.namespace, labels },
    spec: {
      type: "ClusterIP",
      selector: { ...backend.podLabels },
      ports: [
        {
          name: backend.scheme,
          port: backend.service.port,
          targetPort: k8s.IntOrString.fromNumber(backend.containerPort),
          protocol: "TCP",
        },
      ],
    },
  });
}

/**
 * What every UI kind is made of, in `scope`: a ServiceAccount (no token unless the pod spec mounts one),
 * its own state, the Deployment in the UI namespace, the ClusterIP Service the edge routes to and,
 * when asked, a PodDisruptionBudget (maxUnavailable 1).
 */
export function uiWorkload(scope: Construct, props: UiWorkloadProps): void {
  const backend = uiBackend(props.ui);
  const { name, namespace } = backend.service;
  const labels = { ...workloadLabels(name, "ui"), ...backend.podLabels };
  new k8s.KubeServiceAccount(scope, "service-account", {
    metadata: { name, namespace, labels },
    automountServiceAccountToken: false,
  });
  props.ownState?.(labels);
  new k8s.KubeDeployment(scope, "deployment", {
    metadata: { name, namespace, labels },
    spec: {
      replicas: props.ui.replicas,
      selector: { matchLabels: { ...backend.podLabels } },
      template: { metadata: { labels }, spec: props.podSpec(name, backend) },
    },
  });
  uiService(scope, backend, labels);
  if (props.podDisruptionBudget === true) {
    new k8s.KubePodDisruptionBudget(scope, "pdb", {
      metadata: { name, namespace, labels },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...backend.podLabels } } },
    });
  }
}
