/** Test helpers: synthesize the whole platform for a profile and config, and find objects in it. */
import { resolveConfig, type PlatformConfigInput, type ProfileName } from "../../infra/config";
import { synthesizePlatform, type KubeObject } from "../../infra/synth";

export type Obj = KubeObject & { spec?: any; data?: Record<string, string>; rules?: any[]; roleRef?: any; subjects?: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

export function platformObjects(profile: ProfileName, overlay: PlatformConfigInput = {}, chart?: string): Obj[] {
  const platform = synthesizePlatform(resolveConfig(profile, overlay), profile);
  return platform.charts.filter((c) => chart === undefined || c.name === chart).flatMap((c) => c.objects as Obj[]);
}

export function find(objects: readonly Obj[], kind: string, name: string, namespace?: string): Obj {
  const found = objects.find(
    (o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
  );
  if (found === undefined) throw new Error(`no ${kind} ${namespace ?? ""}/${name} among ${objects.length} objects`);
  return found;
}

export function ofKind(objects: readonly Obj[], kind: string): Obj[] {
  return objects.filter((o) => o.kind === kind);
}
