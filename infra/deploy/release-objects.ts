import { isDeepStrictEqual } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import type { KubeObject } from "../synth";
import { splitApiVersion } from "./kube-resource";

/** Makes the Kubernetes provider return as soon as an object is accepted, without waiting for readiness. */
export const SKIP_AWAIT_ANNOTATION = "pulumi.com/skipAwait";

/**
 * The order objects of one chart are applied in. Namespaces and CRDs come first (other objects of the
 * chart live in them or are instances of them); API registrations (APIService, admission webhooks) come
 * last, once the Service behind them exists: registering them earlier makes API discovery or admission
 * fail while the backend is down. This is also the order Helm and Argo CD apply kinds in.
 */
export type ReleasePhase = "foundation" | "workload" | "registration";

const FOUNDATION_KINDS = new Set(["Namespace", "CustomResourceDefinition"]);
const REGISTRATION_KINDS = new Set(["APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]);

export function phaseOf(kind: string): ReleasePhase {
  if (FOUNDATION_KINDS.has(kind)) return "foundation";
  if (REGISTRATION_KINDS.has(kind)) return "registration";
  return "workload";
}

/** Identity of an object in a cluster: API group, kind, namespace, name (the version is not part of it). */
export function objectKey(object: Pick<KubeObject, "apiVersion" | "kind" | "metadata">): string {
  const { group } = splitApiVersion(object.apiVersion);
  return `${group}/${object.kind}/${object.metadata.namespace ?? ""}/${object.metadata.name}`;
}

/** The Pulumi resource name of an object inside release `release`: `<release>-<namespace>/<name>` or `<release>-<name>`. */
export function objectResourceName(release: string, object: KubeObject): string {
  const { name, namespace } = object.metadata;
  return namespace === undefined ? `${release}-${name}` : `${release}-${namespace}/${name}`;
}

/** The object with the skip-await annotation when asked for (never changes the synthesized object). */
export function withSkipAwait(object: KubeObject, skipAwait: boolean): KubeObject {
  if (!skipAwait) return object;
  const annotations = { ...(object.metadata.annotations ?? {}), [SKIP_AWAIT_ANNOTATION]: "true" };
  return { ...object, metadata: { ...object.metadata, annotations } };
}

/** Finds the object with `key` in a list, or fails naming the chart (a deploy must never silently lose one). */
export function findObject(objects: readonly KubeObject[], key: string, chart: string): KubeObject {
  const found = objects.find((o) => objectKey(o) === key);
  if (!found) throw new Error(`Chart ${chart}: object ${key} is missing from the synthesis with built images`);
  return found;
}

/**
 * Resource args for an object whose final content is only known once images are built. The identity
 * (apiVersion, kind, name, namespace) comes from `template` and is known at once, so previews show the
 * object; every other field is an Output of the object synthesized with the image digests.
 */
export function lazyObjectArgs(template: KubeObject, live: pulumi.Output<KubeObject>): Record<string, unknown> {
  const { name, namespace, ...metadataRest } = template.metadata;
  const metadata: Record<string, unknown> = { name, ...(namespace === undefined ? {} : { namespace }) };
  for (const key of Object.keys(metadataRest)) {
    metadata[key] = live.apply((o) => (o.metadata as Record<string, unknown>)[key]);
  }
  const args: Record<string, unknown> = { apiVersion: template.apiVersion, kind: template.kind, metadata };
  for (const key of Object.keys(template)) {
    if (key !== "apiVersion" && key !== "kind" && key !== "metadata") args[key] = live.apply((o) => o[key]);
  }
  return args;
}

/**
 * Checks that the synthesis with built images has exactly the objects of the first synthesis, and that the
 * objects deployed from the first one (those without a Keelson-built image) are unchanged. Returns the
 * number of objects checked; throws with every difference otherwise.
 */
export function verifyDeployedObjects(
  chart: string,
  templates: readonly KubeObject[],
  deployed: readonly KubeObject[],
  isLazy: (o: KubeObject) => boolean,
): number {
  const problems: string[] = [];
  const deployedKeys = new Set(deployed.map(objectKey));
  const templateKeys = new Set(templates.map(objectKey));
  for (const key of deployedKeys) if (!templateKeys.has(key)) problems.push(`extra object ${key}`);
  for (const template of templates) {
    const key = objectKey(template);
    const twin = deployed.find((o) => objectKey(o) === key);
    if (!twin) problems.push(`missing object ${key}`);
    else if (!isLazy(template) && !isDeepStrictEqual(twin, template))
      problems.push(`object ${key} changed when image digests were injected`);
  }
  if (problems.length > 0)
    throw new Error(`Chart ${chart}: the synthesis with built images differs:\n  - ${problems.join("\n  - ")}`);
  return templates.length;
}
