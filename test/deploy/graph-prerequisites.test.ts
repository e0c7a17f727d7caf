/**
 * Ordering is only as good as the graph: a chart that puts objects in a namespace (or creates instances of a
 * CRD) must depend, directly or not, on the chart that creates it. Otherwise Pulumi, Argo CD and Flux may
 * all apply it first. Checked on the real synthesized platform of every profile.
 */
import { describe, expect, it } from "vitest";
import { NAMESPACE, PROFILE_NAMES, resolveConfig } from "../../infra/config";
import { builtInModuleOf, splitApiVersion } from "../../infra/deploy/kube-resource";
import { synthesizePlatform, type SynthesizedPlatform } from "../../infra/synth";
import { FIXTURE_ADDONS } from "./support/fixture-addons";

/** Namespaces that exist in every cluster and that Keelson never creates. */
const PRE_EXISTING = new Set([NAMESPACE.kubeSystem]);

function ancestors(platform: SynthesizedPlatform, chart: string): Set<string> {
  const byName = new Map(platform.charts.map((c) => [c.name, c]));
  const seen = new Set<string>([chart]);
  const stack = [chart];
  while (stack.length > 0) {
    for (const dep of byName.get(stack.pop()!)!.dependsOn) {
      if (!seen.has(dep)) {
        seen.add(dep);
        stack.push(dep);
      }
    }
  }
  return seen;
}

function prerequisiteProblems(platform: SynthesizedPlatform): string[] {
  const creator = new Map<string, string>();
  for (const chart of platform.charts) {
    for (const o of chart.objects) {
      if (o.kind === "Namespace") creator.set(`ns/${o.metadata.name}`, chart.name);
      if (o.kind === "CustomResourceDefinition") {
        const spec = o.spec as { group: string; names: { kind: string } };
        creator.set(`crd/${spec.group}/${spec.names.kind}`, chart.name);
      }
    }
  }
  const problems: string[] = [];
  for (const chart of platform.charts) {
    const reachable = ancestors(platform, chart.name);
    for (const o of chart.objects) {
      const needs: string[] = [];
      const ns = o.metadata.namespace;
      if (ns !== undefined && !PRE_EXISTING.has(ns as typeof NAMESPACE.kubeSystem)) needs.push(`ns/${ns}`);
      const { group } = splitApiVersion(o.apiVersion);
      if (builtInModuleOf(group) === undefined) needs.push(`crd/${group}/${o.kind}`);
      for (const need of needs) {
        const owner = creator.get(need);
        if (owner === undefined)
          problems.push(`${chart.name}: ${o.kind} ${o.metadata.name} needs ${need}, which no chart creates`);
        else if (!reachable.has(owner))
          problems.push(
            `${chart.name}: ${o.kind} ${o.metadata.name} needs ${need} from chart ${owner}, but does not depend on it`,
          );
      }
    }
  }
  return problems;
}

describe.each(PROFILE_NAMES)("addon graph, profile %s", (profile) => {
  it("every chart depends on the charts that create its namespaces and CRDs", () => {
    expect(prerequisiteProblems(synthesizePlatform(resolveConfig(profile), profile))).toEqual([]);
  });
});

describe("the prerequisite check", () => {
  it("catches a chart that does not depend on the chart creating its namespace or its CRD", () => {
    const broken = FIXTURE_ADDONS.map((a) => (a.name === "edge-app" || a.name === "widgets" ? { ...a, dependsOn: [] } : a));
    const problems = prerequisiteProblems(synthesizePlatform(resolveConfig("dev"), "dev", broken));
    expect(problems).toContain(
      "edge-app: Deployment edge needs ns/keelson-edge from chart namespaces, but does not depend on it",
    );
    expect(problems).toContain(
      "widgets: Widget w needs crd/fixture.keelson.dev/Widget from chart crds, but does not depend on it",
    );
    expect(prerequisiteProblems(synthesizePlatform(resolveConfig("dev"), "dev", FIXTURE_ADDONS))).toEqual([]);
  });
});
