/**
 * Checks of what the Pulumi program registered (recorded by the engine double) against what
 * synthesizePlatform() produced. They return problems instead of asserting, so tests can prove they fail
 * on a broken deploy (a dropped chart, an image digest not injected).
 */
import { isDeepStrictEqual } from "node:util";
import { objectKey } from "../../../infra/deploy/release-objects";
import type { KubeObject, SynthesizedPlatform } from "../../../infra/synth";
import { unwrapSecrets, type Registration } from "./pulumi-double";

export const RELEASE_TYPE = "keelson:deploy:KeelsonRelease";

export interface DeployedObject {
  readonly key: string;
  readonly release: string;
  readonly registration: Registration;
  /** The inputs as plain values (secret markers removed): the object Kubernetes receives. */
  readonly object: KubeObject;
}

function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/** Kubernetes objects registered as children of a KeelsonRelease. */
export function deployedObjects(records: readonly Registration[]): DeployedObject[] {
  return records
    .filter((r) => r.custom && r.type.startsWith("kubernetes:") && typeOfUrn(r.parent) === RELEASE_TYPE)
    .map((r) => {
      const object = unwrapSecrets(r.inputs) as KubeObject;
      return { key: objectKey(object), release: nameOfUrn(r.parent), registration: r, object };
    });
}

/** Every difference between the deployed objects and the synthesized ones: missing, extra, changed, misplaced. */
export function compareWithSynthesis(
  deployed: readonly DeployedObject[],
  platform: SynthesizedPlatform,
  same: (deployedObject: KubeObject, synthesized: KubeObject) => boolean = isDeepStrictEqual,
): string[] {
  const problems: string[] = [];
  const byKey = new Map(deployed.map((d) => [d.key, d]));
  const expected = new Set<string>();
  for (const chart of platform.charts) {
    for (const object of chart.objects) {
      const key = objectKey(object);
      expected.add(key);
      const found = byKey.get(key);
      if (!found) problems.push(`chart ${chart.name}: ${key} was not deployed`);
      else if (found.release !== chart.name)
        problems.push(`chart ${chart.name}: ${key} was deployed by release ${found.release}`);
      else if (!same(found.object, object)) problems.push(`chart ${chart.name}: ${key} was deployed with different content`);
    }
  }
  for (const d of deployed) if (!expected.has(d.key)) problems.push(`release ${d.release}: ${d.key} is not in the synthesis`);
  if (deployed.length !== byKey.size) problems.push("an object was registered twice");
  return problems;
}

/** Release → the other releases its objects were registered as depending on (Pulumi's chart order). */
export function releaseDependencies(records: readonly Registration[]): Map<string, Set<string>> {
  const releaseOfUrn = new Map(deployedObjects(records).map((d) => [d.registration.urn, d.release]));
  for (const r of records) if (r.type === RELEASE_TYPE) releaseOfUrn.set(r.urn, r.name);
  const deps = new Map<string, Set<string>>();
  for (const r of records.filter((x) => x.type === RELEASE_TYPE)) deps.set(r.name, new Set());
  for (const d of deployedObjects(records)) {
    for (const urn of d.registration.dependencies) {
      const other = releaseOfUrn.get(urn);
      if (other !== undefined && other !== d.release) deps.get(d.release)!.add(other);
    }
  }
  return deps;
}

function imageFields(value: unknown, found: string[]): void {
  if (Array.isArray(value)) value.forEach((v) => imageFields(v, found));
  else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === "image" && typeof v === "string") found.push(v);
      else imageFields(v, found);
    }
  }
}

/**
 * Problems with image injection: a pod spec still using the configured reference of an image that was
 * built, or a built digest that appears in no pod spec. `built` maps configured reference → digest reference.
 */
export function imageInjectionProblems(deployed: readonly DeployedObject[], built: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const d of deployed) {
    const images: string[] = [];
    imageFields(d.object, images);
    for (const image of images) {
      seen.add(image);
      if (built.has(image)) problems.push(`${d.key} uses ${image}, not the built digest ${built.get(image)}`);
    }
  }
  for (const [configured, digest] of built)
    if (!seen.has(digest)) problems.push(`the digest of ${configured} (${digest}) is in no pod spec`);
  return problems;
}
