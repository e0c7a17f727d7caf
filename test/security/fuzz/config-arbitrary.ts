import fc from "fast-check";
import type { JsonSchema } from "../support/json-schema";
import { configJsonSchema } from "../../../infra/config/json-schema";
import { HOSTILE_NUMBERS, HOSTILE_STRINGS, INJECTIONS, UNKNOWN_KEYS, WRONG_TYPES } from "./hostile-values";

/**
 * fast-check arbitraries for PlatformConfig input, derived from the config's own JSON Schema
 * (infra/config/json-schema.ts), so every field any addon adds is fuzzed without touching this file.
 *
 * Two modes: `valid` stays inside what the JSON Schema says (refinements such as uniqueness or
 * limits >= requests are not in it, so some of these are still rejected), `hostile` replaces a node with
 * an adversarial value now and then (HOSTILE_*, wrong types, unknown keys, duplicates, empty lists).
 */
type Schema = JsonSchema;
type Arb = fc.Arbitrary<unknown>;

export interface ArbitraryOptions {
  /** Chance that a node is replaced by a hostile value (0 = valid mode). */
  readonly hostility: number;
  /** Chance that an optional object property is present. */
  readonly density: number;
}

const MAX_ARRAY = 4;
const MAX_STRING = 40;

/** `hostile` is built only when used: building it eagerly would rebuild every subtree once per level. */
function withHostility(valid: Arb, hostile: () => Arb, o: ArbitraryOptions): Arb {
  if (o.hostility <= 0) return valid;
  const weight = Math.max(1, Math.round(o.hostility * 100));
  return fc.oneof({ arbitrary: valid, weight: 100 - weight }, { arbitrary: hostile(), weight });
}

const patternCache = new Map<string, Arb>();

function patternString(schema: Schema): Arb {
  const min = (schema.minLength as number | undefined) ?? 0;
  const max = (schema.maxLength as number | undefined) ?? Number.MAX_SAFE_INTEGER;
  const key = `${String(schema.pattern)}\0${min}\0${max}`;
  const cached = patternCache.get(key);
  if (cached) return cached;
  const inRange = (s: string) => s.length >= min && s.length <= max;
  let arb: Arb;
  try {
    arb = fc.stringMatching(new RegExp(schema.pattern as string)).filter(inRange);
  } catch {
    arb = fc.string({ minLength: min, maxLength: Math.min(max, MAX_STRING) });
  }
  patternCache.set(key, arb);
  return arb;
}

function validString(schema: Schema): Arb {
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.pattern) return patternString(schema);
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? MAX_STRING, MAX_STRING));
  return fc.oneof(
    { arbitrary: PLAUSIBLE_STRINGS, weight: 3 },
    { arbitrary: fc.string({ minLength, maxLength }), weight: 1 },
    { arbitrary: fc.string({ minLength, maxLength, unit: "grapheme" }), weight: 1 },
  );
}

const port = fc.integer({ min: 1, max: 65535 });
/**
 * Fields checked by refinements rather than a JSON Schema pattern (addresses, CIDRs, names) mostly take
 * values of these shapes; without them almost every "valid" config would be rejected on those fields.
 */
const PLAUSIBLE_STRINGS: Arb = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.tuple(fc.ipV4(), port).map(([ip, p]) => `${ip}:${p}`),
  fc.tuple(fc.ipV6(), port).map(([ip, p]) => `[${ip}]:${p}`),
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([ip, bits]) => `${ip}/${bits}`),
  fc.domain(),
  fc.constantFrom("/etc/resolv.conf", "main", "release/v1", "example.org", "10.96.0.10"),
);

function hostileString(schema: Schema): Arb {
  const valid = validString(schema) as fc.Arbitrary<string>;
  return fc.oneof(
    fc.constantFrom(...HOSTILE_STRINGS),
    // A valid value with an injection appended or prepended: passes naive prefix/suffix checks.
    fc.tuple(valid, fc.constantFrom(...INJECTIONS)).map(([v, inj]) => `${String(v)}${inj}`),
    fc.tuple(valid, fc.constantFrom(...INJECTIONS)).map(([v, inj]) => `${inj}${String(v)}`),
    fc.string({ unit: "binary", maxLength: 20 }),
    fc.constantFrom(...WRONG_TYPES),
  );
}

function validNumber(schema: Schema): Arb {
  const integer = schema.type === "integer";
  const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 1e-6) : -1e9);
  const high = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 1e-6) : 1e9);
  const min = Math.max(low, -Number.MAX_SAFE_INTEGER);
  const max = Math.min(high, Number.MAX_SAFE_INTEGER);
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function hostileNumber(schema: Schema): Arb {
  const edges = [schema.minimum, schema.maximum].filter((x): x is number => typeof x === "number").flatMap((x) => [x - 1, x + 1]);
  return fc.oneof(
    fc.constantFrom(...HOSTILE_NUMBERS, ...edges),
    fc.constantFrom(...WRONG_TYPES),
    fc.constantFrom("12", "1e3", " 1"),
  );
}

