import { k8s } from "cdk8s-plus-28";
import type { Construct } from "constructs";
import { objectMeta, type ObjectRefProps } from "./pod-parts";

export interface ClusterReaderProps extends ObjectRefProps {
  /** Read-only rules; least privilege: list exactly the resources the workload reads. */
  readonly rules: readonly k8s.PolicyRule[];
}

/** A ClusterRole with read-only rules, bound to the workload's ServiceAccount (same name and namespace). */
export function clusterReader(scope: Construct, props: ClusterReaderProps): void {
  const roleName = `keelson:${props.name}`;
  new k8s.KubeClusterRole(scope, `${props.name}-clusterrole`, {
    metadata: { name: roleName, labels: objectMeta(props).labels },
    rules: [...props.rules],
  });
  new k8s.KubeClusterRoleBinding(scope, `${props.name}-clusterrolebinding`, {
    metadata: { name: roleName, labels: objectMeta(props).labels },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName },
    subjects: [{ kind: "ServiceAccount", name: props.name, namespace: props.namespace }],
  });
}

export const READ = ["get", "list", "watch"];
