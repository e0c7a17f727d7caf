import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { topologicalOrder } from "../../infra/charts";

const node = (name: string, ...dependsOn: string[]) => ({ name, dependsOn });

describe("topologicalOrder", () => {
  it("places dependencies first and keeps registry order for ties", () => {
    const order = topologicalOrder([
      node("edge", "dns", "namespaces"),
      node("namespaces"),
      node("dns", "namespaces"),
      node("ui", "namespaces"),
    ]);
    expect(order.map((n) => n.name)).toEqual(["namespaces", "dns", "edge", "ui"]);
  });

  it("names both addons of a two-addon cycle", () => {
    expect(() => topologicalOrder([node("namespaces"), node("monitoring", "logging"), node("logging", "monitoring")])).toThrow(
      "Addon dependency cycle: monitoring → logging → monitoring",
    );
  });

  it("names a missing dependency", () => {
    expect(() => topologicalOrder([node("edge", "dns")])).toThrow(
      "Addon edge: 'dependsOn' must name a registered addon, got 'dns'",
    );
  });

  it("orders every acyclic graph so each node follows its dependencies (property)", () => {
    const dag = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: n, maxLength: n }).map((deps) =>
        // Node i may only depend on nodes with a smaller index: acyclic by construction.
        deps.map((ds, i) => node(`a${i}`, ...(i === 0 ? [] : [...new Set(ds.map((d) => `a${d % i}`))]))),
      ),
    );
    fc.assert(
      fc.property(
        dag.map((nodes) => [...nodes].reverse()),
        (nodes) => {
          const position = new Map(topologicalOrder(nodes).map((n, i) => [n.name, i]));
          return nodes.every((n) => n.dependsOn.every((d) => position.get(d)! < position.get(n.name)!));
        },
      ),
    );
  });
});
