/**
 * The Pulumi program against the engine double, on a fixture platform that has what the deploy must
 * handle (a built image, a Secret reference, a CRD and its instance, an APIService, output Services).
 * Includes the proofs that the checks fail on a broken deploy: a dropped chart, a digest not injected.
 */
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { builtImage, resolveConfig } from "../../infra/config";
import { objectKey } from "../../infra/deploy/release-objects";
import { synthesizePlatform, type KubeObject } from "../../infra/synth";
import { compareWithSynthesis, deployedObjects, imageInjectionProblems, type DeployedObject } from "./support/deploy-checks";
import { FIXTURE_ADDONS } from "./support/fixture-addons";
import { doubleDigest, isSecretValue, valueOf, type Registration } from "./support/pulumi-double";
import { runProgram } from "./support/run-program";

const SECRETS = JSON.stringify({ "edge-basic-auth": { htpasswd: "user:$apr1$fixture" } });
const BASE = { "keelson:profile": "dev", "keelson:secrets": SECRETS };
const addons = FIXTURE_ADDONS;
const platform = () => synthesizePlatform(resolveConfig("dev"), "dev", addons);

/** Configured reference → the digest reference the docker double reports after a push. */
function expectedDigests(): Map<string, string> {
  const images = resolveConfig("dev").images;
  const configured = builtImage(images, "edge-nginx");
  return new Map([[configured, `${images.registry}/edge-nginx@${doubleDigest(configured)}`]]);
}

/** The fixture platform synthesized with the digest the docker double reports, as the program deploys it. */
const withDigests = () =>
  synthesizePlatform(
    resolveConfig("dev", { images: { overrides: { "edge-nginx": [...expectedDigests().values()][0] } } }),
    "dev",
    addons,
  );

const find = (deployed: DeployedObject[], kind: string, name: string) =>
  deployed.find((d) => d.object.kind === kind && d.object.metadata.name === name)!;
const urnOf = (records: Registration[], type: string, name?: string) =>
  records.find((r) => r.type === type && (name === undefined || r.name === name))!.urn;

describe("pulumi program: images (engine double for Pulumi and Docker)", () => {
  it("builds the used Keelson image before the workloads and puts its digest into the pod spec", async () => {
    const { records } = await runProgram(BASE, { addons });
    const deployed = deployedObjects(records);
    expect(imageInjectionProblems(deployed, expectedDigests())).toEqual([]);
    const image = records.find((r) => r.type === "docker:index/image:Image")!;
    expect(image.inputs).toMatchObject({
      imageName: [...expectedDigests().keys()][0],
      build: { context: "images/edge-nginx" },
      skipPush: false,
    });
    expect(find(deployed, "Deployment", "edge").registration.dependencies).toContain(image.urn);
    // Objects without a built image do not wait for the build.
    for (const d of deployed.filter((x) => x.object.kind === "Namespace"))
      expect(d.registration.dependencies).not.toContain(image.urn);
    // Apart from the injected digest, the deployed objects are the synthesized ones.
    expect(compareWithSynthesis(deployed, withDigests())).toEqual([]);
  });

  it("catches a digest that is not injected (the same check on a deploy without builds)", async () => {
    const { records } = await runProgram({ ...BASE, "keelson:buildImages": "false" }, { addons });
    const problems = imageInjectionProblems(deployedObjects(records), expectedDigests());
    const [configured, digest] = [...expectedDigests()][0];
    expect(problems).toEqual([
      `apps/Deployment/keelson-edge/edge uses ${configured}, not the built digest ${digest}`,
      `the digest of ${configured} (${digest}) is in no pod spec`,
    ]);
    expect(records.some((r) => r.type === "docker:index/image:Image")).toBe(false);
  });
});

