import type { EdgeConfig } from "./edge";
import { upstreamProblems } from "./edge-upstream";
import { routePathProblem, type EdgeRouteConfig } from "./edge-vhost";

/** A problem as [path relative to `edge`, rule phrased to follow "must be"]. */
export type EdgeProblem = [PropertyKey[], string];

interface VirtualHostView {
  readonly path: PropertyKey[];
  readonly routes: Readonly<Record<string, EdgeRouteConfig>>;
}

/** The default virtual host and every named one, with their paths in the config. */
export function virtualHostViews(edge: Pick<EdgeConfig, "defaultVirtualHost" | "virtualHosts">): VirtualHostView[] {
  return [
    { path: ["defaultVirtualHost"], routes: edge.defaultVirtualHost.routes },
    ...Object.keys(edge.virtualHosts)
      .sort()
      .map((name) => ({ path: ["virtualHosts", name], routes: edge.virtualHosts[name]!.routes })),
  ];
}

function routeProblems(vh: VirtualHostView): EdgeProblem[] {
  const problems: EdgeProblem[] = [];
  const seen = new Map<string, string>();
  for (const [name, route] of Object.entries(vh.routes)) {
    const at = [...vh.path, "routes", name];
    const pathProblem = routePathProblem(route);
    if (pathProblem !== undefined) problems.push([[...at, "path"], pathProblem]);
    const key = `${route.match} ${route.path}`;
    const other = seen.get(key);
    if (other !== undefined)
      problems.push([[...at, "path"], `unique among the ${route.match} routes of its virtual host (route '${other}' has it)`]);
    seen.set(key, name);
  }
  return problems;
}

function portProblems(edge: EdgeConfig): EdgeProblem[] {
  const problems: EdgeProblem[] = [];
  const seen = new Map<number, string>();
  for (const [name, value] of Object.entries(edge.ports)) {
    const other = seen.get(value);
    if (other !== undefined) problems.push([["ports", name], `different from ports.${other}`]);
    seen.set(value, name);
  }
  if (edge.service.httpPort === edge.service.httpsPort)
    problems.push([["service", "httpsPort"], "different from service.httpPort"]);
  if (edge.autoscaling.enabled && edge.autoscaling.maxReplicas < edge.replicas) {
    problems.push([["autoscaling", "maxReplicas"], `>= replicas (${edge.replicas})`]);
  }
  return problems;
}

function serverNameProblems(edge: EdgeConfig): EdgeProblem[] {
  const problems: EdgeProblem[] = [];
  const owner = new Map<string, string>();
  for (const [vhName, vh] of Object.entries(edge.virtualHosts)) {
    if (vhName === "default")
      problems.push([["virtualHosts", vhName], 'named other than "default" (the name of defaultVirtualHost)']);
    vh.serverNames.forEach((serverName, i) => {
      const other = owner.get(serverName);
      if (other !== undefined)
        problems.push([
          ["virtualHosts", vhName, "serverNames", i],
          `unique across virtual hosts (virtual host '${other}' has it)`,
        ]);
      owner.set(serverName, vhName);
    });
  }
  return problems;
}

/** Rules local to the edge section (shape, uniqueness). Cross-references are checked by `edgeReferenceProblems`. */
export function edgeProblems(edge: EdgeConfig): EdgeProblem[] {
  const upstreams = Object.entries(edge.upstreams).flatMap(([name, u]) =>
    upstreamProblems(u).map(([path, rule]): EdgeProblem => [["upstreams", name, ...path], rule]),
  );
  return [...upstreams, ...portProblems(edge), ...serverNameProblems(edge), ...virtualHostViews(edge).flatMap(routeProblems)];
}

function keysOf(record: Readonly<Record<string, unknown>>, what: string): string {
  const keys = Object.keys(record).sort();
  return keys.length === 0 ? `${what} (none defined)` : `${what} (${keys.join(", ")})`;
}

/** Routes name upstreams, cache zones and rate-limit zones that exist; checked after contributions are merged. */
export function edgeReferenceProblems(edge: EdgeConfig): EdgeProblem[] {
  const problems: EdgeProblem[] = [];
  for (const vh of virtualHostViews(edge)) {
    for (const [name, route] of Object.entries(vh.routes)) {
      const at = [...vh.path, "routes", name];
      if (!Object.hasOwn(edge.upstreams, route.upstream))
        problems.push([[...at, "upstream"], `a key of ${keysOf(edge.upstreams, "edge.upstreams")}`]);
      if (route.cache && !Object.hasOwn(edge.caches, route.cache.zone))
        problems.push([[...at, "cache", "zone"], `a key of ${keysOf(edge.caches, "edge.caches")}`]);
      if (route.rateLimit && !Object.hasOwn(edge.rateLimits, route.rateLimit.zone)) {
        problems.push([[...at, "rateLimit", "zone"], `a key of ${keysOf(edge.rateLimits, "edge.rateLimits")}`]);
      }
    }
  }
  return problems;
}
