/**
 * Every security exception Keelson makes, as data, in one place: which object, which rule, and why.
 *
 * - `checkov`: Checkov checks suppressed on that object. They are written onto the object as
 *   `checkov.io/skip<N>: <CHECK>=<reason>` annotations (infra/constructs/checkov.ts), so the scanner
 *   reads the same reason a reviewer does.
 * - `hardening`: container rules of test/security/hardening.test.ts the object is exempt from.
 * - `rbac`: RBAC review rules of test/security/rbac.test.ts the Role/ClusterRole is exempt from.
 *
 * docs/security.md is generated from this file (test/security/docs.test.ts keeps it in sync), and a test
 * fails when an exception matches no synthesized object (stale) or an object carries a suppression that is
 * not declared here. Reasons are one line without '=' (Checkov's separator).
 *
 * No config value can add an exception: the list is code, reviewed like code.
 */

import { CNI, HOST, IMAGE_USER, NO_READINESS, ROOT, TOKEN } from "./exception-reasons";

/** Container rules every workload must meet (Pod Security `restricted` plus resources and pinned images). */
export const HARDENING_RULES = {
  runAsNonRoot: "runs as a non-root user (runAsNonRoot: true, runAsUser not 0)",
  readOnlyRootFilesystem: "readOnlyRootFilesystem: true",
  allowPrivilegeEscalation: "allowPrivilegeEscalation: false and not privileged",
  dropAllCapabilities: "capabilities.drop: [ALL], and no capability added",
  seccompRuntimeDefault: "seccompProfile RuntimeDefault (pod or container)",
  resources: "CPU and memory requests and limits",
  pinnedImage: "a valid image reference pinned by a version tag or digest, never latest",
  noServiceAccountToken: "automountServiceAccountToken: false",
  noHostAccess: "no hostNetwork, hostPID, hostIPC, hostPort or hostPath",
} as const;
export type HardeningRule = keyof typeof HARDENING_RULES;

/** RBAC grants the review rejects unless an exception lists them. */
export const RBAC_RULES = {
  wildcard: "'*' in verbs, resources or apiGroups",
  escalate: "the escalate verb",
  bind: "the bind verb",
  impersonate: "the impersonate verb",
  secretsRead: "get, list or watch on secrets",
} as const;
export type RbacRule = keyof typeof RBAC_RULES;

export interface ObjectRef {
  readonly kind: string;
  /** Omitted for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
}

export interface SecurityException {
  readonly object: ObjectRef;
  readonly checkov?: readonly { readonly check: string; readonly reason: string }[];
  /** `container` limits the exception to one container (or init container) of the pod. @default every container */
  readonly hardening?: readonly { readonly rule: HardeningRule; readonly container?: string; readonly reason: string }[];
  readonly rbac?: readonly { readonly rule: RbacRule; readonly reason: string }[];
}

/**
 * Checkov's CKV_K8S_43 ("Image should use digest") on every workload whose images are pinned by tag only.
 * Applied automatically (infra/constructs/security-exceptions.ts), removed when every image has a digest.
 */
export const IMAGE_DIGEST_SUPPRESSION = {
  check: "CKV_K8S_43",
  reason:
    "Pinned by version tag: Keelson-built images get their digest from the build (repoDigest) at pulumi up; " +
    "third-party images carry no digest because none is published in a source cited in the code, and a guessed digest would never pull",
} as const;

/**
 * Objects are matched by kind, namespace and name. Keep entries sorted by namespace, kind, name.
 * Add an entry only with a reason a reviewer can check; prefer fixing the object.
 */