describe("pulumi program: charts (engine double)", () => {
  it("catches a chart dropped from the deploy", async () => {
    const victim = platform().charts.at(-1)!;
    const { records } = await runProgram(BASE, {
      addons: addons.filter((a) => a.name !== victim.name),
    });
    const problems = compareWithSynthesis(deployedObjects(records), withDigests());
    expect(problems).toEqual(victim.objects.map((o) => `chart ${victim.name}: ${objectKey(o)} was not deployed`));
    expect(problems.length).toBeGreaterThan(0);
  });

  it("applies CRDs before their instances and an APIService after the Service behind it", async () => {
    const { records } = await runProgram(BASE, { addons });
    const deployed = deployedObjects(records);
    expect(find(deployed, "Widget", "w").registration.dependencies).toContain(
      find(deployed, "CustomResourceDefinition", "widgets.fixture.keelson.dev").registration.urn,
    );
    const apiService = find(deployed, "APIService", "v1.fixture.keelson.dev");
    const grafana = find(deployed, "Service", "grafana");
    expect(apiService.registration.dependencies).toContain(grafana.registration.urn);
    expect(grafana.registration.dependencies).not.toContain(apiService.registration.urn);
  });

  it("exports the edge address, UI and Grafana URLs from the deployed Services", async () => {
    const lb = (args: { type: string; inputs: Record<string, unknown> }) =>
      args.type === "kubernetes:core/v1:Service" && (args.inputs.spec as { type?: string }).type === "LoadBalancer"
        ? { status: { loadBalancer: { ingress: [{ ip: "127.0.0.10" }] } } }
        : {};
    const { deployment } = await runProgram(BASE, { addons, extraState: lb });
    expect(await valueOf(deployment.outputs.edgeAddress!)).toBe("127.0.0.10:80");
    expect(await valueOf(deployment.outputs.uiUrl!)).toBe("https://dashboard.keelson-ui.svc.cluster.local:8443/");
    expect(await valueOf(deployment.outputs.grafanaUrl!)).toBe("http://grafana.keelson-monitoring.svc.cluster.local:3000/");
  });
});

describe("pulumi program: options (engine double)", () => {
  it("keelson:skipAwait adds only the skip-await annotation to every object", async () => {
    const { records } = await runProgram({ ...BASE, "keelson:skipAwait": "true" }, { addons });
    const deployed = deployedObjects(records);
    for (const d of deployed) expect(d.object.metadata.annotations?.["pulumi.com/skipAwait"], d.key).toBe("true");
    const withoutAnnotation = (o: KubeObject) => {
      const { ["pulumi.com/skipAwait"]: _dropped, ...rest } = o.metadata.annotations ?? {};
      return { ...o, metadata: { ...o.metadata, annotations: rest } };
    };
    const same = (a: KubeObject, b: KubeObject) => isDeepStrictEqual(withoutAnnotation(a), b);
    expect(compareWithSynthesis(deployed, withDigests(), same)).toEqual([]);
  });

  it("keelson:deployCharts=false builds images and creates Secrets, but deploys no chart object", async () => {
    const { records, deployment } = await runProgram({ ...BASE, "keelson:deployCharts": "false" }, { addons });
    expect(deployedObjects(records)).toEqual([]);
    expect(deployment.outputs.charts).toEqual([]);
    expect(records.filter((r) => r.type === "docker:index/image:Image")).toHaveLength(1);
    const secret = records.find((r) => r.type === "kubernetes:core/v1:Secret")!;
    expect(secret.dependencies).toEqual([]);
  });
});

describe("pulumi program: secrets (engine double)", () => {
  it("creates the referenced Secret from stack secrets, marked secret, after its namespace and before its users", async () => {
    const { records } = await runProgram(BASE, { addons });
    const secret = records.find((r) => r.type === "kubernetes:core/v1:Secret")!;
    expect(secret.inputs.metadata).toEqual({
      name: "edge-basic-auth",
      namespace: "keelson-edge",
      labels: { "app.kubernetes.io/part-of": "keelson", "app.kubernetes.io/managed-by": "pulumi" },
    });
    expect(isSecretValue(secret.inputs.data)).toBe(true);
    expect((secret.inputs.data as { value: Record<string, string> }).value).toEqual({
      htpasswd: Buffer.from("user:$apr1$fixture").toString("base64"),
    });
    expect(secret.dependencies).toContain(urnOf(records, "kubernetes:core/v1:Namespace", "namespaces-keelson-edge"));
    expect(find(deployedObjects(records), "Deployment", "edge").registration.dependencies).toContain(secret.urn);
  });

  it("refuses to run when a referenced Secret has no value, naming the command that sets it", async () => {
    await expect(runProgram({ "keelson:profile": "dev" }, { addons })).rejects.toThrow(
      "Stack config is invalid (1 problem):\n  - 'keelson:secrets.edge-basic-auth.htpasswd' must be set for keelson-edge/edge-basic-auth (used by edge-app): pulumi config set --secret --path 'keelson:secrets.edge-basic-auth.htpasswd' <value>, got nothing",
    );
  });
});
