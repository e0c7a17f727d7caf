/**
 * The three deploy paths order charts the same way, derived from the one addon graph: Pulumi `dependsOn`
 * (recorded from the program's registrations by the engine double), Argo CD sync-waves (read back from
 * the rendered charts-out files) and Flux Kustomization `dependsOn` (read back from gitops/flux/sync.yaml).
 */
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { Addon } from "../../infra/charts";
import { ADDONS } from "../../infra/charts";
import { PROFILE_NAMES, resolveConfig, type ProfileName } from "../../infra/config";
import { renderOutputFiles, synthesizePlatform, type SynthesizedPlatform } from "../../infra/synth";
import { SYNC_WAVE_ANNOTATION } from "../../infra/synth/gitops-order";
import { releaseDependencies } from "./support/deploy-checks";
import { FIXTURE_ADDONS } from "./support/fixture-addons";
import { runProgram, secretsConfigFor } from "./support/run-program";

type Edges = Map<string, string[]>;

/** Longest-path stages from dependency edges, computed independently of infra/ (fixpoint iteration). */
function stagesOf(edges: Edges): Map<string, number> {
  const stages = new Map([...edges.keys()].map((k) => [k, 0]));
  for (let round = 0; round <= edges.size; round++) {
    for (const [chart, deps] of edges) stages.set(chart, Math.max(0, ...deps.map((d) => stages.get(d)! + 1)));
  }
  return stages;
}

interface Doc {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly annotations?: Record<string, string> };
  readonly spec?: { readonly dependsOn?: readonly { readonly name: string }[] };
}

function docsOf(text: string): Doc[] {
  return parseAllDocuments(text).map((d) => d.toJSON() as Doc);
}

/** Chart → its sync-wave, from the rendered chart files; every object of a chart must carry the same one. */
function argoWaves(platform: SynthesizedPlatform, files: Map<string, string>): Map<string, number> {
  const waves = new Map<string, number>();
  for (const chart of platform.charts) {
    const values = new Set(
      docsOf(files.get(`${chart.name}.k8s.yaml`)!).map((o) => o.metadata.annotations?.[SYNC_WAVE_ANNOTATION]),
    );
    expect([...values], `${chart.name}: one sync-wave for all objects`).toHaveLength(1);
    waves.set(chart.name, Number([...values][0]));
  }
  return waves;
}

/** Chart → dependencies, from the Flux Kustomizations (names keelson-<chart>) in gitops/flux/sync.yaml. */
function fluxEdges(files: Map<string, string>): Edges {
  const kustomizations = docsOf(files.get("gitops/flux/sync.yaml")!).filter((o) => o.kind === "Kustomization");
  const strip = (name: string) => name.replace(/^keelson-/, "");
  return new Map(kustomizations.map((k) => [strip(k.metadata.name), (k.spec?.dependsOn ?? []).map((d) => strip(d.name)).sort()]));
}

async function pulumiEdges(profile: ProfileName, addons: readonly Addon[], platform: SynthesizedPlatform): Promise<Edges> {
  const { records } = await runProgram({ "keelson:profile": profile, ...secretsConfigFor(platform) }, { addons });
  const deps = releaseDependencies(records);
  return new Map(platform.charts.map((c) => [c.name, [...(deps.get(c.name) ?? [])].sort()]));
}

const cases: [string, ProfileName, readonly Addon[]][] = [
  ...PROFILE_NAMES.map((p): [string, ProfileName, readonly Addon[]] => [`registry addons, ${p}`, p, ADDONS]),
  ["fixture graph of four levels", "dev", FIXTURE_ADDONS],
];

describe.each(cases)("deploy order: %s", (_label, profile, addons) => {
  it("Pulumi dependsOn, Argo CD sync-waves and Flux dependsOn give the same topological order", async () => {
    const platform = synthesizePlatform(resolveConfig(profile), profile, addons);
    const files = renderOutputFiles(platform);
    const graph: Edges = new Map(platform.charts.map((c) => [c.name, [...c.dependsOn].sort()]));
    const pulumi = await pulumiEdges(profile, addons, platform);
    const flux = fluxEdges(files);
    const waves = argoWaves(platform, files);
    expect(pulumi).toEqual(graph);
    expect(flux).toEqual(graph);
    expect(waves).toEqual(stagesOf(pulumi));
    expect(waves).toEqual(stagesOf(flux));
    // A wave order is a topological order: every chart comes strictly after each of its dependencies.
    for (const [chart, deps] of graph)
      for (const dep of deps) expect(waves.get(dep)!, `${dep} before ${chart}`).toBeLessThan(waves.get(chart)!);
  });
});

it("the fixture graph's waves are its longest dependency paths", () => {
  const platform = synthesizePlatform(resolveConfig("dev"), "dev", FIXTURE_ADDONS);
  expect(argoWaves(platform, renderOutputFiles(platform))).toEqual(
    new Map([
      ["namespaces", 0],
      ["crds", 1],
      ["edge-app", 1],
      ["metrics-api", 2],
      ["widgets", 3],
    ]),
  );
});
