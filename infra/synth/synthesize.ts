import { App } from "cdk8s";
import type { PlatformConfig, ProfileName } from "../config";
import { ADDONS, topologicalOrder, type Addon } from "../charts";
import { chartStages, withSyncWave } from "./gitops-order";

export type KubeObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
};

export interface SynthesizedChart {
  readonly name: string;
  readonly description: string;
  /** Dependencies that are part of this synthesis (disabled ones are dropped). */
  readonly dependsOn: readonly string[];
  readonly objects: readonly KubeObject[];
}

export interface SynthesizedPlatform {
  readonly profile: ProfileName;
  /** The resolved config the charts were built from (GitOps output reads its `gitops` section). */
  readonly config: PlatformConfig;
  /** Charts in dependency order. */
  readonly charts: readonly SynthesizedChart[];
}

/** The enabled addons in dependency order, with dependencies on disabled addons dropped. */
export function orderedAddons(config: PlatformConfig, addons: readonly Addon[] = ADDONS): Addon[] {
  const registered = new Set(addons.map((a) => a.name));
  const enabled = addons.filter((a) => a.enabled(config));
  const enabledNames = new Set(enabled.map((a) => a.name));
  const nodes = enabled.map((addon) => ({
    addon,
    name: addon.name,
    // Unregistered names stay in, so the graph reports them; disabled ones are dropped.
    dependsOn: addon.dependsOn.filter((d) => enabledNames.has(d) || !registered.has(d)),
  }));
  return topologicalOrder(nodes).map((n) => ({ ...n.addon, dependsOn: n.dependsOn }));
}

/**
 * Builds every enabled addon's Chart in one cdk8s App, in memory, and returns the objects per chart.
 * Used by `infra/main.ts` (written to charts-out/) and by the Pulumi program (deployed), so the two
 * can never drift apart.
 */
export function synthesizePlatform(
  config: PlatformConfig,
  profile: ProfileName,
  addons: readonly Addon[] = ADDONS,
): SynthesizedPlatform {
  const app = new App({ outdir: "/nonexistent-keelson-never-written" });
  const ordered = orderedAddons(config, addons);
  const connections = ordered.flatMap((addon) => addon.connections?.(config) ?? []);
  const built = ordered.map((addon) => ({ addon, chart: addon.create(app, { config, profile, connections }) }));
  const byName = new Map(built.map((b) => [b.addon.name, b.chart]));
  for (const { addon, chart } of built) {
    for (const dep of addon.dependsOn) chart.addDependency(byName.get(dep)!);
  }
  // Every object carries its chart's Argo CD sync-wave (the graph stage), so both deploy paths see the same objects.
  const stages = chartStages(ordered);
  const charts = built.map(({ addon, chart }) => ({
    name: addon.name,
    description: addon.description,
    dependsOn: addon.dependsOn,
    objects: (chart.toJson() as KubeObject[]).map((o) => withSyncWave(o, stages.get(addon.name)!)),
  }));
  return { profile, config, charts };
}
