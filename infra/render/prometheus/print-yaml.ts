import { stringify } from "yaml";

/** A value a YAML config file can hold: the typed models of infra/render are made of these. */
export type YamlValue =
  string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

export class YamlModelError extends Error {
  constructor(path: string, problem: string) {
    super(`YAML model: '${path}' must be ${problem}`);
    this.name = "YamlModelError";
  }
}

/** Copies the model with every map's keys sorted and `undefined` fields dropped; rejects what YAML cannot carry faithfully. */
function normalize(value: YamlValue | undefined, path: string): YamlValue {
  if (value === undefined) throw new YamlModelError(path, "defined");
  if (typeof value === "number" && !Number.isFinite(value)) throw new YamlModelError(path, "a finite number");
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item: YamlValue, i: number) => normalize(item, `${path}[${i}]`));
  const out: Record<string, YamlValue> = {};
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, YamlValue | undefined>)[key];
    if (field !== undefined) out[key] = normalize(field, path === "" ? key : `${path}.${key}`);
  }
  return out;
}

/**
 * The one YAML printer of Keelson's config files (prometheus.yml, rule files, alertmanager.yml, Loki,
 * the collector, Grafana provisioning). Every string value is double-quoted with YAML escapes, so no
 * value can start a new key, document or tag; maps are sorted, so output is deterministic.
 */
export function printYaml(model: YamlValue): string {
  return stringify(normalize(model, ""), {
    defaultStringType: "QUOTE_DOUBLE",
    defaultKeyType: "PLAIN",
    lineWidth: 0,
    minContentWidth: 0,
    aliasDuplicateObjects: false,
  });
}
