import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseAllDocuments } from "yaml";

export const REPO_ROOT = resolve(__dirname, "..", "..", "..");
export const CHARTS_OUT = join(REPO_ROOT, "charts-out");

export type Json = Record<string, unknown>;

/** A Kubernetes object as written to charts-out/, with the file it came from. */
export interface LoadedObject {
  readonly file: string;
  readonly object: Json;
}

export interface ObjectMetadata {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export function metadataOf(object: Json): ObjectMetadata {
  return (object.metadata ?? {}) as ObjectMetadata;
}

/** "Deployment keelson-edge/edge" — how every security test names an object. */
export function describeObject(object: Json): string {
  const { namespace, name } = metadataOf(object);
  return `${String(object.kind)} ${namespace ? `${namespace}/` : ""}${String(name)}`;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(entry) ? [path] : [];
    });
}

/** The profiles present in charts-out/ (one folder each). */
export function chartsOutProfiles(): string[] {
  return readdirSync(CHARTS_OUT)
    .filter((entry) => statSync(join(CHARTS_OUT, entry)).isDirectory())
    .sort();
}

/** Every Kubernetes object (documents with apiVersion and kind) under charts-out/<profile>/, recursively. */
export function loadChartsOut(profile: string): LoadedObject[] {
  const dir = join(CHARTS_OUT, profile);
  return yamlFiles(dir).flatMap((path) =>
    parseAllDocuments(readFileSync(path, "utf8"))
      .map((doc) => doc.toJS() as unknown)
      .filter((o): o is Json => typeof o === "object" && o !== null && "apiVersion" in o && "kind" in o)
      .map((object) => ({ file: relative(REPO_ROOT, path), object })),
  );
}

/** Every file (any type) under charts-out/ (or another folder), sorted, for text scans. */
export function filesUnder(root: string = CHARTS_OUT): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((entry) => {
        const path = join(dir, entry);
        return statSync(path).isDirectory() ? walk(path) : [path];
      });
  return walk(root);
}
