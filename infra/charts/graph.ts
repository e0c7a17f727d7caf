export interface GraphNode {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

export class AddonGraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AddonGraphError";
  }
}

function checkKnownDependencies(nodes: readonly GraphNode[]): void {
  const names = new Set(nodes.map((n) => n.name));
  const problems: string[] = [];
  for (const node of nodes) {
    for (const dep of node.dependsOn) {
      if (!names.has(dep)) problems.push(`Addon ${node.name}: 'dependsOn' must name a registered addon, got '${dep}'`);
    }
  }
  if (names.size !== nodes.length) problems.push("Addon names must be unique");
  if (problems.length > 0) throw new AddonGraphError(problems.join("\n"));
}

/** Finds one cycle among the nodes that Kahn's algorithm could not order, as a readable path. */
function describeCycle(remaining: readonly GraphNode[]): string {
  const byName = new Map(remaining.map((n) => [n.name, n]));
  const path: string[] = [];
  let current: GraphNode | undefined = remaining[0];
  while (current && !path.includes(current.name)) {
    path.push(current.name);
    const next: string | undefined = current.dependsOn.find((d) => byName.has(d));
    current = next === undefined ? undefined : byName.get(next);
  }
  const start = current ? path.indexOf(current.name) : 0;
  const cycle = [...path.slice(start), path[start]];
  return cycle.join(" → ");
}

/**
 * Orders nodes so that every node comes after its dependencies. Ties keep the input order, so the
 * result is deterministic. Throws on unknown dependencies and on cycles, naming every addon involved.
 */
export function topologicalOrder<T extends GraphNode>(nodes: readonly T[]): T[] {
  checkKnownDependencies(nodes);
  const ordered: T[] = [];
  const placed = new Set<string>();
  let pending = [...nodes];
  while (pending.length > 0) {
    const ready = pending.find((n) => n.dependsOn.every((d) => placed.has(d)));
    if (!ready) {
      throw new AddonGraphError(`Addon dependency cycle: ${describeCycle(pending)}`);
    }
    ordered.push(ready);
    placed.add(ready.name);
    pending = pending.filter((n) => n !== ready);
  }
  return ordered;
}
