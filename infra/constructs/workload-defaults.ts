import { createHash } from "node:crypto";
import { k8s } from "cdk8s-plus-28";
import type { ResourcesConfig } from "../config";

/**
 * Secure-by-default building blocks shared by every workload. Pod Security `restricted` requires all of
 * these; an exception must be made next to the workload, with the reason in a comment.
 */

/** UID/GID for images that do not define their own non-root user. */
export const DEFAULT_NON_ROOT_ID = 65532;

export function restrictedPodSecurityContext(id = DEFAULT_NON_ROOT_ID): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: id,
    runAsGroup: id,
    fsGroup: id,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

export function resourceRequirements(resources: ResourcesConfig): k8s.ResourceRequirements {
  return {
    requests: {
      cpu: k8s.Quantity.fromString(`${resources.requests.cpuMilli}m`),
      memory: k8s.Quantity.fromString(`${resources.requests.memoryMiB}Mi`),
    },
    limits: {
      cpu: k8s.Quantity.fromString(`${resources.limits.cpuMilli}m`),
      memory: k8s.Quantity.fromString(`${resources.limits.memoryMiB}Mi`),
    },
  };
}

/**
 * Pull policy for an image reference. A digest is immutable, so `IfNotPresent`; a tag can be moved, so
 * `Always`: the node re-resolves the tag and re-checks imagePullSecrets on every start (Checkov CKV_K8S_15).
 */
export function imagePullPolicy(image: string): "Always" | "IfNotPresent" {
  return image.includes("@sha256:") ? "IfNotPresent" : "Always";
}

/** Recommended labels (app.kubernetes.io/*) that selectors and dashboards key on. */
export function workloadLabels(name: string, component: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/part-of": "keelson",
    "app.kubernetes.io/managed-by": "keelson",
  };
}

/** The annotation that rolls pods when their rendered config changes. */
export const CONFIG_HASH_ANNOTATION = "keelson.dev/config-hash";

/** A short, stable hash of rendered config text. */
export function configHash(...texts: string[]): string {
  const hash = createHash("sha256");
  for (const text of texts) hash.update(text).update("\0");
  return hash.digest("hex").slice(0, 16);
}