export const SECURITY_EXCEPTIONS: readonly SecurityException[] = [
  // --- ClusterRoleBindings -------------------------------------------------------------------------
  {
    object: { kind: "ClusterRoleBinding", name: "keelson-ui-admin" },
    rbac: [
      {
        rule: "wildcard",
        reason:
          "Opt-in only (ui.admin.enabled, off by default): binds ui.admin.clusterRole to the one human group ui.admin.group; no service account gets it",
      },
    ],
  },
  // --- keelson-edge --------------------------------------------------------------------------------
  {
    object: { kind: "Deployment", namespace: "keelson-edge", name: "demo-backend" },
    checkov: [{ check: "CKV_K8S_40", reason: IMAGE_USER.nginx }],
  },
  {
    object: { kind: "Deployment", namespace: "keelson-edge", name: "edge-nginx" },
    checkov: [{ check: "CKV_K8S_40", reason: IMAGE_USER.nginx }],
  },
  // --- keelson-monitoring --------------------------------------------------------------------------
  {
    object: { kind: "Deployment", namespace: "keelson-monitoring", name: "kube-state-metrics" },
    checkov: [{ check: "CKV_K8S_38", reason: TOKEN.kubeStateMetrics }],
    hardening: [{ rule: "noServiceAccountToken", reason: TOKEN.kubeStateMetrics }],
  },
  {
    object: { kind: "Deployment", namespace: "keelson-monitoring", name: "metrics-server" },
    checkov: [{ check: "CKV_K8S_38", reason: TOKEN.metricsServer }],
    hardening: [{ rule: "noServiceAccountToken", reason: TOKEN.metricsServer }],
  },
  {
    object: { kind: "StatefulSet", namespace: "keelson-monitoring", name: "prometheus" },
    checkov: [{ check: "CKV_K8S_38", reason: TOKEN.prometheus }],
    hardening: [{ rule: "noServiceAccountToken", reason: TOKEN.prometheus }],
  },
  // --- keelson-node-agents (Pod Security `privileged` namespace) -----------------------------------
  {
    object: { kind: "DaemonSet", namespace: "keelson-node-agents", name: "log-collector" },
    checkov: [
      { check: "CKV_K8S_23", reason: ROOT.logCollector },
      { check: "CKV_K8S_40", reason: ROOT.logCollector },
      { check: "CKV_K8S_38", reason: TOKEN.logCollector },
    ],
    hardening: [
      { rule: "runAsNonRoot", container: "otelcol", reason: ROOT.logCollector },
      { rule: "noServiceAccountToken", reason: TOKEN.logCollector },
      {
        rule: "noHostAccess",
        reason:
          "hostPath /var/log/pods read-only (the container logs the kubelet writes) and its own offset/queue directory, so a restart or a store outage loses no logs",
      },
    ],
  },
  {
    object: { kind: "DaemonSet", namespace: "keelson-node-agents", name: "node-exporter" },
    checkov: [
      { check: "CKV_K8S_17", reason: HOST.nodeExporter },
      { check: "CKV_K8S_19", reason: HOST.nodeExporter },
    ],
    hardening: [{ rule: "noHostAccess", reason: HOST.nodeExporter }],
  },
  // --- keelson-ui ----------------------------------------------------------------------------------
  {
    object: { kind: "Deployment", namespace: "keelson-ui", name: "headlamp" },
    checkov: [
      { check: "CKV_K8S_38", reason: TOKEN.headlamp },
      { check: "CKV_K8S_40", reason: IMAGE_USER.headlamp },
    ],
    hardening: [{ rule: "noServiceAccountToken", reason: TOKEN.headlamp }],
  },
  {
    object: { kind: "Deployment", namespace: "keelson-ui", name: "kubernetes-dashboard" },
    checkov: [
      { check: "CKV_K8S_40", reason: IMAGE_USER.dashboard },
      {
        check: "CKV_K8S_33",
        reason:
          "Opt-in only (ui.kind dashboard; the default is Headlamp). It runs with its own least-privilege Role and users act with their own tokens; no cluster-admin binding",
      },
      { check: "CKV_K8S_38", reason: TOKEN.dashboard },
    ],
    hardening: [{ rule: "noServiceAccountToken", reason: TOKEN.dashboard }],
  },
  {
    object: { kind: "Role", namespace: "keelson-ui", name: "kubernetes-dashboard" },
    rbac: [
      {
        rule: "secretsRead",
        reason:
          "The Dashboard keeps its CSRF key, certificates and key holder in three Secrets of its own namespace; the Role names exactly those (resourceNames)",
      },
    ],
  },
  // --- kube-system ---------------------------------------------------------------------------------
  {
    object: { kind: "CronJob", namespace: "kube-system", name: "etcd-backup" },
    checkov: [
      { check: "CKV_K8S_19", reason: HOST.etcdBackup },
      { check: "CKV_K8S_23", reason: ROOT.etcdBackup },
      { check: "CKV_K8S_40", reason: ROOT.etcdBackup },
    ],
    hardening: [
      { rule: "noHostAccess", reason: HOST.etcdBackup },
      ...["snapshot", "verify", "rotate"].map((container) => ({
        rule: "runAsNonRoot" as const,
        container,
        reason: ROOT.etcdBackup,
      })),
    ],
  },
  {
    object: { kind: "Deployment", namespace: "kube-system", name: "coredns" },
    checkov: [{ check: "CKV_K8S_38", reason: TOKEN.coredns }],
    hardening: [{ rule: "noServiceAccountToken", reason: TOKEN.coredns }],
  },
  {
    object: { kind: "Deployment", namespace: "kube-system", name: "coredns-autoscaler" },
    checkov: [{ check: "CKV_K8S_38", reason: TOKEN.autoscaler }],
    hardening: [{ rule: "noServiceAccountToken", reason: TOKEN.autoscaler }],
  },
  {
    object: { kind: "DaemonSet", namespace: "kube-system", name: "kube-router" },
    checkov: [
      ...[
        "CKV_K8S_16",
        "CKV_K8S_17",
        "CKV_K8S_19",
        "CKV_K8S_20",
        "CKV_K8S_22",
        "CKV_K8S_23",
        "CKV_K8S_28",
        "CKV_K8S_29",
        "CKV_K8S_37",
        "CKV_K8S_40",
      ].map((check) => ({ check, reason: CNI })),
      { check: "CKV_K8S_38", reason: TOKEN.kubeRouter },
      { check: "CKV_K8S_9", reason: NO_READINESS },
    ],
    hardening: [
      ...(
        ["runAsNonRoot", "readOnlyRootFilesystem", "allowPrivilegeEscalation", "dropAllCapabilities", "noHostAccess"] as const
      ).map((rule) => ({
        rule,
        reason: CNI,
      })),
      { rule: "noServiceAccountToken", reason: TOKEN.kubeRouter },
    ],
  },
  {
    object: { kind: "DaemonSet", namespace: "kube-system", name: "node-local-dns" },
    checkov: [
      { check: "CKV_K8S_19", reason: HOST.nodeLocalDns },
      { check: "CKV_K8S_23", reason: ROOT.nodeLocalDns },
      { check: "CKV_K8S_25", reason: ROOT.nodeLocalDns },
      { check: "CKV_K8S_40", reason: ROOT.nodeLocalDns },
      { check: "CKV_K8S_9", reason: NO_READINESS },
    ],
    hardening: [
      { rule: "noHostAccess", reason: HOST.nodeLocalDns },
      { rule: "runAsNonRoot", container: "node-cache", reason: ROOT.nodeLocalDns },
      { rule: "dropAllCapabilities", container: "node-cache", reason: ROOT.nodeLocalDns },
    ],
  },
];

function sameObject(a: ObjectRef, b: ObjectRef): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? "") === (b.namespace ?? "");
}

/** The exceptions declared for one object (usually zero or one entry). */
export function exceptionsFor(
  object: ObjectRef,
  exceptions: readonly SecurityException[] = SECURITY_EXCEPTIONS,
): SecurityException[] {
  return exceptions.filter((e) => sameObject(e.object, object));
}

/** Human-readable reference, e.g. "DaemonSet keelson-node-agents/node-exporter". */
export function showObjectRef({ kind, namespace, name }: ObjectRef): string {
  return `${kind} ${namespace ? `${namespace}/` : ""}${name}`;
}
