import { describe, expect, it } from "vitest";
import type { PlatformConfigInput } from "../../infra/config";
import { find, ofKind, platformObjects, type Obj } from "../network/objects";

const READ_VERBS = new Set(["get", "list", "watch"]);
/** Subresources that act on a pod or node rather than read it. */
const ACTING = /^(pods\/(exec|attach|portforward|proxy)|services\/proxy|nodes\/proxy|serviceaccounts\/token)$/;
/** Built-in roles that grant writes (and secrets). */
const WRITE_ROLES = new Set(["admin", "edit", "cluster-admin"]);

type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[]; resourceNames?: string[] };

/** Every grant of the UI chart's ClusterRoles, and the built-in roles its bindings point at. */
function uiGrants(objects: Obj[]): { rules: Rule[]; builtInRoles: string[] } {
  const rules = ofKind(objects, "ClusterRole").flatMap((r) => (r.rules ?? []) as Rule[]);
  const own = new Set(ofKind(objects, "ClusterRole").map((r) => r.metadata.name));
  const builtInRoles = ofKind(objects, "ClusterRoleBinding")
    .map((b) => b.roleRef.name as string)
    .filter((name) => !own.has(name));
  return { rules, builtInRoles };
}

function writes(grants: { rules: Rule[]; builtInRoles: string[] }): string[] {
  const found: string[] = [];
  for (const rule of grants.rules) {
    for (const verb of rule.verbs) if (!READ_VERBS.has(verb)) found.push(`verb ${verb}`);
    for (const resource of rule.resources ?? []) {
      if (resource === "secrets" || resource === "*") found.push(`resource ${resource}`);
      if (ACTING.test(resource)) found.push(`resource ${resource}`);
    }
    if ((rule.apiGroups ?? []).includes("*")) found.push("apiGroup *");
  }
  for (const role of grants.builtInRoles) if (WRITE_ROLES.has(role)) found.push(`role ${role}`);
  return found;
}

const ui = (overlay: PlatformConfigInput, profile: "dev" | "prod" = "dev"): Obj[] => platformObjects(profile, overlay, "ui");

describe("UI RBAC", () => {
  for (const kind of ["headlamp", "dashboard"] as const) {
    it(`${kind}: no UI ClusterRole grants write verbs, secrets or pods/exec without the admin flag`, () => {
      const objects = ui({ ui: { kind, viewerGroups: ["developers"] } });
      expect(writes(uiGrants(objects))).toEqual([]);
      const viewer = find(objects, "ClusterRoleBinding", "keelson-ui-viewer");
      expect(viewer.subjects).toEqual([
        { kind: "ServiceAccount", name: "keelson-ui-viewer", namespace: "keelson-ui" },
        { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "developers" },
      ]);
      expect(ofKind(objects, "ClusterRoleBinding").map((b) => b.metadata.name)).toEqual(["keelson-ui-viewer"]);
    });

    it(`${kind}: the admin flag binds write access to the named group only`, () => {
      const objects = ui({ ui: { kind, admin: { enabled: true, group: "platform-admins" } } });
      expect(writes(uiGrants(objects))).toEqual(["role admin"]);
      expect(find(objects, "ClusterRoleBinding", "keelson-ui-admin").subjects).toEqual([
        { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "platform-admins" },
      ]);
      const full = ui({ ui: { kind, admin: { enabled: true, group: "platform-admins", clusterRole: "cluster-admin" } } });
      expect(writes(uiGrants(full))).toEqual(["role cluster-admin"]);
    });
  }

  it("gives the UI pods' own ServiceAccount no cluster rights (requests use the user's token)", () => {
    const objects = ui({});
    const subjects = [...ofKind(objects, "ClusterRoleBinding"), ...ofKind(objects, "RoleBinding")].flatMap(
      (b) => b.subjects ?? [],
    );
    expect(subjects.filter((s) => s.name === "headlamp")).toEqual([]);
  });

  it("keeps the Dashboard's own Role to its named Secrets and settings, and requires login", () => {
    const objects = ui({ ui: { kind: "dashboard" } });
    const role = find(objects, "Role", "kubernetes-dashboard", "keelson-ui");
    expect(role.rules!.every((r: Rule) => (r.resourceNames ?? []).length > 0)).toBe(true);
    const args: string[] = find(objects, "Deployment", "kubernetes-dashboard").spec.template.spec.containers[0].args;
    expect(args.some((a) => a.startsWith("--enable-skip-login") || a.startsWith("--enable-insecure-login"))).toBe(false);
    for (const secret of ofKind(objects, "Secret")) expect(Object.values(secret.data ?? {}).every((v) => v === "")).toBe(true);
  });
});

describe("UI workload and exposure", () => {
  it("has stable names and is never exposed by its own LoadBalancer or NodePort", () => {
    for (const kind of ["headlamp", "dashboard"] as const) {
      const objects = ui({ ui: { kind } }, "prod");
      const name = kind === "headlamp" ? "headlamp" : "kubernetes-dashboard";
      expect(find(objects, "Deployment", name, "keelson-ui").spec.replicas).toBe(2);
      expect(find(objects, "Service", name, "keelson-ui").spec.type).toBe("ClusterIP");
      expect(find(objects, "PodDisruptionBudget", name, "keelson-ui").spec).toEqual({
        maxUnavailable: 1,
        selector: { matchLabels: { "app.kubernetes.io/name": name, "app.kubernetes.io/component": "ui" } },
      });
      expect(find(objects, "ServiceAccount", name, "keelson-ui").automountServiceAccountToken).toBe(false);
      expect(find(objects, "ClusterRole", "keelson-ui-viewer").rules?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it("is reachable through the edge tier under ui.basePath", () => {
    const edge = platformObjects("dev", { ui: { basePath: "/console" } }, "edge");
    const nginxConf = ofKind(edge, "ConfigMap")
      .map((c) => Object.values(c.data ?? {}).join("\n"))
      .join("\n");
    expect(nginxConf).toContain("location /console/ {");
    expect(nginxConf).toMatch(/server headlamp\.keelson-ui\.svc\.cluster\.local:80\b/);
    const headlamp = find(platformObjects("dev", { ui: { basePath: "/console" } }, "ui"), "Deployment", "headlamp");
    expect(headlamp.spec.template.spec.containers[0].args).toContain("-base-url=/console");
  });

  it("runs Headlamp non-root with a read-only root filesystem (a writable copy of the frontend for -base-url)", () => {
    const spec = find(ui({}), "Deployment", "headlamp").spec.template.spec;
    for (const c of [...spec.initContainers, ...spec.containers]) {
      expect(c.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
      });
      expect(c.resources.limits).toBeDefined();
    }
    expect(spec.containers[0].args).toContain("-html-static-dir=/headlamp-frontend");
  });
});
