import { isDeepStrictEqual } from "node:util";
import { parseAllDocuments } from "yaml";
import { ConfigError, resolveConfig, type PlatformConfig } from "../../../infra/config";
import { configJsonSchema } from "../../../infra/config/json-schema";
import { showPath } from "../../../infra/config/errors";
import { renderOutputFiles, synthesizePlatform } from "../../../infra/synth";
import { KubernetesSchemaValidator } from "../../support/k8s-schema";
import { hardeningViolations } from "../support/hardening";
import { describeObject, type Json } from "../support/manifests";
import { rbacViolations } from "../support/rbac";
import { apiNameProblems } from "./api-names";
import type { FuzzCase } from "./config-arbitrary";
import { configFileProblems, configFilesOf, manifestKeyProblems, type ConfigFile } from "./config-files";

export type CaseOutcome =
  | { readonly kind: "rejected"; readonly problems: readonly string[] }
  | {
      readonly kind: "accepted";
      readonly config: PlatformConfig;
      readonly objects: readonly Json[];
      readonly files: readonly ConfigFile[];
    }
  | { readonly kind: "broken"; readonly problems: readonly string[] };

/** `'<field.path>' must be <rule>, got <value>` on one line (infra/config/errors.ts). */
const PROBLEM_LINE = /^'([^\n]*?)' must be [^\n]+, got [^\n]*$/;
const TOP_LEVEL_FIELDS = Object.keys((configJsonSchema() as { properties: object }).properties);

/** The path starts at a config field or a key of the input, shown as showPath shows it (quoted when not plain). */
function namesField(path: string, inputKeys: readonly string[]): boolean {
  return [...TOP_LEVEL_FIELDS, ...inputKeys].some((key) => {
    const shown = showPath([key]);
    return path === shown || path.startsWith(`${shown}.`);
  });
}

/** A rejection must name fields: every line in the documented format, with a path into the config. */
export function rejectionProblems(error: unknown, input: unknown): string[] {
  if (!(error instanceof ConfigError)) {
    const e = error as Error;
    return [`threw ${e?.name ?? typeof error} instead of a ConfigError: ${String(e?.message ?? error).split("\n")[0]}`];
  }
  if (error.problems.length === 0) return ["ConfigError without problems"];
  const inputKeys = input && typeof input === "object" ? Object.keys(input) : [];
  return error.problems.flatMap((line) => {
    const path = PROBLEM_LINE.exec(line)?.[1];
    if (path === undefined) return [`problem not in the '<field>' must be <rule>, got <value> form: ${line}`];
    const named =
      path === "(root)" ? !(input !== null && typeof input === "object" && !Array.isArray(input)) : namesField(path, inputKeys);
    return named ? [] : [`problem does not name a config field: ${line}`];
  });
}

/** Input keys that the resolved config does not have: an unknown key accepted silently. */
export function droppedKeys(input: unknown, resolved: unknown, path = ""): string[] {
  if (!input || typeof input !== "object") return [];
  return Object.keys(input).flatMap((key) => {
    const here = path ? `${path}.${key}` : key;
    const inValue = (input as Record<string, unknown>)[key];
    if (inValue === undefined) return [];
    if (!resolved || typeof resolved !== "object" || !Object.prototype.hasOwnProperty.call(resolved, key))
      return [`'${here}' was accepted but ignored`];
    return droppedKeys(inValue, (resolved as Record<string, unknown>)[key], here);
  });
}

/** The manifests must read back from the YAML Keelson writes exactly as synthesized (no YAML injection). */
function yamlRoundTripProblems(platform: ReturnType<typeof synthesizePlatform>): string[] {
  const files = renderOutputFiles(platform);
  return platform.charts.flatMap((chart) => {
    const text = files.get(`${chart.name}.k8s.yaml`);
    if (text === undefined) return [`${chart.name}: no output file`];
    const docs = parseAllDocuments(text);
    const errors = docs.flatMap((d) => d.errors.map((e) => `${chart.name}.k8s.yaml: ${e.message.split("\n")[0]}`));
    if (errors.length > 0) return errors;
    const back = docs.map((d) => d.toJS() as unknown);
    return isDeepStrictEqual(back, JSON.parse(JSON.stringify(chart.objects)))
      ? []
      : [`${chart.name}.k8s.yaml: does not read back as synthesized`];
  });
}

/** Secrets may be rendered only as empty shells a workload fills itself; no value ever reaches the output. */
function secretProblems(objects: readonly Json[]): string[] {
  return objects
    .filter((o) => o.kind === "Secret")
    .filter((o) => Object.values({ ...(o.data as object), ...(o.stringData as object) }).some((v) => v !== ""))
    .map((o) => `${describeObject(o)}: a Secret with a value in the output`);
}

let validator: KubernetesSchemaValidator | undefined;

/** Everything checked without an external program, for one accepted config's objects. */
export function acceptedProblems(objects: readonly Json[], platform: ReturnType<typeof synthesizePlatform>): string[] {
  validator ??= new KubernetesSchemaValidator();
  validator.addCustomResourceDefinitions(objects);
  return [
    ...yamlRoundTripProblems(platform),
    ...objects.flatMap((o) => validator!.validate(o)),
    ...objects.flatMap((o) => apiNameProblems(o)),
    ...objects.flatMap((o) => manifestKeyProblems(o)),
    ...hardeningViolations(objects),
    ...rbacViolations(objects),
    ...secretProblems(objects),
    ...configFilesOf(objects).flatMap((f) => configFileProblems(f)),
  ];
}

/**
 * One fuzz case: the config must either be rejected with field-named errors (ConfigError), or synthesize
 * objects that pass every offline check. Anything else (another exception, a silently ignored key, an
 * invalid or insecure object, an injected directive) is `broken`.
 */
export function runCase(c: FuzzCase): CaseOutcome {
  let config: PlatformConfig;
  let platform: ReturnType<typeof synthesizePlatform>;
  try {
    config = resolveConfig(c.profile, c.input);
    platform = synthesizePlatform(config, c.profile);
  } catch (error) {
    const problems = rejectionProblems(error, c.input);
    return problems.length === 0 ? { kind: "rejected", problems: (error as ConfigError).problems } : { kind: "broken", problems };
  }
  const objects = platform.charts.flatMap((chart) => chart.objects) as unknown as Json[];
  const problems = [...droppedKeys(c.input, config), ...acceptedProblems(objects, platform)];
  if (problems.length > 0) return { kind: "broken", problems };
  return { kind: "accepted", config, objects, files: configFilesOf(objects) };
}
