import type { EdgeConfig } from "./edge";
import { upstreamProblems } from "./edge-upstream";
import { routePathProblem, type EdgeRouteConfig, type EdgeVirtualHostConfig } from "./edge-vhost";

/** A problem as [path relative to `edge`, rule phrased to follow "must be"]. */
export type EdgeProblem = [PropertyKey[], string];

/** The catch-all virtual host's name (in contributions, file and volume names); named virtual hosts may not use it. */
export const DEFAULT_VIRTUAL_HOST = "default";

interface VirtualHostView {
  /** `DEFAULT_VIRTUAL_HOST` or the key in `edge.virtualHosts`. */
  readonly key: string;
  /** Where the virtual host is in the config. */
  readonly path: PropertyKey[];
  readonly tls: EdgeVirtualHostConfig["tls"];
  readonly routes: Readonly<Record<string, EdgeRouteConfig>>;
}

/** The default virtual host and every named one (in name order), with their keys and paths in the config. */
export function virtualHostViews(edge: Pick<EdgeConfig, "defaultVirtualHost" | "virtualHosts">): VirtualHostView[] {
  const view = (key: string, path: PropertyKey[], vh: EdgeVirtualHostConfig): VirtualHostView => ({
    key,
    path,
    tls: vh.tls,
    routes: vh.routes,
  });
  return [
    view(DEFAULT_VIRTUAL_HOST, ["defaultVirtualHost"], edge.defaultVirtualHost),
    ...Object.keys(edge.virtualHosts)
      .sort()
      .map((name) => view(name, ["virtualHosts", name], edge.virtualHosts[name]!)),
  ];
}

/** Whether any virtual host serves TLS (then nginx listens on the https port). */
export function anyTls(edge: Pick<EdgeConfig, "defaultVirtualHost" | "virtualHosts">): boolean {
  return virtualHostViews(edge).some((vh) => vh.tls !== undefined);
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
    if (vhName === DEFAULT_VIRTUAL_HOST)
      problems.push([["virtualHosts", vhName], `named other than "${DEFAULT_VIRTUAL_HOST}" (the name of defaultVirtualHost)`]);
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
