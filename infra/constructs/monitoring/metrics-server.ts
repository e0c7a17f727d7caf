import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { NAMESPACE, type PlatformConfig } from "../../config";
import { APP, PORTS } from "../../render/prometheus/targets";
import { restrictedPodSecurityContext, workloadLabels } from "../workload-defaults";
import { clusterReader, READ } from "./cluster-reader";
import {
  disruptionBudget,
  hardenedContainer,
  httpProbe,
  objectMeta,
  podTemplate,
  selectorLabels,
  service,
  serviceAccount,
} from "./pod-parts";

export interface MetricsServerProps {
  readonly config: PlatformConfig;
}

const NAME = APP.metricsServer;
/** Any non-root UID works (it writes only its generated certificate, to an emptyDir); a high one avoids host UIDs. */
const METRICS_SERVER_UID = 65532;

function binding(
  scope: Construct,
  id: string,
  kind: "ClusterRoleBinding" | "RoleBinding",
  name: string,
  roleKind: string,
  roleName: string,
  namespace?: string,
): void {
  const props = {
    metadata: { name, ...(namespace ? { namespace } : {}), labels: workloadLabels(NAME, "metrics-api") },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: roleName },
    subjects: [{ kind: "ServiceAccount", name: NAME, namespace: NAMESPACE.monitoring }],
  };
  if (kind === "RoleBinding") new k8s.KubeRoleBinding(scope, id, props);
  else new k8s.KubeClusterRoleBinding(scope, id, props);
}

/** The RBAC of an aggregated API server, as upstream's manifests/base: least privilege, no secrets. */
function metricsServerRbac(scope: Construct): void {
  const ref = { name: NAME, namespace: NAMESPACE.monitoring, component: "metrics-api" };
  clusterReader(scope, {
    ...ref,
    rules: [
      { apiGroups: [""], resources: ["nodes/metrics"], verbs: ["get"] },
      { apiGroups: [""], resources: ["pods", "nodes"], verbs: READ },
    ],
  });
  // Lets `kubectl top` users (view/edit/admin) read the metrics API.
  new k8s.KubeClusterRole(scope, "aggregated-reader", {
    metadata: {
      name: "keelson:aggregated-metrics-reader",
      labels: {
        ...objectMeta(ref).labels,
        "rbac.authorization.k8s.io/aggregate-to-admin": "true",
        "rbac.authorization.k8s.io/aggregate-to-edit": "true",
        "rbac.authorization.k8s.io/aggregate-to-view": "true",
      },
    },
    rules: [{ apiGroups: ["metrics.k8s.io"], resources: ["pods", "nodes"], verbs: READ }],
  });
  // Delegated authentication and authorization of requests the API server forwards.
  binding(
    scope,
    "auth-delegator",
    "ClusterRoleBinding",
    "keelson:metrics-server:auth-delegator",
    "ClusterRole",
    "system:auth-delegator",
  );
  const reader = "extension-apiserver-authentication-reader";
  binding(scope, "auth-reader", "RoleBinding", "keelson:metrics-server:auth-reader", "Role", reader, NAMESPACE.kubeSystem);
}

function metricsServerPodTemplate(config: PlatformConfig): k8s.PodTemplateSpec {
  const ms = config.monitoring.metricsServer;
  const args = [
    "--cert-dir=/tmp",
    `--secure-port=${PORTS.metricsServer}`,
    "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
    "--kubelet-use-node-status-port",
    `--metric-resolution=${ms.metricResolutionSeconds}s`,
    ...(config.monitoring.kubeletInsecureTLS ? ["--kubelet-insecure-tls"] : []),
  ];
  return podTemplate(NAME, "metrics-api", {
    automountServiceAccountToken: true,
    priorityClassName: "system-cluster-critical",
    securityContext: restrictedPodSecurityContext(METRICS_SERVER_UID),
    containers: [
      hardenedContainer({
        name: "metrics-server",
        image: ms.image,
        resources: ms.resources,
        args,
        ports: [{ name: "https", port: PORTS.metricsServer }],
        readinessProbe: httpProbe("/readyz", "https", "HTTPS"),
        livenessProbe: httpProbe("/livez", "https", "HTTPS"),
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
      }),
    ],
    volumes: [{ name: "tmp", emptyDir: { sizeLimit: k8s.Quantity.fromString("16Mi") } }],
  });
}

/**
 * metrics-server behind the APIService v1beta1.metrics.k8s.io, so HPA and `kubectl top` work. Its serving
 * certificate is self-signed (generated at start in /tmp), so the APIService skips TLS verification, as
 * upstream's manifests do; the alternative is a CA bundle from cert-manager, which Keelson does not require.
 */
export class MetricsServer extends Construct {
  constructor(scope: Construct, id: string, { config }: MetricsServerProps) {
    super(scope, id);
    const ref = { name: NAME, namespace: NAMESPACE.monitoring, component: "metrics-api" };
    // Token needed: it reads nodes and pods and serves an aggregated API with delegated auth.
    serviceAccount(this, { ...ref, automount: true });
    metricsServerRbac(this);
    new k8s.KubeDeployment(this, "deployment", {
      metadata: objectMeta(ref),
      spec: {
        replicas: config.monitoring.metricsServer.replicas,
        selector: { matchLabels: selectorLabels(NAME) },
        template: metricsServerPodTemplate(config),
      },
    });
    service(this, { ...ref, ports: [{ name: "https", port: 443, targetPort: PORTS.metricsServer }] });
    new k8s.KubeApiService(this, "apiservice", {
      metadata: { name: "v1beta1.metrics.k8s.io", labels: workloadLabels(NAME, "metrics-api") },
      spec: {
        group: "metrics.k8s.io",
        version: "v1beta1",
        groupPriorityMinimum: 100,
        versionPriority: 100,
        insecureSkipTlsVerify: true,
        service: { name: NAME, namespace: ref.namespace, port: 443 },
      },
    });
    disruptionBudget(this, config.platform, ref);
  }
}
