import { ApiObject } from "cdk8s";
import type { IConstruct } from "constructs";
import { IMAGE_DIGEST_SUPPRESSION, exceptionsFor } from "../security/exceptions";
import { suppressCheckov, type CheckovSuppression } from "./checkov";

/** Where the pod template sits in each workload kind Keelson may create. */
const POD_SPEC_PATH: Readonly<Record<string, readonly string[]>> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

interface PodSpecLike {
  containers?: { image?: string }[];
  initContainers?: { image?: string }[];
  ephemeralContainers?: { image?: string }[];
}

/** The pod spec of a workload object (its JSON form), or undefined for other kinds. */
export function podSpecOf(object: { kind?: unknown } & Record<string, unknown>): PodSpecLike | undefined {
  const path = POD_SPEC_PATH[String(object.kind)];
  if (!path) return undefined;
  let node: unknown = object;
  for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
  return node as PodSpecLike | undefined;
}

/** Every image of a pod spec (containers, init and ephemeral containers). */
export function imagesOf(spec: PodSpecLike): string[] {
  return [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map(
    (c) => c.image ?? "",
  );
}

/**
 * The Checkov suppressions an object (its JSON form) must carry: those infra/security/exceptions.ts declares
 * for it, then the image-digest suppression when it is a workload with an image pinned by tag only.
 */
export function checkovSuppressionsFor(object: Record<string, unknown>): CheckovSuppression[] {
  const metadata = (object.metadata ?? {}) as { namespace?: string; name?: unknown };
  const ref = { kind: String(object.kind), namespace: metadata.namespace, name: String(metadata.name) };
  const declared = exceptionsFor(ref).flatMap((e) => e.checkov ?? []);
  const spec = podSpecOf(object);
  const digestless = spec ? imagesOf(spec).some((image) => !image.includes("@sha256:")) : false;
  return digestless ? [...declared, IMAGE_DIGEST_SUPPRESSION] : declared;
}

/**
 * Writes the Checkov suppressions declared in infra/security/exceptions.ts onto the objects under `scope`
 * (one chart, or a whole app), plus the image-digest suppression on workloads pinned by tag only.
 * Idempotent: a check already suppressed on an object is not added again.
 */
export function applySecurityExceptions(scope: IConstruct): void {
  for (const child of scope.node.findAll()) {
    if (!ApiObject.isApiObject(child)) continue;
    for (const { check, reason } of checkovSuppressionsFor(child.toJson() as Record<string, unknown>)) {
      suppressCheckov(child, check, reason);
    }
  }
}
