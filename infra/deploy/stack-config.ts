import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigError, dnsSubdomain, formatIssues, PROFILE_NAMES, type ProfileName } from "../config";
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

const json = <T extends z.ZodType>(inner: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "valid JSON" });
        return z.NEVER;
      }
    })
    .pipe(inner);

const stackConfigSchema = z.strictObject({
  "keelson:profile": z.enum(PROFILE_NAMES).default("dev"),
  "keelson:configFile": z.string().min(1).optional(),
  "keelson:platform": json(z.record(z.string(), z.unknown())).optional(),
  "keelson:kubeconfig": z.string().min(1).optional(),
  "keelson:context": z.string().min(1).optional(),
  "keelson:buildImages": flag(true),
  "keelson:registry": z.string().min(1).optional(),
  "keelson:push": flag(true),
  "keelson:builderVersion": z.enum(["BuilderV1", "BuilderBuildKit"]).default("BuilderBuildKit"),
  "keelson:registryUsername": z.string().min(1).optional(),
  "keelson:skipAwait": flag(false),
  "keelson:deployCharts": flag(true),
  "keelson:externalSecrets": json(z.array(dnsSubdomain)).optional(),
});

const secretsSchema = z.record(dnsSubdomain, z.record(z.string().regex(/^[-._a-zA-Z0-9]{1,253}$/, "a Secret key ([-._a-zA-Z0-9]+)"), z.string()));

/** Every leaf replaced, so an error message can show where a secret is wrong but never what it is. */
function redact(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return "(secret)";
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
}

function parseSecretKeys(raw: Readonly<Record<string, string>>, isSecret: (key: string) => boolean): { keys: Record<string, string[]>; problems: string[] } {
  const problems: string[] = [];
  for (const key of SECRET_KEYS) {
    if (raw[key] !== undefined && !isSecret(key)) problems.push(`'${key}' must be set with --secret (pulumi config set --secret ...), got a plaintext value`);
  }
  const text = raw["keelson:secrets"];
  if (text === undefined) return { keys: {}, problems };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { keys: {}, problems: [...problems, `'keelson:secrets' must be an object of Secret name → key → value, got (secret)`] };
  }
  const result = secretsSchema.safeParse(parsed);
  if (!result.success) {
    const lines = formatIssues(result.error.issues, redact(parsed)).map((l) => l.replace(/^'/, "'keelson:secrets."));
    return { keys: {}, problems: [...problems, ...lines] };
  }
  return { keys: Object.fromEntries(Object.entries(result.data).map(([name, values]) => [name, Object.keys(values).sort()])), problems };
}

/**
 * Parses the `keelson:` stack config (values as Pulumi passes them: strings, objects as JSON). Throws a
 * ConfigError listing every problem; secret values never appear in a message.
 */
export function parseStackConfig(raw: Readonly<Record<string, string>>, isSecret: (key: string) => boolean): StackSettings {
  const input = Object.fromEntries(
    Object.entries(raw).filter(([key]) => key.startsWith("keelson:") && !(SECRET_KEYS as readonly string[]).includes(key)),
  );
  const parsed = stackConfigSchema.safeParse(input);
  const secrets = parseSecretKeys(raw, isSecret);
  const problems = [...(parsed.success ? [] : formatIssues(parsed.error.issues, input)), ...secrets.problems];
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
  const values = config.getSecretObject<Record<string, Record<string, string>>>("secrets") ?? pulumi.secret<Record<string, Record<string, string>>>({});
  return { settings, secrets: { values, registryPassword: config.getSecret("registryPassword") } };
}
