import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** A constructor of a @pulumi/kubernetes resource class (typed classes and CustomResource share this shape). */
export type KubeResourceClass = new (
  name: string,
  args: Record<string, unknown>,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/** API groups served by Kubernetes itself whose module name in @pulumi/kubernetes is not "<first label>". */
const BUILT_IN_GROUPS_WITHOUT_DOT = new Set(["apps", "batch", "policy", "autoscaling", "extensions"]);

/**
 * The module of @pulumi/kubernetes that holds a built-in API group: "" → core, "apps" → apps,
 * "rbac.authorization.k8s.io" → rbac. Groups outside Kubernetes (CRDs) have none.
 */
export function builtInModuleOf(group: string): string | undefined {
  if (group === "") return "core";
  if (BUILT_IN_GROUPS_WITHOUT_DOT.has(group)) return group;
  if (group.endsWith(".k8s.io")) return group.split(".")[0];
  return undefined;
}

/** Splits "apps/v1" into group "apps" and version "v1"; "v1" is the core group. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * The @pulumi/kubernetes class for an object: the typed class for built-in kinds (so the provider's
 * schema, secret outputs and API aliases apply, e.g. Secret `data` is always a secret), and
 * `apiextensions.CustomResource` for instances of CRDs.
 */
export function kubeResourceClass(apiVersion: string, kind: string): KubeResourceClass {
  const { group, version } = splitApiVersion(apiVersion);
  const moduleName = builtInModuleOf(group);
  if (moduleName !== undefined) {
    const modules = k8s as unknown as Record<string, Record<string, Record<string, unknown>> | undefined>;
    const candidate = modules[moduleName]?.[version]?.[kind];
    if (typeof candidate === "function") return candidate as KubeResourceClass;
    throw new Error(
      `@pulumi/kubernetes has no class for ${apiVersion} ${kind}: the object's kind or API version must be one this provider version knows`,
    );
  }
  return k8s.apiextensions.CustomResource as unknown as KubeResourceClass;
}
