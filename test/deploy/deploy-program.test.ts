/**
 * The Pulumi program against the engine double (pulumi.runtime.setMocks + a request recorder), with the
 * real addon registry: what it deploys must be exactly what synthesizePlatform() produces, chart by chart,
 * in the order of the addon graph. The real engine and Kubernetes provider run in the e2e bench.
 */
import { describe, expect, it } from "vitest";
import { ADDONS } from "../../infra/charts";
import { PROFILE_NAMES, resolveConfig } from "../../infra/config";
import { synthesizePlatform } from "../../infra/synth";
import { compareWithSynthesis, deployedObjects, releaseDependencies, RELEASE_TYPE } from "./support/deploy-checks";
import { runProgram } from "./support/run-program";

describe.each(PROFILE_NAMES)("pulumi program, profile %s (engine double)", (profile) => {
  const synthesized = () => synthesizePlatform(resolveConfig(profile), profile);

  it("deploys exactly the synthesized objects: same kinds, names, namespaces, count and content", async () => {
    const { records } = await runProgram({ "keelson:profile": profile, "keelson:buildImages": "false" });
    const platform = synthesized();
    const deployed = deployedObjects(records);
    expect(compareWithSynthesis(deployed, platform)).toEqual([]);
    expect(deployed.length).toBe(platform.charts.reduce((n, c) => n + c.objects.length, 0));
    expect(deployed.length).toBeGreaterThan(0);
  });

  it("deploys one release per chart, in the synthesized order, each after exactly the charts it depends on", async () => {
    const { records, deployment } = await runProgram({ "keelson:profile": profile, "keelson:buildImages": "false" });
    const platform = synthesized();
    expect(records.filter((r) => r.type === RELEASE_TYPE).map((r) => r.name)).toEqual(platform.charts.map((c) => c.name));
    expect(deployment.outputs.charts).toEqual(platform.charts.map((c) => c.name));
    const deps = releaseDependencies(records);
    for (const chart of platform.charts) expect([...deps.get(chart.name)!].sort(), chart.name).toEqual([...chart.dependsOn].sort());
  });

  it("sends every object through the provider built from keelson:kubeconfig/context, never the default one", async () => {
    const { records } = await runProgram({ "keelson:profile": profile, "keelson:buildImages": "false", "keelson:context": "kind-keelson" });
    const provider = records.find((r) => r.type === "pulumi:providers:kubernetes")!;
    expect(provider.inputs.context).toBe("kind-keelson");
    for (const d of deployedObjects(records)) expect(d.registration.provider.startsWith(`${provider.urn}::`), d.key).toBe(true);
  });
});

describe("pulumi program with the registry's addons", () => {
  it("takes the platform config from keelson:configFile and keelson:platform, in that order", async () => {
    const overlay = { network: { defaultDeny: false } };
    const { deployment } = await runProgram({
      "keelson:profile": "dev",
      "keelson:buildImages": "false",
      "keelson:configFile": "test/deploy/fixtures/keelson.config.yaml",
      "keelson:platform": JSON.stringify(overlay),
    });
    const fileConfig = { network: { defaultDeny: true }, platform: { clusterDomain: "fixture.internal" } };
    expect(deployment.platform.config).toEqual(resolveConfig("dev", fileConfig, overlay));
    expect(deployment.platform.charts).toEqual(synthesizePlatform(resolveConfig("dev", fileConfig, overlay), "dev", ADDONS).charts);
  });
});
