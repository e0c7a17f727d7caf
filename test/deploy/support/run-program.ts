/** Runs the Pulumi program (deployPlatform with the stack config reader) against the engine double. */
import type * as pulumi from "@pulumi/pulumi";
import type { Addon } from "../../../infra/charts";
import { deployPlatform, type PlatformDeployment } from "../../../infra/deploy/deploy-platform";
import { secretUses } from "../../../infra/deploy/secret-refs";
import { readStackSettings, type StackSettings } from "../../../infra/deploy/stack-config";
import type { SynthesizedPlatform } from "../../../infra/synth";
import { installEngineDouble, settle, valueOf, type Registration } from "./pulumi-double";

export interface ProgramRun {
  readonly records: Registration[];
  readonly deployment: PlatformDeployment;
  readonly settings: StackSettings;
}

export interface RunOptions {
  readonly addons?: readonly Addon[];
  readonly secretKeys?: string[];
  readonly extraState?: (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown>;
}

/** `config` is the stack config as Pulumi passes it (`keelson:<key>` → string; objects as JSON). */
export async function runProgram(config: Record<string, string>, options: RunOptions = {}): Promise<ProgramRun> {
  const records = await installEngineDouble(config, options.secretKeys ?? ["keelson:secrets"], options.extraState);
  const { settings, secrets } = readStackSettings();
  const deployment = await deployPlatform(settings, secrets, { addons: options.addons });
  for (const release of deployment.releases.values()) await valueOf(release.objectCount);
  await settle();
  return { records, deployment, settings };
}

/**
 * Stack config giving a (test) value to every key of every Secret the platform references, as a user
 * would with `pulumi config set --secret --path 'keelson:secrets.<name>.<key>' …`.
 */
export function secretsConfigFor(platform: SynthesizedPlatform): Record<string, string> {
  const doc: Record<string, Record<string, string>> = {};
  for (const use of secretUses(platform)) {
    const keys = use.keys.length > 0 ? use.keys : ["value"];
    doc[use.name] = { ...(doc[use.name] ?? {}), ...Object.fromEntries(keys.map((k) => [k, `test-${use.name}-${k}`])) };
  }
  return Object.keys(doc).length === 0 ? {} : { "keelson:secrets": JSON.stringify(doc) };
}
