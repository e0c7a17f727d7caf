import { ConfigError, showValue } from "../../config/errors";
import type { Corefile, Directive, ServerBlock } from "./model";

/**
 * The one Corefile printer. Tokens are never quoted: the Corefile lexer treats `{`, `}`, quotes, `#`,
 * whitespace and `{$ENV}` specially (a quoted `{` still opens a block), so a token is printed only when it
 * is made of characters with no meaning to the lexer. Anything else is an error naming its place.
 */
const TOKEN_RE = /^[A-Za-z0-9._:/@*+=,%\-[\]]+$/;
const NAME_RE = /^[a-z][a-z0-9_]*$/;
/** Directives the Caddyfile parser acts on itself; a plugin can never be called this. */
const RESERVED_NAMES = new Set(["import"]);
const INDENT = "    ";

function checkToken(token: string, where: string, problems: string[]): void {
  if (!TOKEN_RE.test(token)) {
    problems.push(`'${where}' must be a Corefile token (letters, digits and . _ : / @ * + = , % - [ ]), got ${showValue(token)}`);
  }
}

/** Plugin names (top level) are identifiers; a line inside a block may start with data (a hosts entry's IP). */
function checkDirective(d: Directive, where: string, problems: string[], nested: boolean): void {
  if (nested) {
    checkToken(d.name, `${where}.name`, problems);
  } else if (!NAME_RE.test(d.name) || RESERVED_NAMES.has(d.name)) {
    problems.push(`'${where}.name' must be a plugin name ([a-z][a-z0-9_]*, not 'import'), got ${showValue(d.name)}`);
  }
  (d.args ?? []).forEach((arg, i) => checkToken(arg, `${where}.args.${i}`, problems));
  (d.block ?? []).forEach((child, i) => checkDirective(child, `${where}.block.${i}`, problems, true));
}

function checkServer(server: ServerBlock, where: string, problems: string[]): void {
  if (server.zones.length === 0) problems.push(`'${where}.zones' must be of length >= 1, got []`);
  server.zones.forEach((zone, i) => checkToken(zone, `${where}.zones.${i}`, problems));
  if (!Number.isInteger(server.port) || server.port < 1 || server.port > 65535) {
    problems.push(`'${where}.port' must be a port (1-65535), got ${showValue(server.port)}`);
  }
  server.directives.forEach((d, i) => checkDirective(d, `${where}.directives.${i}`, problems, false));
}

function printDirective(d: Directive, depth: number): string[] {
  const pad = INDENT.repeat(depth);
  const head = [d.name, ...(d.args ?? [])].join(" ");
  if (d.block === undefined) return [`${pad}${head}`];
  return [`${pad}${head} {`, ...d.block.flatMap((child) => printDirective(child, depth + 1)), `${pad}}`];
}

function printServer(server: ServerBlock): string {
  const keys = server.zones.map((zone) => `${zone}:${server.port}`).join(" ");
  return [`${keys} {`, ...server.directives.flatMap((d) => printDirective(d, 1)), "}"].join("\n");
}

/** Prints a Corefile, or throws a ConfigError listing every token that cannot be printed safely. */
export function printCorefile(corefile: Corefile): string {
  const problems: string[] = [];
  if (corefile.servers.length === 0) problems.push("'servers' must be of length >= 1, got []");
  corefile.servers.forEach((server, i) => checkServer(server, `servers.${i}`, problems));
  if (problems.length > 0) throw new ConfigError(problems, "Corefile");
  return `${corefile.servers.map(printServer).join("\n\n")}\n`;
}
