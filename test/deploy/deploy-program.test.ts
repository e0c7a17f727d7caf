/**
 * The Pulumi program against the engine double (pulumi.runtime.setMocks + a request recorder), with the
 * real addon registry: what it deploys must be exactly what synthesizePlatform() produces, chart by chart,
 * in the order of the addon graph. The real engine and Kubernetes provider run in the e2e bench.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ADDONS } from "../../infra/charts";
import { builtImage, PROFILE_NAMES, resolveConfig, type ProfileName } from "../../infra/config";
import { synthesizePlatform } from "../../infra/synth";
import {
  compareWithSynthesis,
  deployedObjects,
  imageInjectionProblems,
  releaseDependencies,
  RELEASE_TYPE,
} from "./support/deploy-checks";
import { doubleDigest } from "./support/pulumi-double";
import { runProgram, secretsConfigFor, type ProgramRun } from "./support/run-program";

/** Configured reference → pushed digest reference, for every images/<name>/Dockerfile the synthesized pods use. */
function expectedBuilds(profile: ProfileName): Map<string, string> {
  const { images } = resolveConfig(profile);
  const text = JSON.stringify(synthesizePlatform(resolveConfig(profile), profile).charts);
  const names = readdirSync(join(__dirname, "../../images")).filter((n) =>
    existsSync(join(__dirname, "../../images", n, "Dockerfile")),
  );
  const used = names.map((n) => builtImage(images, n)).filter((ref) => text.includes(JSON.stringify(ref)));
  return new Map(used.map((ref) => [ref, `${ref.replace(/:[^:/]+$/, "")}@${doubleDigest(ref)}`]));
}

describe.each(PROFILE_NAMES)("pulumi program, profile %s (engine double)", (profile) => {
  const synthesized = () => synthesizePlatform(resolveConfig(profile), profile);
  const stack = (config: Record<string, string>) => ({
    "keelson:profile": profile,
    ...secretsConfigFor(synthesized()),
    ...config,
  });
  // One run without image builds (against an explicit kubeconfig context) and one with builds, shared by the tests.
  let plain: ProgramRun;
  let built: ProgramRun;
  beforeAll(async () => {
    plain = await runProgram(stack({ "keelson:buildImages": "false", "keelson:context": "kind-keelson" }));
    built = await runProgram(stack({}));
  });

  it("deploys exactly the synthesized objects: same kinds, names, namespaces, count and content", () => {
    const platform = synthesized();
    const deployed = deployedObjects(plain.records);
    expect(compareWithSynthesis(deployed, platform)).toEqual([]);
    expect(deployed.length).toBe(platform.charts.reduce((n, c) => n + c.objects.length, 0));
    expect(deployed.length).toBeGreaterThan(0);
  });

  it("deploys one release per chart, in the synthesized order, each after exactly the charts it depends on", () => {
    const { records, deployment } = plain;
    const platform = synthesized();
    expect(records.filter((r) => r.type === RELEASE_TYPE).map((r) => r.name)).toEqual(platform.charts.map((c) => c.name));
    expect(deployment.outputs.charts).toEqual(platform.charts.map((c) => c.name));
    const deps = releaseDependencies(records);
    for (const chart of platform.charts)
      expect([...deps.get(chart.name)!].sort(), chart.name).toEqual([...chart.dependsOn].sort());
  });

  it("builds every images/<name> the pods use and deploys its digest in place of the tag", () => {
    const { records } = built;
    const expected = expectedBuilds(profile);
    expect(imageInjectionProblems(deployedObjects(records), expected)).toEqual([]);
    const builds = records.filter((r) => r.type === "docker:index/image:Image").map((r) => r.inputs.imageName);
    expect(builds.sort()).toEqual([...expected.keys()].sort());
  });

  it("registers the same resources with the same inputs on a second run (a second `pulumi up` has nothing to change)", async () => {
    const again = await runProgram(stack({ "keelson:buildImages": "false", "keelson:context": "kind-keelson" }));
    const view = (run: ProgramRun) =>
      run.records
        .map((r) => ({ urn: r.urn, inputs: r.inputs, dependencies: [...r.dependencies].sort() }))
        .sort((a, b) => a.urn.localeCompare(b.urn));
    expect(view(again)).toEqual(view(plain));
  });

  it("sends every object through the provider built from keelson:kubeconfig/context, never the default one", () => {
    const { records } = plain;
    const provider = records.find((r) => r.type === "pulumi:providers:kubernetes")!;
    expect(provider.inputs.context).toBe("kind-keelson");
    for (const d of deployedObjects(records)) expect(d.registration.provider.startsWith(`${provider.urn}::`), d.key).toBe(true);
  });
});

describe("pulumi program with the registry's addons", () => {
  it("takes the platform config from keelson:configFile and keelson:platform, in that order", async () => {
    const overlay = { network: { defaultDeny: false } };
    const { deployment } = await runProgram({
      ...secretsConfigFor(synthesizePlatform(resolveConfig("dev"), "dev")),
      "keelson:profile": "dev",
      "keelson:buildImages": "false",
      "keelson:configFile": "test/deploy/fixtures/keelson.config.yaml",
      "keelson:platform": JSON.stringify(overlay),
    });
    const fileConfig = { network: { defaultDeny: true }, platform: { clusterDomain: "fixture.internal" } };
    expect(deployment.platform.config).toEqual(resolveConfig("dev", fileConfig, overlay));
    expect(deployment.platform.charts).toEqual(
      synthesizePlatform(resolveConfig("dev", fileConfig, overlay), "dev", ADDONS).charts,
    );
  });
});
