import {
  ConfigError,
  PROFILE_NAMES,
  deepMerge,
  resolveConfig,
  type PlatformConfig,
  type ProfileName,
} from "../../../infra/config";
import type { JsonSchema } from "./json-schema";
import { configJsonSchema } from "../../../infra/config/json-schema";
import { synthesizePlatform } from "../../../infra/synth";
import type { Json } from "./manifests";
import type { ProfileObjects } from "./security-doc";

type Schema = JsonSchema;

/** One switch of the config: a boolean or enum field set to one of its values. */
export interface ConfigSwitch {
  readonly path: readonly string[];
  readonly value: unknown;
}

function switchesOf(schema: Schema, path: string[] = []): ConfigSwitch[] {
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((value) => ({ path, value }));
  if (schema.type === "boolean") return [true, false].map((value) => ({ path, value }));
  return Object.entries((schema.properties ?? {}) as Record<string, Schema>).flatMap(([key, sub]) =>
    switchesOf(sub, [...path, key]),
  );
}

/** Every boolean and enum field of the config schema, with each of its values. */
export function configSwitches(): ConfigSwitch[] {
  return switchesOf(configJsonSchema() as Schema);
}

export function overlayOf({ path, value }: ConfigSwitch): Json {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Json;
}

export interface Variant extends ProfileObjects {
  /** e.g. "prod + ui.kind=dashboard"; "dev" for the plain profile. */
  readonly label: string;
}

let cached: Variant[] | undefined;

/** Switches that need a value besides the boolean (found by the fuzz target; add one when it finds another). */
const EXTRA_OVERLAYS: readonly (readonly [string, Json])[] = [
  ["ui.admin (cluster-admin)", { ui: { admin: { enabled: true, group: "platform-admins", clusterRole: "cluster-admin" } } }],
  ["ui.admin (admin)", { ui: { admin: { enabled: true, group: "platform-admins", clusterRole: "admin" } } }],
];

/** The config of `overlay` over `profile` and its objects, or undefined when Keelson rejects it (ConfigError). */
function trySynth(profile: ProfileName, overlay: Json): { config: PlatformConfig; objects: Json[] } | undefined {
  try {
    const config = resolveConfig(profile, overlay);
    const platform = synthesizePlatform(config, profile);
    return { config, objects: platform.charts.flatMap((c) => c.objects) as unknown as Json[] };
  } catch (error) {
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
}

function variantsOf(profile: ProfileName): Variant[] {
  const variants: Variant[] = [];
  const seen = new Set<string>();
  const add = (label: string, result: ReturnType<typeof trySynth>): boolean => {
    if (!result) return false;
    const key = JSON.stringify(result.config);
    if (!seen.has(key)) variants.push({ label, profile, ...result });
    seen.add(key);
    return true;
  };
  add(profile, trySynth(profile, {}));
  const accepted: ConfigSwitch[] = [];
  const rejected: ConfigSwitch[] = [];
  for (const s of configSwitches()) {
    (add(`${profile} + ${showSwitch(s)}`, trySynth(profile, overlayOf(s))) ? accepted : rejected).push(s);
  }
  for (const [label, overlay] of EXTRA_OVERLAYS) add(`${profile} + ${label}`, trySynth(profile, overlay));
  // A switch that needs another one (e.g. a CNI only on self-managed clusters): pair it with each accepted one.
  for (const s of rejected) {
    accepted.some((other) =>
      add(
        `${profile} + ${showSwitch(other)} + ${showSwitch(s)}`,
        trySynth(profile, deepMerge(overlayOf(other), overlayOf(s)) as Json),
      ),
    );
  }
  return variants;
}

function showSwitch(s: ConfigSwitch): string {
  return `${s.path.join(".")}=${String(s.value)}`;
}

/**
 * The objects of every config one switch away from a profile (each boolean flipped, each enum value; a
 * switch that is rejected alone is paired with another), plus the profiles themselves: every object
 * Keelson can emit that a single option turns on. Cached per process (it synthesizes a few dozen platforms).
 */
export function switchVariants(): Variant[] {
  cached ??= PROFILE_NAMES.flatMap((profile) => variantsOf(profile));
  return cached;
}

/**
 * Every distinct object of every variant, once (keyed by kind/namespace/name and content), for scanners
 * that key resources by name: objects that differ between variants get a file each.
 */
export function distinctVariantObjects(variants: readonly Variant[] = switchVariants()): Json[] {
  const byContent = new Map<string, Json>();
  for (const v of variants) for (const o of v.objects) byContent.set(JSON.stringify(o), o);
  return [...byContent.values()];
}
