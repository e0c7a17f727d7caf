import type { KubeObject } from "./synthesize";

/** Argo CD applies lower waves first and waits for them to be healthy before the next wave. */
export const SYNC_WAVE_ANNOTATION = "argocd.argoproj.io/sync-wave";

/** What ordering needs to know about a chart: its name and the charts it depends on. */
export interface OrderedChart {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

/**
 * The deploy stage of every chart, from the addon graph: 0 for charts without dependencies, otherwise one
 * more than the latest stage among its dependencies (the longest dependency path). Charts in one stage
 * have no path between them and may be applied in parallel. This single function is the ordering every
 * consumer uses: Argo CD sync-waves are these stages, Flux `dependsOn` and Pulumi `dependsOn` are the edges
 * that produce them. `charts` must be in dependency order (as synthesizePlatform returns them).
 */
export function chartStages(charts: readonly OrderedChart[]): Map<string, number> {
  const stages = new Map<string, number>();
  for (const chart of charts) {
    let stage = 0;
    for (const dep of chart.dependsOn) {
      const depStage = stages.get(dep);
      if (depStage === undefined) {
        throw new Error(`Chart ${chart.name}: dependency '${dep}' must come before it in the chart order`);
      }
      stage = Math.max(stage, depStage + 1);
    }
    stages.set(chart.name, stage);
  }
  return stages;
}

/**
 * A copy of `object` with the sync-wave annotation of its chart's stage. Other annotations are kept; keys
 * are sorted the way cdk8s sorts them (code-unit order), so the output stays byte-stable.
 */
export function withSyncWave(object: KubeObject, stage: number): KubeObject {
  const annotations: Record<string, string> = { ...(object.metadata.annotations ?? {}), [SYNC_WAVE_ANNOTATION]: String(stage) };
  const sorted = Object.fromEntries(
    Object.keys(annotations)
      .sort()
      .map((key) => [key, annotations[key]]),
  );
  return { ...object, metadata: { ...object.metadata, annotations: sorted } };
}
