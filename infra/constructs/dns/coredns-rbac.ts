import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { workloadLabels } from "../workload-defaults";
import { DNS_NAMES } from "./names";

export interface CoreDnsRbacProps {
  /** Grant list/watch on pods: only `pods verified` watches them (coredns plugin/kubernetes/controller.go). @default false */
  readonly watchPods?: boolean;
}

/**
 * CoreDNS's ServiceAccount and its read-only ClusterRole: list/watch on services, namespaces and
 * endpointslices (and pods only for `pods verified`), nothing else.
 */
export class CoreDnsRbac extends Construct {
  constructor(scope: Construct, id: string, props: CoreDnsRbacProps = {}) {
    super(scope, id);
    const labels = workloadLabels("coredns", "dns");
    new k8s.KubeServiceAccount(this, "service-account", {
      metadata: { name: DNS_NAMES.serviceAccount, namespace: DNS_NAMES.namespace, labels },
      // The token is mounted in the pod (which watches the API), not on every object using this account.
      automountServiceAccountToken: false,
    });
    const core = props.watchPods === true ? ["namespaces", "pods", "services"] : ["namespaces", "services"];
    new k8s.KubeClusterRole(this, "cluster-role", {
      metadata: { name: DNS_NAMES.clusterRole, labels: { ...labels, "kubernetes.io/bootstrapping": "rbac-defaults" } },
      rules: [
        { apiGroups: [""], resources: core, verbs: ["list", "watch"] },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "watch"] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, "cluster-role-binding", {
      metadata: {
        name: DNS_NAMES.clusterRoleBinding,
        labels: { ...labels, "kubernetes.io/bootstrapping": "rbac-defaults" },
        annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" },
      },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: DNS_NAMES.clusterRole },
      subjects: [{ kind: "ServiceAccount", name: DNS_NAMES.serviceAccount, namespace: DNS_NAMES.namespace }],
    });
  }
}
