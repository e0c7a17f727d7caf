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

/** Container rules every workload must meet (Pod Security `restricted` plus resources and pinned images). */
export const HARDENING_RULES = {
  runAsNonRoot: "runs as a non-root user (runAsNonRoot: true, runAsUser not 0)",
  readOnlyRootFilesystem: "readOnlyRootFilesystem: true",
  allowPrivilegeEscalation: "allowPrivilegeEscalation: false and not privileged",
  dropAllCapabilities: "capabilities.drop: [ALL], and no capability added",
  seccompRuntimeDefault: "seccompProfile RuntimeDefault (pod or container)",
  resources: "CPU and memory requests and limits",
  pinnedImage: "image pinned by a version tag or digest, never latest",
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
export const SECURITY_EXCEPTIONS: readonly SecurityException[] = [];

function sameObject(a: ObjectRef, b: ObjectRef): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? "") === (b.namespace ?? "");
}

/** The exceptions declared for one object (usually zero or one entry). */
export function exceptionsFor(object: ObjectRef, exceptions: readonly SecurityException[] = SECURITY_EXCEPTIONS): SecurityException[] {
  return exceptions.filter((e) => sameObject(e.object, object));
}

/** Human-readable reference, e.g. "DaemonSet keelson-node-agents/node-exporter". */
export function showObjectRef({ kind, namespace, name }: ObjectRef): string {
  return `${kind} ${namespace ? `${namespace}/` : ""}${name}`;
}
