import { ApiObject } from "cdk8s";
import type { IConstruct } from "constructs";
import { IMAGE_DIGEST_SUPPRESSION, exceptionsFor } from "../security/exceptions";
import { suppressCheckov } from "./checkov";

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

function applyTo(apiObject: ApiObject): void {
  const ref = { kind: apiObject.kind, namespace: apiObject.metadata.namespace, name: apiObject.name };
  for (const exception of exceptionsFor(ref)) {
    for (const suppression of exception.checkov ?? []) suppressCheckov(apiObject, suppression.check, suppression.reason);
  }
  const spec = podSpecOf(apiObject.toJson() as Record<string, unknown>);
  if (spec && imagesOf(spec).some((image) => !image.includes("@sha256:"))) {
    suppressCheckov(apiObject, IMAGE_DIGEST_SUPPRESSION.check, IMAGE_DIGEST_SUPPRESSION.reason);
  }
}

/**
 * Writes the Checkov suppressions declared in infra/security/exceptions.ts onto the objects under `scope`
 * (one chart, or a whole app), plus the image-digest suppression on workloads pinned by tag only.
 * Idempotent: a check already suppressed on an object is not added again.
 */
export function applySecurityExceptions(scope: IConstruct): void {
  for (const child of scope.node.findAll()) {
    if (ApiObject.isApiObject(child)) applyTo(child);
  }
}
