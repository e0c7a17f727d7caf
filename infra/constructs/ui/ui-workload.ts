import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import type { UiBackend } from "../../config/ui";

/** The UI's ClusterIP Service (never a LoadBalancer: the edge tier is the only way in). */
export function uiService(scope: Construct, backend: UiBackend, labels: Record<string, string>): k8s.KubeService {
  return new k8s.KubeService(scope, "service", {
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

export interface UiPodDisruptionBudgetProps {
  readonly backend: UiBackend;
  readonly labels: Record<string, string>;
}

/** maxUnavailable 1 for the UI pods. */
export class UiPodDisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, props: UiPodDisruptionBudgetProps) {
    super(scope, id);
    new k8s.KubePodDisruptionBudget(this, "pdb", {
      metadata: { name: props.backend.service.name, namespace: props.backend.service.namespace, labels: props.labels },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...props.backend.podLabels } } },
    });
  }
}
