/**
 * The GitOps output, built by the real kustomize the way each controller builds it: Argo CD runs kustomize
 * on charts-out/<profile> (default load restrictions); Flux runs it on each chart's folder under
 * gitops/flux/charts/ inside the repository checkout (LoadRestrictionsNone, fluxcd/pkg kustomize.SecureBuild).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Addon } from "../../infra/charts";
import { ADDONS } from "../../infra/charts";
import { PROFILE_NAMES, resolveConfig, type ProfileName } from "../../infra/config";
import { objectKey } from "../../infra/deploy/release-objects";
import { renderOutputFiles, synthesizePlatform, writeTreeAtomically, type KubeObject } from "../../infra/synth";
import { FIXTURE_ADDONS } from "./support/fixture-addons";
import { kustomizeBuild } from "./support/kustomize";

const byKey = (objects: readonly Record<string, unknown>[]) => new Map(objects.map((o) => [objectKey(o as KubeObject), o]));

const repos: string[] = [];
afterAll(() => repos.forEach((repo) => rmSync(repo, { recursive: true, force: true })));

/** Writes one profile's output the way `npm run synth` does, under <repo>/charts-out/<profile>. */
function writeProfile(profile: ProfileName, addons: readonly Addon[]) {
  const repo = mkdtempSync(join(tmpdir(), "keelson-gitops-"));
  repos.push(repo);
  const platform = synthesizePlatform(resolveConfig(profile), profile, addons);
  writeTreeAtomically(join(repo, "charts-out", profile), renderOutputFiles(platform));
  return { repo, platform, dir: join(repo, "charts-out", profile) };
}

const cases: [string, ProfileName, readonly Addon[]][] = [
  ...PROFILE_NAMES.map((p): [string, ProfileName, readonly Addon[]] => [`registry addons, ${p}`, p, ADDONS]),
  ["fixture graph", "dev", FIXTURE_ADDONS],
];

describe.each(cases)("GitOps output (real kustomize): %s", (_label, profile, addons) => {
  it("Argo CD's source path builds to exactly the synthesized objects, and its Application points at it", () => {
    const { repo, platform, dir } = writeProfile(profile, addons);
    const all = platform.charts.flatMap((c) => c.objects);
    expect(byKey(kustomizeBuild(dir))).toEqual(byKey(all));
    const [application] = kustomizeBuild(join(dir, "gitops/argocd")) as KubeObject[];
    const source = (application.spec as { source: { path: string } }).source;
    expect(application.kind).toBe("Application");
    expect(source.path).toBe(`charts-out/${profile}`);
    expect(existsSync(join(repo, source.path, "kustomization.yaml"))).toBe(true);
  });

  it("each Flux Kustomization's path builds to exactly its chart's objects", () => {
    const { repo, platform, dir } = writeProfile(profile, addons);
    const bootstrap = kustomizeBuild(join(dir, "gitops/flux")) as KubeObject[];
    expect(bootstrap.map((o) => o.kind).sort()).toEqual(["GitRepository", ...platform.charts.map(() => "Kustomization")].sort());
    for (const chart of platform.charts) {
      const kustomization = bootstrap.find((o) => o.metadata.name === `keelson-${chart.name}`)!;
      const path = (kustomization.spec as { path: string }).path;
      expect(byKey(kustomizeBuild(join(repo, path), "LoadRestrictionsNone")), chart.name).toEqual(byKey(chart.objects));
    }
  });
});

describe("GitOps output and the repository boundary", () => {
  it("a chart folder reaches outside itself only within the repository (kustomize refuses it under default restrictions)", () => {
    const { platform, dir } = writeProfile("dev", FIXTURE_ADDONS);
    const folder = join(dir, "gitops/flux/charts", platform.charts[0].name);
    expect(() => kustomizeBuild(folder)).toThrow(/is not in or below/);
  });
});
