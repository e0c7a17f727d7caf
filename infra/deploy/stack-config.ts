import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigError, dnsSubdomain, formatIssues, PROFILE_NAMES, showValue, type ProfileName } from "../config";
import type { BuilderVersion } from "./keelson-image";

/**
 * Stack config of the Pulumi program (all keys under `keelson:`; see docs/deploy.md). Unknown `keelson:`
 * keys are errors, like unknown keys in the platform config.
 */
export interface StackSettings {
  /** @default "dev" */
  readonly profile: ProfileName;
  /** Platform config file (YAML/JSON), relative to the project folder. @default none */
  readonly configFile?: string;
  /** Overlay on the platform config, applied after the config file. @default {} */
  readonly platform: Readonly<Record<string, unknown>>;
  /** Path to (or contents of) a kubeconfig. @default $KUBECONFIG or ~/.kube/config */
  readonly kubeconfig?: string;
  /** kubeconfig context. @default the current context */
  readonly context?: string;
  /** Build images/<name> with @pulumi/docker and deploy their digests; false uses images as configured. @default true */
  readonly buildImages: boolean;
  /** Registry for built images (sets `images.registry`). @default the platform config's images.registry */
  readonly registry?: string;
  /** Push built images and use the pushed digests. @default true */
  readonly push: boolean;
  /** @default "BuilderBuildKit" */
  readonly builderVersion: BuilderVersion;
  /** Registry login user (the password is the secret `keelson:registryPassword`). @default none */
  readonly registryUsername?: string;
  /** Do not wait for objects to become ready. @default false */
  readonly skipAwait: boolean;
  /** Deploy the charts; false when a GitOps controller owns them (Pulumi then builds images and creates Secrets only). @default true */
  readonly deployCharts: boolean;
  /** Referenced Secrets managed outside Pulumi (e.g. by an external-secrets operator). @default [] */
  readonly externalSecrets: readonly string[];
  /** Names and keys given in `keelson:secrets` (the values stay in StackSecrets). @default {} */
  readonly secretKeys: Readonly<Record<string, readonly string[]>>;
}

/** Secret stack values, as Pulumi secrets: they never leave Pulumi's encrypted state except into Kubernetes Secrets. */
export interface StackSecrets {
  readonly values: pulumi.Output<Record<string, Record<string, string>>>;
  readonly registryPassword?: pulumi.Output<string>;
}

const SECRET_KEYS = ["keelson:secrets", "keelson:registryPassword"] as const;

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false"])
    .default(fallback ? "true" : "false")
    .transform((v) => v === "true");

/** Keys whose value is a JSON document (Pulumi passes objects and arrays as JSON text). */
const JSON_KEYS = ["keelson:platform", "keelson:externalSecrets"];

const stackConfigSchema = z.strictObject({
  "keelson:profile": z.enum(PROFILE_NAMES).default("dev"),
  "keelson:configFile": z.string().min(1).optional(),
  "keelson:platform": z.record(z.string(), z.unknown()).optional(),
  "keelson:kubeconfig": z.string().min(1).optional(),
  "keelson:context": z.string().min(1).optional(),
  "keelson:buildImages": flag(true),
  "keelson:registry": z.string().min(1).optional(),
  "keelson:push": flag(true),
  "keelson:builderVersion": z.enum(["BuilderV1", "BuilderBuildKit"]).default("BuilderBuildKit"),
  "keelson:registryUsername": z.string().min(1).optional(),
  "keelson:skipAwait": flag(false),
  "keelson:deployCharts": flag(true),
  "keelson:externalSecrets": z.array(dnsSubdomain).optional(),
});

