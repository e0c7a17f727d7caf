import type { NginxArg, NginxDirective } from "./directive";

/** A directive tree that cannot be printed safely (a bug in the model or an unvalidated value). */
export class NginxPrintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NginxPrintError";
  }
}

const DIRECTIVE_NAME = /^[a-z_][a-z0-9_]*$/;
/** Characters that never need quotes: none of them is special to nginx's tokenizer. */
const BARE_WORD = /^[A-Za-z0-9_.:/=*@+,%~!?^|-]+$/;
/** Expressions may also show `$` bare (a variable reference reads the same quoted or not). */
const BARE_EXPR = /^[A-Za-z0-9_.:/=*@+,%~!?^|$-]+$/;
/** NUL, C0 controls (newline, tab, ...) and DEL: never allowed, quoted or not. */
const CONTROL = /[\u0000-\u001f\u007f]/;
const INDENT = "    ";

function describe(value: string): string {
  return JSON.stringify(value);
}

/** Double-quotes `text`; nginx reads `\\` as `\` and `\"` as `"`, so every value round-trips exactly. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * Prints one argument. Literals may not contain `$` (nginx would expand it as a variable in every
 * directive that takes variables, and has no escape for it); expressions and regexes may.
 */
export function printArg(arg: NginxArg, where: string): string {
  if (typeof arg === "number") {
    if (!Number.isFinite(arg)) throw new NginxPrintError(`${where}: argument must be a finite number, got ${arg}`);
    return String(arg);
  }
  const text = typeof arg === "string" ? arg : arg.text;
  if (CONTROL.test(text)) {
    throw new NginxPrintError(
      `${where}: argument must not contain control characters (NUL, newline, tab), got ${describe(text)}`,
    );
  }
  if (typeof arg === "string" && text.includes("$")) {
    throw new NginxPrintError(
      `${where}: a literal argument must not contain '$' (nginx would read a variable), got ${describe(text)}`,
    );
  }
  if (typeof arg === "string") return BARE_WORD.test(text) ? text : quote(text);
  return arg.kind === "expr" && BARE_EXPR.test(text) ? text : quote(text);
}

function printDirective(d: NginxDirective, depth: number, path: string): string[] {
  const where = `${path}${d.entry === true ? "(map entry)" : d.name}`;
  if (d.entry !== true && !DIRECTIVE_NAME.test(d.name)) {
    throw new NginxPrintError(`${where}: directive name must match ${DIRECTIVE_NAME.source}, got ${describe(d.name)}`);
  }
  const head = [d.entry === true ? printArg(d.name, where) : d.name, ...d.args.map((a) => printArg(a, where))].join(" ");
  const pad = INDENT.repeat(depth);
  if (d.block === undefined) return [`${pad}${head};`];
  const inner = d.block.flatMap((child) => printDirective(child, depth + 1, `${where} > `));
  return [`${pad}${head} {`, ...inner, `${pad}}`];
}

/**
 * The one nginx.conf printer: every argument is printed bare only when it consists of characters that
 * are inert to nginx's tokenizer, otherwise double-quoted with `\` and `"` escaped; control characters
 * are rejected everywhere and `$` everywhere except in expressions and regexes the model made.
 */
export function printNginxConfig(directives: readonly NginxDirective[], header?: readonly string[]): string {
  const comments = (header ?? []).map((line) => {
    if (CONTROL.test(line)) throw new NginxPrintError(`header comment must be one line, got ${describe(line)}`);
    return `# ${line}`.trimEnd();
  });
  const body = directives.flatMap((d) => printDirective(d, 0, ""));
  return [...comments, ...body].join("\n") + "\n";
}
