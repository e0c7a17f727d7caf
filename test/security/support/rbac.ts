import {
  RBAC_RULES,
  SECURITY_EXCEPTIONS,
  exceptionsFor,
  type RbacRule,
  type SecurityException,
} from "../../../infra/security/exceptions";
import { describeObject, metadataOf, type Json } from "./manifests";

export interface RbacFinding {
  readonly object: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly rule: RbacRule;
  readonly detail: string;
}

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

const READ_VERBS = ["get", "list", "watch", "*"];
/** Built-in ClusterRoles that grant broad write access; binding them is a wildcard grant in disguise. */
const BROAD_BUILTIN_ROLES = ["cluster-admin", "admin", "edit"];

function ruleFindings(rule: PolicyRule): [RbacRule, string][] {
  const verbs = rule.verbs ?? [];
  const resources = rule.resources ?? [];
  const groups = rule.apiGroups ?? [];
  const text = JSON.stringify(rule);
  const found: [RbacRule, string][] = [];
  if (verbs.includes("*") || resources.includes("*") || groups.includes("*") || (rule.nonResourceURLs ?? []).includes("*")) {
    found.push(["wildcard", text]);
  }
  for (const verb of ["escalate", "bind", "impersonate"] as const) {
    if (verbs.includes(verb)) found.push([verb, text]);
  }
  const coreGroup = groups.includes("") || groups.includes("*");
  const secrets = resources.includes("secrets") || resources.includes("*");
  if (coreGroup && secrets && verbs.some((v) => READ_VERBS.includes(v))) found.push(["secretsRead", text]);
  return found;
}

/** What each Role/ClusterRole grants that the review rejects, and bindings of broad built-in roles. */
export function rbacFindings(object: Json): RbacFinding[] {
  const { namespace, name } = metadataOf(object);
  const base = { object: describeObject(object), kind: String(object.kind), namespace, name: String(name) };
  if (object.kind === "Role" || object.kind === "ClusterRole") {
    const rules = (object.rules ?? []) as PolicyRule[];
    const findings = rules.flatMap((r) => ruleFindings(r).map(([rule, detail]) => ({ ...base, rule, detail })));
    if (object.aggregationRule !== undefined) {
      findings.push({ ...base, rule: "wildcard", detail: "aggregationRule (grants whatever other roles add)" });
    }
    return findings;
  }
  if (object.kind === "RoleBinding" || object.kind === "ClusterRoleBinding") {
    const ref = (object.roleRef ?? {}) as { kind?: string; name?: string };
    if (ref.kind === "ClusterRole" && BROAD_BUILTIN_ROLES.includes(String(ref.name))) {
      return [{ ...base, rule: "wildcard", detail: `binds the built-in ClusterRole ${String(ref.name)}` }];
    }
  }
  return [];
}

export function excusedRbac(finding: RbacFinding, exceptions: readonly SecurityException[] = SECURITY_EXCEPTIONS) {
  return exceptionsFor(finding, exceptions)
    .flatMap((e) => e.rbac ?? [])
    .find((r) => r.rule === finding.rule);
}

export function showRbacFinding(f: RbacFinding): string {
  return `${f.object}: must not grant ${RBAC_RULES[f.rule]}, got ${f.detail}`;
}

export function rbacViolations(
  objects: readonly Json[],
  exceptions: readonly SecurityException[] = SECURITY_EXCEPTIONS,
): string[] {
  return objects
    .flatMap((o) => rbacFindings(o))
    .filter((f) => !excusedRbac(f, exceptions))
    .map(showRbacFinding);
}