const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Problems of the `keelson:secrets` document (name → key → value); names and keys are shown, values never. */
function secretsProblems(secrets: unknown): string[] {
  if (!isObject(secrets)) return [`'keelson:secrets' must be an object of Secret name → key → value, got (secret)`];
  const problems: string[] = [];
  for (const [name, values] of Object.entries(secrets)) {
    if (!dnsSubdomain.safeParse(name).success)
      problems.push(`'keelson:secrets.${name}' must be a Secret name (DNS-1123 subdomain), got ${JSON.stringify(name)}`);
    if (!isObject(values)) {
      problems.push(`'keelson:secrets.${name}' must be an object of key → value, got (secret)`);
      continue;
    }
    for (const [key, value] of Object.entries(values)) {
      if (!SECRET_KEY.test(key))
        problems.push(`'keelson:secrets.${name}.${key}' must be a Secret key ([-._a-zA-Z0-9]+), got ${JSON.stringify(key)}`);
      if (typeof value !== "string") problems.push(`'keelson:secrets.${name}.${key}' must be a string, got (secret)`);
    }
  }
  return problems;
}

function parseSecretKeys(
  raw: Readonly<Record<string, string>>,
  isSecret: (key: string) => boolean,
): { keys: Record<string, string[]>; problems: string[] } {
  const problems: string[] = [];
  for (const key of SECRET_KEYS) {
    if (raw[key] !== undefined && !isSecret(key))
      problems.push(`'${key}' must be set with --secret (pulumi config set --secret ...), got a plaintext value`);
  }
  const text = raw["keelson:secrets"];
  if (text === undefined) return { keys: {}, problems };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  problems.push(...secretsProblems(parsed));
  if (problems.length > 0 || !isObject(parsed)) return { keys: {}, problems };
  return {
    keys: Object.fromEntries(Object.entries(parsed).map(([name, values]) => [name, Object.keys(values as object).sort()])),
    problems,
  };
}

/** The `keelson:` keys without the secret ones, JSON keys parsed (so messages show the offending value). */
function plainInput(raw: Readonly<Record<string, string>>): { input: Record<string, unknown>; problems: string[] } {
  const input: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith("keelson:") || (SECRET_KEYS as readonly string[]).includes(key)) continue;
    if (!JSON_KEYS.includes(key)) {
      input[key] = value;
      continue;
    }
    try {
      input[key] = JSON.parse(value) as unknown;
    } catch {
      problems.push(`'${key}' must be valid JSON, got ${showValue(value)}`);
    }
  }
  return { input, problems };
}

/**
 * Parses the `keelson:` stack config (values as Pulumi passes them: strings, objects as JSON). Throws a
 * ConfigError listing every problem; secret values never appear in a message.
 */
export function parseStackConfig(raw: Readonly<Record<string, string>>, isSecret: (key: string) => boolean): StackSettings {
  const { input, problems: jsonProblems } = plainInput(raw);
  const parsed = stackConfigSchema.safeParse(input);
  const secrets = parseSecretKeys(raw, isSecret);
  const problems = [...jsonProblems, ...(parsed.success ? [] : formatIssues(parsed.error.issues, input)), ...secrets.problems];
  if (raw["keelson:registryPassword"] !== undefined && raw["keelson:registryUsername"] === undefined) {
    problems.push(`'keelson:registryUsername' must be set when keelson:registryPassword is, got nothing`);
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems, "Stack config");
  const c = parsed.data;
  return {
    profile: c["keelson:profile"],
    configFile: c["keelson:configFile"],
    platform: c["keelson:platform"] ?? {},
    kubeconfig: c["keelson:kubeconfig"],
    context: c["keelson:context"],
    buildImages: c["keelson:buildImages"],
    registry: c["keelson:registry"],
    push: c["keelson:push"],
    builderVersion: c["keelson:builderVersion"],
    registryUsername: c["keelson:registryUsername"],
    skipAwait: c["keelson:skipAwait"],
    deployCharts: c["keelson:deployCharts"],
    externalSecrets: c["keelson:externalSecrets"] ?? [],
    secretKeys: secrets.keys,
  };
}

/** Reads the current stack's config (inside a Pulumi program or a mocked runtime). */
export function readStackSettings(): { settings: StackSettings; secrets: StackSecrets } {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  const settings = parseStackConfig(pulumi.runtime.allConfig(), (key) => runtime.isConfigSecret?.(key) ?? false);
  const config = new pulumi.Config("keelson");
  const values =
    config.getSecretObject<Record<string, Record<string, string>>>("secrets") ??
    pulumi.secret<Record<string, Record<string, string>>>({});
  return { settings, secrets: { values, registryPassword: config.getSecret("registryPassword") } };
}