function objectArb(schema: Schema, o: ArbitraryOptions, depth: number): Arb {
  const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
  const required = new Set<string>((schema.required ?? []) as string[]);
  const entries = properties.map(([key, sub]) => {
    const value = arbitraryFor(sub, o, depth + 1);
    if (required.has(key)) return value.map((v) => [key, v] as const);
    const present = Math.max(1, Math.round(o.density * 10));
    return fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 10 - present },
      { arbitrary: value.map((v) => [key, v] as const), weight: present },
    );
  });
  const extra = schema.additionalProperties;
  // Record keys (vhost names, label keys…) come from the propertyNames schema; hostile mode sometimes
  // uses a hostile string instead (quotes, newlines and injections in a key must not reach any output).
  const validKey = validString({ type: "string", ...(schema.propertyNames ?? {}) });
  const key =
    o.hostility > 0
      ? fc.oneof({ arbitrary: validKey, weight: 9 }, { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 1 })
      : validKey;
  const dictionary =
    extra && typeof extra === "object"
      ? fc.array(fc.tuple(key, arbitraryFor(extra, o, depth + 1)), { maxLength: 3 })
      : fc.constant([]);
  return fc.tuple(fc.tuple(...entries), dictionary).map(([fixed, dynamic]) => {
    const out: Record<string, unknown> = {};
    // defineProperty: a key like "__proto__" must become an own property, as JSON.parse would make it.
    for (const e of [...fixed, ...(dynamic as [string, unknown][])]) {
      if (e) Object.defineProperty(out, e[0], { value: e[1], enumerable: true, writable: true, configurable: true });
    }
    return out;
  });
}

function hostileObject(schema: Schema, o: ArbitraryOptions, depth: number): Arb {
  const valid = objectArb(schema, { ...o, hostility: 0 }, depth);
  return fc.oneof(
    fc.tuple(valid, fc.constantFrom(...UNKNOWN_KEYS), fc.constantFrom(...WRONG_TYPES, 1, "x")).map(([obj, key, value]) => {
      const out = { ...(obj as object) };
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      return out;
    }),
    fc.constantFrom(...WRONG_TYPES, "x", 0),
  );
}

function arrayArb(schema: Schema, o: ArbitraryOptions, depth: number): Arb {
  const items = arbitraryFor(schema.items ?? {}, o, depth + 1);
  const minLength = schema.minItems ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? MAX_ARRAY, MAX_ARRAY));
  return fc.array(items, { minLength, maxLength });
}

/** Duplicates: the same item twice, or two items sharing their `name`. */
function hostileArray(schema: Schema, o: ArbitraryOptions, depth: number): Arb {
  const item = arbitraryFor(schema.items ?? {}, { ...o, hostility: 0 }, depth + 1);
  return fc.oneof(
    item.map((x) => [x, x]),
    fc.tuple(item, item).map(([a, b]) => {
      if (a && b && typeof a === "object" && typeof b === "object" && "name" in a)
        return [a, { ...b, name: (a as { name: unknown }).name }];
      return [a, b];
    }),
    fc.constant([]),
    fc.array(item, { minLength: (schema.maxItems ?? 8) + 1, maxLength: (schema.maxItems ?? 8) + 1 }),
    fc.constantFrom(...WRONG_TYPES),
  );
}

const cache = new Map<string, WeakMap<Schema, Arb>>();

/** The arbitrary for one JSON Schema node (memoized per node and options). */
export function arbitraryFor(schema: Schema, o: ArbitraryOptions, depth = 0): Arb {
  const key = `${o.hostility}/${o.density}/${depth}`;
  const byNode = cache.get(key) ?? new WeakMap<Schema, Arb>();
  cache.set(key, byNode);
  const hit = byNode.get(schema);
  if (hit) return hit;
  const arb = buildArbitrary(schema, o, depth);
  byNode.set(schema, arb);
  return arb;
}

function buildArbitrary(schema: Schema, o: ArbitraryOptions, depth: number): Arb {
  if (schema.anyOf || schema.oneOf) {
    return fc.oneof(...((schema.anyOf ?? schema.oneOf) as Schema[]).map((s) => arbitraryFor(s, o, depth)));
  }
  if (schema.enum || schema.const !== undefined) return withHostility(validString(schema), () => hostileString(schema), o);
  switch (schema.type) {
    case "object":
      return withHostility(objectArb(schema, o, depth), () => hostileObject(schema, o, depth), o);
    case "array":
      return withHostility(arrayArb(schema, o, depth), () => hostileArray(schema, o, depth), o);
    case "string":
      return withHostility(validString(schema), () => hostileString(schema), o);
    case "integer":
    case "number":
      return withHostility(validNumber(schema), () => hostileNumber(schema), o);
    case "boolean":
      return withHostility(fc.boolean(), () => fc.constantFrom("true", 1, 0, null, "yes"), o);
    case "null":
      return fc.constant(null);
    default:
      return fc.constantFrom(...WRONG_TYPES, "x", 1);
  }
}

export type FuzzMode = "valid" | "hostile";

export interface FuzzCase {
  readonly profile: "dev" | "prod";
  /** `valid`: inside the JSON Schema; `hostile`: some nodes replaced by adversarial values. */
  readonly mode: FuzzMode;
  readonly input: unknown;
}

/** A whole config input and the profile to merge it over. */
export function fuzzCase(): fc.Arbitrary<FuzzCase> {
  const schema = configJsonSchema() as Schema;
  const valid = arbitraryFor(schema, { hostility: 0, density: 0.3 });
  const hostile = arbitraryFor(schema, { hostility: 0.04, density: 0.3 });
  return fc
    .record({
      profile: fc.constantFrom("dev" as const, "prod" as const),
      mode: fc.constantFrom<FuzzMode>("valid", "hostile"),
    })
    .chain(({ profile, mode }) => (mode === "valid" ? valid : hostile).map((input) => ({ profile, mode, input })));
}
