import { configJsonSchema } from "../../../infra/config/json-schema";
import type { JsonSchema } from "./json-schema";

/**
 * Every way a secret value could be written: as is, base64 (Secret `data`), base64url, JSON-escaped,
 * URL-encoded. A leak check searches for all of them.
 */
export function encodingsOf(value: string): string[] {
  return [
    value,
    Buffer.from(value).toString("base64"),
    Buffer.from(value).toString("base64url"),
    JSON.stringify(value).slice(1, -1),
    encodeURIComponent(value),
  ];
}

/** The canaries (in any encoding) that occur in `text`. */
export function leakedCanaries(text: string, canaries: readonly string[]): string[] {
  return canaries.filter((c) => encodingsOf(c).some((e) => text.includes(e)));
}

/** Patterns of real credentials; none may ever appear in charts-out/. */
export const CREDENTIAL_PATTERNS: readonly (readonly [string, RegExp])[] = [
  ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["htpasswd hash", /\$(apr1|2[abxy]|5|6)\$[./A-Za-z0-9]{4,}/],
  ["AWS access key", /\b(AKIA|ASIA)[A-Z0-9]{16}\b/],
  ["Slack token", /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ["Slack webhook URL", /hooks\.slack\.com\/services\/[A-Za-z0-9/]+/],
  ["GitHub token", /\bgh[pousr]_[A-Za-z0-9]{30,}/],
  ["JSON Web Token", /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./],
  ["basic-auth URL", /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@"']+:[^/\s@"']+@/i],
  // password / token / secret keys with a literal value (file paths, env placeholders and references excluded).
  ["literal password", /(?:\b|_)(password|passwd|token|api_?key|secret)[ \t]*[:=][ \t]*["']?(?![$/{"'\s]|$)[^\s"']{6,}/im],
];

type Schema = JsonSchema;

/**
 * Collects the fields of the config schema through which a Secret is referenced (a secretKeyRef or a
 * *secretName), as dotted paths: `*` for a record key, `[]` for an array item.
 */
function walk(schema: Schema, path: string[], out: string[]): void {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const names = Object.keys(properties).sort();
  if (names.length === 2 && names[0] === "key" && names[1] === "name") {
    out.push(path.join("."));
    return;
  }
  for (const [key, sub] of Object.entries(properties)) {
    if (/secretName$/.test(key)) out.push([...path, key].join("."));
    else walk(sub, [...path, key], out);
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === "object")
    walk(schema.additionalProperties as Schema, [...path, "*"], out);
  if (schema.items && typeof schema.items === "object") walk(schema.items as Schema, [...path, "[]"], out);
  for (const alternative of (schema.anyOf ?? []) as Schema[]) walk(alternative, path, out);
}

/** Every secret input of the PlatformConfig schema (read from the live schema, so new ones are found). */
export function secretInputs(): string[] {
  const out: string[] = [];
  walk(configJsonSchema() as Schema, [], out);
  return [...new Set(out)].sort();
}

/** Every dotted path in a value (array items by index). */
export function concretePaths(value: unknown, path: string[] = [], out: string[] = []): string[] {
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push([...path, k].join("."));
      concretePaths(v, [...path, k], out);
    }
  }
  return out;
}

/** True when a concrete path is an instance of a schema path (`*`: any record key, `[]`: any index). */
export function matchesSchemaPath(concrete: string, schemaPath: string): boolean {
  const pattern = schemaPath
    .split(".")
    .map((segment) => (segment === "*" ? "[^.]+" : segment === "[]" ? "\\d+" : segment.replace(/[$]/g, "\\$")))
    .join("\\.");
  return new RegExp(`^${pattern}$`).test(concrete);
}
