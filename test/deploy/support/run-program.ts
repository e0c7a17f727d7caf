/** Runs the Pulumi program (deployPlatform with the stack config reader) against the engine double. */
import type * as pulumi from "@pulumi/pulumi";
import type { Addon } from "../../../infra/charts";
import { deployPlatform, type PlatformDeployment } from "../../../infra/deploy/deploy-platform";
import { readStackSettings, type StackSettings } from "../../../infra/deploy/stack-config";
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
  const records = await installEngineDouble(config, options.secretKeys ?? [], options.extraState);
  const { settings, secrets } = readStackSettings();
  const deployment = await deployPlatform(settings, secrets, { addons: options.addons });
  for (const release of deployment.releases.values()) await valueOf(release.objectCount);
  await settle();
  return { records, deployment, settings };
}
