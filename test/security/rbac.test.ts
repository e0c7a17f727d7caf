import { describe, expect, it } from "vitest";
import type { SecurityException } from "../../infra/security/exceptions";
import { rbacFindings, rbacViolations } from "./support/rbac";
import { chartsOutProfiles, loadChartsOut, type Json } from "./support/manifests";

function clusterRole(name: string, rules: unknown[]): Json {
  return { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name }, rules };
}

describe("RBAC review", () => {
  it("accepts least-privilege read access to non-secret resources", () => {
    const role = clusterRole("prometheus", [
      { apiGroups: [""], resources: ["nodes", "pods", "services", "endpoints"], verbs: ["get", "list", "watch"] },
      { nonResourceURLs: ["/metrics"], verbs: ["get"] },
    ]);
    expect(rbacFindings(role)).toEqual([]);
  });

  it.each([
    ["wildcard", { apiGroups: ["*"], resources: ["pods"], verbs: ["get"] }],
    ["wildcard", { apiGroups: [""], resources: ["*"], verbs: ["get"] }],
    ["wildcard", { apiGroups: [""], resources: ["pods"], verbs: ["*"] }],
    ["escalate", { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["escalate"] }],
    ["bind", { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["bind"] }],
    ["impersonate", { apiGroups: [""], resources: ["users", "groups", "serviceaccounts"], verbs: ["impersonate"] }],
    ["secretsRead", { apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
    ["secretsRead", { apiGroups: [""], resources: ["configmaps", "secrets"], verbs: ["list", "watch"] }],
  ])("rejects %s in %j", (rule, policyRule) => {
    expect(rbacFindings(clusterRole("r", [policyRule])).map((f) => f.rule)).toContain(rule);
  });

  it("still rejects a secrets read limited by resourceNames, unless an exception lists it", () => {
    const role: Json = {
      ...clusterRole("ui", [{ apiGroups: [""], resources: ["secrets"], resourceNames: ["ui-csrf"], verbs: ["get"] }]),
      kind: "Role",
      metadata: { name: "ui", namespace: "keelson-ui" },
    };
    expect(rbacViolations([role])).toHaveLength(1);
    const exceptions: SecurityException[] = [
      {
        object: { kind: "Role", namespace: "keelson-ui", name: "ui" },
        rbac: [{ rule: "secretsRead", reason: "reads its own CSRF key only" }],
      },
    ];
    expect(rbacViolations([role], exceptions)).toEqual([]);
  });

  it("allows writing secrets (no read) and rejects bindings of cluster-admin, admin and edit", () => {
    expect(rbacFindings(clusterRole("w", [{ apiGroups: [""], resources: ["secrets"], verbs: ["create"] }]))).toEqual([]);
    const binding = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "too-much" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
      subjects: [{ kind: "ServiceAccount", name: "x", namespace: "y" }],
    };
    expect(rbacViolations([binding])).toEqual([
      "ClusterRoleBinding too-much: must not grant '*' in verbs, resources or apiGroups, got binds the built-in ClusterRole cluster-admin",
    ]);
  });

  it("rejects aggregated ClusterRoles (their grants are decided elsewhere)", () => {
    const role = { ...clusterRole("agg", []), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: "y" } }] } };
    expect(rbacFindings(role).map((f) => f.rule)).toEqual(["wildcard"]);
  });
});

describe.each(chartsOutProfiles())("charts-out/%s RBAC", (profile) => {
  it("grants no wildcard, escalate, bind, impersonate or secrets read, except where listed with a reason", () => {
    const objects = loadChartsOut(profile).map((l) => l.object);
    expect(rbacViolations(objects)).toEqual([]);
  });
});
