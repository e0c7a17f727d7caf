import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { NAMESPACE } from "../../config/namespaces";
import { UI_VIEWER_ROLE, type UiConfig } from "../../config/ui";
import { workloadLabels } from "../workload-defaults";

const READ = ["get", "list", "watch"];

/**
 * What a UI viewer may read: workloads, services, networking, storage, config maps, events, RBAC
 * objects and metrics. Never secrets, never a subresource that acts (pods/exec, pods/attach,
 * pods/portforward, services/proxy, nodes/proxy), never a write verb.
 */
export const UI_VIEWER_RULES: readonly k8s.PolicyRule[] = [
  {
    apiGroups: [""],
    resources: [
      "configmaps",
      "endpoints",
      "events",
      "limitranges",
      "namespaces",
      "nodes",
      "persistentvolumeclaims",
      "persistentvolumes",
      "pods",
      "pods/log",
      "replicationcontrollers",
      "resourcequotas",
      "serviceaccounts",
      "services",
    ],
    verbs: READ,
  },
  { apiGroups: ["apps"], resources: ["daemonsets", "deployments", "replicasets", "statefulsets"], verbs: READ },
  { apiGroups: ["batch"], resources: ["cronjobs", "jobs"], verbs: READ },
  { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: READ },
  { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: READ },
  { apiGroups: ["networking.k8s.io"], resources: ["ingressclasses", "ingresses", "networkpolicies"], verbs: READ },
  { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
  { apiGroups: ["storage.k8s.io"], resources: ["csidrivers", "storageclasses", "volumeattachments"], verbs: READ },
  { apiGroups: ["scheduling.k8s.io"], resources: ["priorityclasses"], verbs: READ },
  {
    apiGroups: ["rbac.authorization.k8s.io"],
    resources: ["clusterrolebindings", "clusterroles", "rolebindings", "roles"],
    verbs: READ,
  },
  { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: READ },
  { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: READ },
  { apiGroups: ["metrics.k8s.io"], resources: ["nodes", "pods"], verbs: READ },
];

export interface UiRbacProps {
  readonly ui: UiConfig;
}

/**
 * Who may do what through the UI. The UI pods themselves hold no rights: every request carries the
 * logged-in user's own token. This grants `keelson-ui-viewer` (read-only) to the `keelson-ui-viewer`
 * ServiceAccount (mint a short-lived login token with `kubectl -n keelson-ui create token
 * keelson-ui-viewer`) and to `ui.viewerGroups`; and, only with `ui.admin.enabled`, `ui.admin.clusterRole`
 * to the group `ui.admin.group`.
 */
export class UiRbac extends Construct {
  constructor(scope: Construct, id: string, props: UiRbacProps) {
    super(scope, id);
    const { ui } = props;
    const labels = workloadLabels("keelson-ui", "ui-rbac");
    new k8s.KubeServiceAccount(this, "viewer", {
      metadata: { name: UI_VIEWER_ROLE, namespace: NAMESPACE.ui, labels },
      // Only for `kubectl create token`; no pod runs as it.
      automountServiceAccountToken: false,
    });
    new k8s.KubeClusterRole(this, "viewer-role", { metadata: { name: UI_VIEWER_ROLE, labels }, rules: [...UI_VIEWER_RULES] });
    new k8s.KubeClusterRoleBinding(this, "viewer-binding", {
      metadata: { name: UI_VIEWER_ROLE, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: UI_VIEWER_ROLE },
      subjects: [
        { kind: "ServiceAccount", name: UI_VIEWER_ROLE, namespace: NAMESPACE.ui },
        ...[...ui.viewerGroups].sort().map((group) => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: group })),
      ],
    });
    if (ui.admin.enabled && ui.admin.group !== null) {
      new k8s.KubeClusterRoleBinding(this, "admin-binding", {
        metadata: {
          name: "keelson-ui-admin",
          labels,
          annotations: { "keelson.dev/reason": "ui.admin.enabled: write access through the UI for one named group" },
        },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: ui.admin.clusterRole },
        subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: ui.admin.group }],
      });
    }
  }
}
