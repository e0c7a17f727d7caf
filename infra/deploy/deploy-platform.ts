import { resolve } from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ADDONS, type Addon } from "../charts";
import { ConfigError, deepMerge, resolveConfig, type PlatformConfig } from "../config";
import { synthesizePlatform, type KubeObject, type SynthesizedPlatform } from "../synth";
import { readConfigFile } from "../synth/config-file";
import { outputServices, serviceAddress, serviceUrl } from "./endpoints";
import { KeelsonRelease, type KeelsonReleaseArgs } from "./keelson-release";
import { buildPlatformImages, type BuiltImages } from "./platform-images";
import { SecretScheduler } from "./platform-secrets";
import { planSecrets, type SecretPlan } from "./secret-plan";
import { secretUses } from "./secret-refs";
import type { StackSecrets, StackSettings } from "./stack-config";

export interface DeployOptions {
  /** The addons to deploy. @default ADDONS (what `npm run synth` writes) */
  readonly addons?: readonly Addon[];
  /** Folder holding images/ and the config file. @default process.cwd() (the Pulumi project folder) */
  readonly projectRoot?: string;
}

export interface StackOutputs {
  /** Charts deployed, in dependency order (empty when keelson:deployCharts is false). */
  readonly charts: readonly string[];
  readonly edgeAddress?: pulumi.Output<string>;
  readonly uiUrl?: pulumi.Output<string>;
  readonly grafanaUrl?: pulumi.Output<string>;
  /** Image name → the reference deployed (a digest after a push). */
  readonly images: Readonly<Record<string, pulumi.Output<string>>>;
}

export interface PlatformDeployment {
  readonly platform: SynthesizedPlatform;
  readonly releases: ReadonlyMap<string, KeelsonRelease>;
  readonly secrets: ReadonlyMap<string, k8s.core.v1.Secret>;
  readonly images?: BuiltImages;
  readonly outputs: StackOutputs;
}

interface ResolvedInputs {
  readonly fileConfig: unknown;
  readonly overlay: unknown;
  readonly config: PlatformConfig;
}

/** defaults ← profile ← config file ← stack config (`keelson:platform`, then `keelson:registry`). */
async function resolveInputs(settings: StackSettings, projectRoot: string): Promise<ResolvedInputs> {
  const fileConfig = settings.configFile === undefined ? {} : await readConfigFile(resolve(projectRoot, settings.configFile));
  const overlay = deepMerge(
    settings.platform,
    settings.registry === undefined ? {} : { images: { registry: settings.registry } },
  );
  return { fileConfig, overlay, config: resolveConfig(settings.profile, fileConfig, overlay) };
}

/** The platform synthesized again with the built images' references in `images.overrides`. */
function synthesizeWithImages(settings: StackSettings, inputs: ResolvedInputs, images: BuiltImages, addons: readonly Addon[]) {
  return pulumi.all(images.refs).apply((overrides) => {
    const config = resolveConfig(settings.profile, inputs.fileConfig, inputs.overlay, { images: { overrides } });
    return synthesizePlatform(config, settings.profile, addons);
  });
}

/** Which chart creates each Namespace. */
function namespaceOwners(platform: SynthesizedPlatform): Map<string, string> {
  const owners = new Map<string, string>();
  for (const chart of platform.charts) {
    for (const o of chart.objects) if (o.kind === "Namespace") owners.set(o.metadata.name, chart.name);
  }
  return owners;
}

function namespaceObject(name: string): Pick<KubeObject, "apiVersion" | "kind" | "metadata"> {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name } };
}

/**
 * The whole deployment: images (when keelson:buildImages), the platform's Secrets from stack secrets, and
 * one KeelsonRelease per chart with `dependsOn` = the chart's dependencies in the addon graph.
 */
export async function deployPlatform(
  settings: StackSettings,
  secrets: StackSecrets,
  options: DeployOptions = {},
): Promise<PlatformDeployment> {
  const projectRoot = options.projectRoot ?? process.cwd();
  const addons = options.addons ?? ADDONS;
  const inputs = await resolveInputs(settings, projectRoot);
  const platform = synthesizePlatform(inputs.config, settings.profile, addons);
  const plan = planSecrets(secretUses(platform), settings.secretKeys, settings.externalSecrets);
  if (plan.problems.length > 0) throw new ConfigError(plan.problems, "Stack config");
  const provider = new k8s.Provider("keelson-k8s", { kubeconfig: settings.kubeconfig, context: settings.context });
  const images = settings.buildImages ? buildPlatformImages(platform, settings, secrets, projectRoot) : undefined;
  const built = images && images.images.size > 0 ? synthesizeWithImages(settings, inputs, images, addons) : undefined;
  const { releases, created } = deployCharts(platform, plan.create, secrets, provider, settings, images, built);
  return { platform, releases, secrets: created, images, outputs: stackOutputs(platform, releases, images) };
}

function deployCharts(
  platform: SynthesizedPlatform,
  plans: readonly SecretPlan[],
  secrets: StackSecrets,
  provider: k8s.Provider,
  settings: StackSettings,
  images: BuiltImages | undefined,
  built: pulumi.Output<SynthesizedPlatform> | undefined,
): { releases: Map<string, KeelsonRelease>; created: ReadonlyMap<string, k8s.core.v1.Secret> } {
  const releases = new Map<string, KeelsonRelease>();
  const owners = namespaceOwners(platform);
  // Without charts (a GitOps controller owns them) no namespace is Pulumi's to wait for.
  const owner = (namespace: string) => (settings.deployCharts ? owners.get(namespace) : undefined);
  const namespaceResource = (namespace: string) => releases.get(owner(namespace) ?? "")?.resourceOf(namespaceObject(namespace));
  const scheduler = new SecretScheduler(secrets.values, provider, owner, namespaceResource);
  for (const chart of settings.deployCharts ? platform.charts : []) {
    const uses = plans.filter((p) => p.charts.includes(chart.name)).map((p) => scheduler.ensure(p));
    const args: KeelsonReleaseArgs = {
      chart,
      builtObjects: built?.apply((p) => p.charts.find((c) => c.name === chart.name)?.objects ?? []),
      replacedImageRefs: images?.replacedRefs,
      dependsOn: chart.dependsOn.map((dep) => releases.get(dep)!),
      workloadDependsOn: uses.filter((s): s is k8s.core.v1.Secret => s !== undefined),
      skipAwait: settings.skipAwait,
    };
    releases.set(chart.name, new KeelsonRelease(chart.name, args, { provider }));
  }
  // Secrets whose namespace is created by the chart that uses them come after that chart's Namespace.
  for (const plan of plans) scheduler.ensure(plan);
  return { releases, created: scheduler.created };
}

function stackOutputs(
  platform: SynthesizedPlatform,
  releases: ReadonlyMap<string, KeelsonRelease>,
  images: BuiltImages | undefined,
): StackOutputs {
  const services = outputServices(platform);
  const status = (service: KubeObject | undefined): pulumi.Output<unknown> | undefined => {
    const resource = service && [...releases.values()].map((r) => r.resourceOf(service)).find((r) => r !== undefined);
    return resource instanceof k8s.core.v1.Service ? resource.status : undefined;
  };
  return {
    charts: [...releases.keys()],
    edgeAddress: services.edge && serviceAddress(services.edge, platform.config, status(services.edge)),
    uiUrl: services.ui && serviceUrl(services.ui, platform.config, status(services.ui)),
    grafanaUrl: services.grafana && serviceUrl(services.grafana, platform.config, status(services.grafana)),
    images: images?.refs ?? {},
  };
}
