import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { NAMESPACE } from "../../config/namespaces";
import type { UiConfig } from "../../config/ui";
import {
  resourceRequirements,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  imagePullPolicy,
} from "../workload-defaults";
import { uiWorkload } from "./ui-workload";

export interface KubernetesDashboardProps {
  readonly ui: UiConfig;
  /** @default false */
  readonly podDisruptionBudget?: boolean;
}

/** The image's user (kubernetes/dashboard v2.7.0 aio/deploy/recommended.yaml: runAsUser 1001, runAsGroup 2001). */
const DASHBOARD_UID = 1001;
const DASHBOARD_GID = 2001;
/** Secrets the Dashboard keeps its own state in (created empty; it fills them). */
const OWN_SECRETS = ["kubernetes-dashboard-certs", "kubernetes-dashboard-csrf", "kubernetes-dashboard-key-holder"];
const SETTINGS = "kubernetes-dashboard-settings";

function ownState(scope: Construct, labels: Record<string, string>): void {
  for (const name of OWN_SECRETS) {
    // Empty: no value is ever rendered. The Dashboard writes its CSRF key and certificate key itself.
    new k8s.KubeSecret(scope, name, {
      metadata: { name, namespace: NAMESPACE.ui, labels },
      type: "Opaque",
      ...(name.endsWith("-csrf") ? { data: { csrf: "" } } : {}),
    });
  }
  new k8s.KubeConfigMap(scope, SETTINGS, { metadata: { name: SETTINGS, namespace: NAMESPACE.ui, labels } });
  // As upstream's Role, minus the metrics-scraper proxy rules (no scraper: --metrics-provider=none).
  new k8s.KubeRole(scope, "role", {
    metadata: { name: "kubernetes-dashboard", namespace: NAMESPACE.ui, labels },
    rules: [
      { apiGroups: [""], resources: ["secrets"], resourceNames: OWN_SECRETS, verbs: ["get", "update", "delete"] },
      { apiGroups: [""], resources: ["configmaps"], resourceNames: [SETTINGS], verbs: ["get", "update"] },
    ],
  });
  new k8s.KubeRoleBinding(scope, "role-binding", {
    metadata: { name: "kubernetes-dashboard", namespace: NAMESPACE.ui, labels },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "kubernetes-dashboard" },
    subjects: [{ kind: "ServiceAccount", name: "kubernetes-dashboard", namespace: NAMESPACE.ui }],
  });
}

function container(ui: UiConfig, port: number): k8s.Container {
  return {
    name: "kubernetes-dashboard",
    image: ui.dashboardImage,
    imagePullPolicy: imagePullPolicy(ui.dashboardImage),
    // Login is required: no --enable-skip-login, no --enable-insecure-login.
    args: ["--auto-generate-certificates", `--namespace=${NAMESPACE.ui}`, "--metrics-provider=none"],
    ports: [{ name: "https", containerPort: port, protocol: "TCP" }],
    resources: resourceRequirements(ui.resources),
    securityContext: { ...restrictedContainerSecurityContext(), runAsUser: DASHBOARD_UID, runAsGroup: DASHBOARD_GID },
    livenessProbe: {
      httpGet: { scheme: "HTTPS", path: "/", port: k8s.IntOrString.fromNumber(port) },
      initialDelaySeconds: 30,
      timeoutSeconds: 30,
    },
    // Upstream sets only a liveness probe; readiness keeps the edge from routing to a starting pod.
    readinessProbe: {
      httpGet: { scheme: "HTTPS", path: "/", port: k8s.IntOrString.fromNumber(port) },
      periodSeconds: 10,
      timeoutSeconds: 5,
    },
    volumeMounts: [
      { name: "kubernetes-dashboard-certs", mountPath: "/certs" },
      { name: "tmp-volume", mountPath: "/tmp" },
    ],
  };
}

function podSpec(ui: UiConfig, name: string, port: number): k8s.PodSpec {
  return {
    serviceAccountName: name,
    // The Dashboard reads and updates its own Secrets and settings ConfigMap (the Role above);
    // users' requests carry their own token.
    automountServiceAccountToken: true,
    securityContext: { ...restrictedPodSecurityContext(DASHBOARD_UID), runAsGroup: DASHBOARD_GID, fsGroup: DASHBOARD_GID },
    nodeSelector: { "kubernetes.io/os": "linux" },
    containers: [container(ui, port)],
    volumes: [
      { name: "kubernetes-dashboard-certs", secret: { secretName: "kubernetes-dashboard-certs" } },
      { name: "tmp-volume", emptyDir: { sizeLimit: k8s.Quantity.fromString("64Mi") } },
    ],
  };
}

/**
 * The archived Kubernetes Dashboard v2.7 (the alternative to Headlamp), as upstream's recommended.yaml
 * but in the UI namespace, hardened, without the metrics scraper, login required. HTTPS on 8443 with a
 * self-generated certificate; the edge tier proxies to it.
 */
export class KubernetesDashboard extends Construct {
  constructor(scope: Construct, id: string, props: KubernetesDashboardProps) {
    super(scope, id);
    const { ui } = props;
    uiWorkload(this, {
      ...props,
      podSpec: (name, backend) => podSpec(ui, name, backend.containerPort),
      ownState: (labels) => ownState(this, labels),
    });
  }
}
