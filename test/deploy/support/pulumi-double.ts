/**
 * An engine double for Pulumi unit tests: `pulumi.runtime.setMocks` (no real engine or provider can run
 * in a unit test) plus a recorder of every RegisterResource request the program sends, with what the mocks
 * API hides: parent, explicit dependencies and the raw (secret-marked) inputs. The real engine run is the
 * end-to-end bench (test/e2e/pulumi-step.sh).
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { deserializeProperties, specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { getMonitor } from "@pulumi/pulumi/runtime/settings";

export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent: string;
  /** Provider reference (`<urn>::<id>`), empty for the default provider. */
  readonly provider: string;
  readonly custom: boolean;
  readonly dependencies: readonly string[];
  /** Inputs as sent to the engine; secrets stay wrapped (see isSecretValue). */
  readonly inputs: Record<string, unknown>;
}

/** True for a value the Pulumi wire format marks as secret (the engine encrypts it in the state). */
export function isSecretValue(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/** Replaces secret wrappers by their values (for comparing inputs with synthesized objects). */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecretValue(value)) return unwrapSecrets((value as { value: unknown }).value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** The digest the docker double reports for an image: derived from its name, plainly not a real build. */
export function doubleDigest(imageName: string): string {
  return `sha256:${createHash("sha256").update(`double:${imageName}`).digest("hex")}`;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getCustom(): boolean;
  getDependenciesList(): string[];
  getObject(): unknown;
}

/**
 * Installs the mocks and the recorder; returns the list registrations are appended to. The docker
 * double answers `Image` with `repoDigest = <repository>@<doubleDigest>` (what a push reports).
 */
export async function installEngineDouble(
  config: Record<string, string>,
  secretKeys: string[] = [],
  extraState: (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown> = () => ({}),
): Promise<Registration[]> {
  const records: Registration[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const state: Record<string, unknown> = { ...args.inputs, ...extraState(args) };
        if (args.type === "docker:index/image:Image") {
          const repository = String(args.inputs.imageName).replace(/:[^:/]+$/, "");
          state.repoDigest = `${repository}@${doubleDigest(String(args.inputs.imageName))}`;
        }
        return { id: `${args.name}-id`, state };
      },
      call: (args) => args.inputs,
    },
    "keelson",
    "dev",
  );
  pulumi.runtime.setAllConfig(config, secretKeys);
  recordRegistrations(records);
  return records;
}

/** Wraps the mock monitor's registerResource to append every request to `records`. */
function recordRegistrations(records: Registration[]): void {
  const monitor = getMonitor() as unknown as {
    registerResource(req: RegisterRequest, cb: unknown): unknown;
    newUrn(parent: string, type: string, name: string): string;
  };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    records.push({
      type: req.getType(),
      name: req.getName(),
      urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
      parent: req.getParent(),
      provider: req.getProvider(),
      custom: req.getCustom(),
      dependencies: req.getDependenciesList(),
      inputs: deserializeProperties(req.getObject() as Parameters<typeof deserializeProperties>[0]),
    });
    return original(req, cb);
  };
}

/** Resolves when every pending RPC of the program has been answered. */
export async function settle(): Promise<void> {
  const settings = (await import("@pulumi/pulumi/runtime/settings")) as unknown as { waitForRPCs(): Promise<void> };
  await settings.waitForRPCs();
}

/** The value of an Output (undefined while unknown). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}
