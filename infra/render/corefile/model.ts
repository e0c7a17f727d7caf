/**
 * A typed Corefile: server blocks, each listening on zones and a port, holding plugin directives with
 * arguments and optional nested blocks. Built by the functions next to this file; printed only by
 * `printCorefile`, which checks every token.
 */

/** One plugin line (`forward . 10.0.0.53 { max_concurrent 1000 }`) or a property inside a plugin block. */
export interface Directive {
  readonly name: string;
  readonly args?: readonly string[];
  readonly block?: readonly Directive[];
}

/** A server block: `zone1:port zone2:port { ... }`. */
export interface ServerBlock {
  readonly zones: readonly string[];
  readonly port: number;
  readonly directives: readonly Directive[];
}

export interface Corefile {
  readonly servers: readonly ServerBlock[];
}

/** Shorthand for a directive. */
export function directive(name: string, args: readonly (string | number)[] = [], block?: readonly Directive[]): Directive {
  const stringArgs = args.map(String);
  return block === undefined ? { name, args: stringArgs } : { name, args: stringArgs, block };
}
