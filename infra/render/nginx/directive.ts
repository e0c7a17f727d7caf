/**
 * The nginx configuration as data: a tree of directives, each with a name, arguments and an optional
 * block. Nothing here builds text; `printNginxConfig()` is the only place that does, and it quotes or
 * rejects every argument.
 */

/**
 * A value that may contain nginx variables (`$host`, `$request_uri`). Only Keelson's own code makes these,
 * from constants; config values never become an `NginxExpr` (they are plain strings, in which the
 * printer rejects `$`).
 */
export interface NginxExpr {
  readonly kind: "expr";
  readonly text: string;
}

/** A PCRE regular expression (a `location ~` pattern): always quoted; `$` is an anchor, not a variable. */
export interface NginxRegex {
  readonly kind: "regex";
  readonly text: string;
}

/** A plain string is a literal: printed bare when safe, else double-quoted; `$` is rejected. */
export type NginxArg = string | number | NginxExpr | NginxRegex;

export interface NginxDirective {
  /** A directive name (`proxy_pass`), or with `entry`, a key of a `map` block (printed like an argument). */
  readonly name: string;
  readonly args: readonly NginxArg[];
  /** Child directives; `undefined` ends the directive with `;`, an array opens a `{ }` block. */
  readonly block?: readonly NginxDirective[];
  /** The name is data (a `map` key), not a directive name. @default false */
  readonly entry?: boolean;
}

export function expr(text: string): NginxExpr {
  return { kind: "expr", text };
}

export function regex(text: string): NginxRegex {
  return { kind: "regex", text };
}

/** A simple directive: `name args;`. */
export function directive(name: string, ...args: NginxArg[]): NginxDirective {
  return { name, args };
}

/** A block directive: `name args { children }`. */
export function block(name: string, args: readonly NginxArg[], children: readonly NginxDirective[]): NginxDirective {
  return { name, args, block: children };
}

/** A `map` entry: `key value;`. */
export function entry(key: string, ...args: NginxArg[]): NginxDirective {
  return { name: key, args, entry: true };
}

/** Drops `false`/`undefined` items, so optional directives read as `cond && directive(...)`. */
export function compact<T>(items: readonly (T | false | undefined | null)[]): T[] {
  return items.filter((item): item is T => item !== false && item !== undefined && item !== null);
}
