import { podSpecOf } from "../../../infra/constructs/security-exceptions";
import {
  HARDENING_RULES,
  SECURITY_EXCEPTIONS,
  exceptionsFor,
  type HardeningRule,
  type SecurityException,
} from "../../../infra/security/exceptions";
import { describeObject, metadataOf, type Json } from "./manifests";

/** One broken rule: which object, which container (if container-level), which rule. */
export interface HardeningFinding {
  readonly object: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly container?: string;
  readonly rule: HardeningRule;
  readonly detail: string;
}

interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
}

interface Container {
  name?: string;
  image?: string;
  securityContext?: SecurityContext;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  ports?: { hostPort?: number }[];
}

interface PodSpec {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  automountServiceAccountToken?: boolean;
  securityContext?: SecurityContext;
  volumes?: { name?: string; hostPath?: unknown }[];
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
}

/** The image reference grammar of distribution/reference (what the kubelet and registries parse). */
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?)`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*";
const IMAGE_REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::([\\w][\\w.-]{0,127}))?(@sha256:[a-f0-9]{64})?$`,
);

/** True when an image reference is valid and pinned: a digest, or a tag other than `latest`. */
export function isPinnedImage(image: string | undefined): boolean {
  const match = IMAGE_REFERENCE.exec(image ?? "");
  if (!match) return false;
  const [, tag, digest] = match;
  return digest !== undefined || (tag !== undefined && tag !== "latest");
}

function podFindings(pod: PodSpec): [HardeningRule, string][] {
  const found: [HardeningRule, string][] = [];
  for (const key of ["hostNetwork", "hostPID", "hostIPC"] as const) {
    if (pod[key] === true) found.push(["noHostAccess", `${key}: true`]);
  }
  for (const volume of pod.volumes ?? []) {
    if (volume.hostPath !== undefined) found.push(["noHostAccess", `hostPath volume ${String(volume.name)}`]);
  }
  if (pod.automountServiceAccountToken !== false) {
    found.push(["noServiceAccountToken", `automountServiceAccountToken is ${String(pod.automountServiceAccountToken)}`]);
  }
  return found;
}

function containerFindings(pod: PodSpec, c: Container): [HardeningRule, string][] {
  const sc = c.securityContext ?? {};
  const podSc = pod.securityContext ?? {};
  const found: [HardeningRule, string][] = [];
  const runAsUser = sc.runAsUser ?? podSc.runAsUser;
  if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true || runAsUser === 0) {
    found.push(["runAsNonRoot", `runAsNonRoot ${String(sc.runAsNonRoot ?? podSc.runAsNonRoot)}, runAsUser ${String(runAsUser)}`]);
  }
  if (sc.readOnlyRootFilesystem !== true)
    found.push(["readOnlyRootFilesystem", `readOnlyRootFilesystem ${String(sc.readOnlyRootFilesystem)}`]);
  if (sc.allowPrivilegeEscalation !== false || sc.privileged === true) {
    found.push([
      "allowPrivilegeEscalation",
      `allowPrivilegeEscalation ${String(sc.allowPrivilegeEscalation)}, privileged ${String(sc.privileged)}`,
    ]);
  }
  if (!(sc.capabilities?.drop ?? []).includes("ALL") || (sc.capabilities?.add ?? []).length > 0) {
    found.push(["dropAllCapabilities", `capabilities ${JSON.stringify(sc.capabilities ?? {})}`]);
  }
  if ((sc.seccompProfile?.type ?? podSc.seccompProfile?.type) !== "RuntimeDefault") {
    found.push(["seccompRuntimeDefault", `seccompProfile ${JSON.stringify(sc.seccompProfile ?? podSc.seccompProfile ?? null)}`]);
  }
  const r = c.resources ?? {};
  const missing = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"].filter((p) => {
    const [group, key] = p.split(".") as ["requests" | "limits", string];
    return r[group]?.[key] === undefined;
  });
  if (missing.length > 0) found.push(["resources", `missing ${missing.join(", ")}`]);
  if (!isPinnedImage(c.image)) found.push(["pinnedImage", `image ${JSON.stringify(c.image ?? null)}`]);
  if ((c.ports ?? []).some((p) => p.hostPort !== undefined)) found.push(["noHostAccess", "hostPort"]);
  return found;
}

/** Every hardening rule a workload object breaks, before exceptions. Non-workloads yield nothing. */
export function hardeningFindings(object: Json): HardeningFinding[] {
  const pod = podSpecOf(object) as PodSpec | undefined;
  if (!pod) return [];
  const { namespace, name } = metadataOf(object);
  const base = { object: describeObject(object), kind: String(object.kind), namespace, name: String(name) };
  const findings: HardeningFinding[] = podFindings(pod).map(([rule, detail]) => ({ ...base, rule, detail }));
  const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
  for (const c of containers) {
    for (const [rule, detail] of containerFindings(pod, c)) findings.push({ ...base, container: c.name, rule, detail });
  }
  return findings;
}

/** The exception entry that excuses a finding, if any. */
export function excusedBy(finding: HardeningFinding, exceptions: readonly SecurityException[] = SECURITY_EXCEPTIONS) {
  return exceptionsFor(finding, exceptions)
    .flatMap((e) => e.hardening ?? [])
    .find((h) => h.rule === finding.rule && (h.container === undefined || h.container === finding.container));
}

export function showFinding(f: HardeningFinding): string {
  return `${f.object}${f.container ? ` container ${f.container}` : ""}: must have ${HARDENING_RULES[f.rule]}, got ${f.detail}`;
}

/** Findings no exception excuses, as readable lines. */
export function hardeningViolations(
  objects: readonly Json[],
  exceptions: readonly SecurityException[] = SECURITY_EXCEPTIONS,
): string[] {
  return objects
    .flatMap((o) => hardeningFindings(o))
    .filter((f) => !excusedBy(f, exceptions))
    .map(showFinding);
}
