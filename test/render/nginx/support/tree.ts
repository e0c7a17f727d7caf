import type { NginxArg, NginxDirective } from "../../../../infra/render/nginx";
import type { ParsedDirective } from "./nginx-parse";

function argText(arg: NginxArg): string {
  return typeof arg === "number" ? String(arg) : typeof arg === "string" ? arg : arg.text;
}

/** The model's tree as the values nginx reads (what `parseNginxConfig` returns for the printed text). */
export function normalizeTree(tree: readonly NginxDirective[]): ParsedDirective[] {
  return tree.map((d) => ({
    name: d.name,
    args: d.args.map(argText),
    ...(d.block === undefined ? {} : { block: normalizeTree(d.block) }),
  }));
}
