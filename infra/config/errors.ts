import type { z } from "zod";

/** A config that failed validation; `problems` lists every problem, one line each. */
export class ConfigError extends Error {
  constructor(
    readonly problems: readonly string[],
    subject = "Keelson config",
  ) {
    super(
      `${subject} is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

const MAX_VALUE_CHARS = 60;

/** Renders a value for an error message: JSON, truncated, never multi-line. */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/** A field path as `a.b.0.c`; a key that is not a plain name is shown as JSON, so it stays on one line. */
export function showPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path.map((key) => (typeof key === "string" && !/^[\w$.:/-]+$/.test(key) ? JSON.stringify(key) : String(key))).join(".");
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** The rule an issue broke, phrased to follow "must be". */
function ruleOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `of type ${issue.expected}`;
    case "too_small":
      return issue.origin === "array" || issue.origin === "string"
        ? `of length ${issue.inclusive ? ">=" : ">"} ${String(issue.minimum)}`
        : `${issue.inclusive ? ">=" : ">"} ${String(issue.minimum)}`;
    case "too_big":
      return issue.origin === "array" || issue.origin === "string"
        ? `of length ${issue.inclusive ? "<=" : "<"} ${String(issue.maximum)}`
        : `${issue.inclusive ? "<=" : "<"} ${String(issue.maximum)}`;
    case "invalid_value":
      return `one of ${issue.values.map((v) => showValue(v)).join(", ")}`;
    case "invalid_key":
      return `a valid key (${issue.issues.map((inner) => inner.message).join("; ")})`;
    case "invalid_union": {
      // Name each accepted form by the first rule its branch broke, rather than zod's "Invalid input".
      const forms = [...new Set(issue.errors.flatMap((branch) => (branch[0] ? [ruleOf(branch[0])] : [])))];
      if (forms.length === 0) return issue.message;
      return forms.length === 1 ? forms[0]! : `either ${forms.join(" or ")}`;
    }
    case "not_multiple_of":
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

/**
 * Formats zod issues as `'<field.path>' must be <rule>, got <value>`.
 * Unknown keys become one line per key, with the path of the key itself.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        lines.push(`'${showPath(path)}' must be a known field (unknown key), got ${showValue(valueAt(input, path))}`);
      }
      continue;
    }
    lines.push(`'${showPath(issue.path)}' must be ${ruleOf(issue)}, got ${showValue(valueAt(input, issue.path))}`);
  }
  return lines;
}
