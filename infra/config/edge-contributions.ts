import type { z } from "zod";
import type { EdgeConfig } from "./edge";
import { upstreamSchema, type EdgeUpstreamInput } from "./edge-upstream";
import { edgeName } from "./edge-fields";
import { DEFAULT_VIRTUAL_HOST, edgeProblems, edgeReferenceProblems, type EdgeProblem } from "./edge-validate";
import { routeSchema, type EdgeRouteInput } from "./edge-vhost";
import { ConfigError, formatIssues, showPath, showValue } from "./errors";

export interface EdgeRouteContribution {
  /** A key of `edge.virtualHosts`, or "default" for the catch-all virtual host. @default "default" */
  readonly virtualHost?: string;
  readonly name: string;
  readonly route: EdgeRouteInput;
}

/**
 * Upstreams and routes another part of Keelson puts on the edge (the demo backend, the web UI). They are
 * validated by the same schemas as user config; a user-defined upstream or route of the same name wins.
 */
export interface EdgeContribution {
  /** Who contributes (for error messages), e.g. "ui". */
  readonly source: string;
  readonly upstreams?: Readonly<Record<string, EdgeUpstreamInput>>;
  readonly routes?: readonly EdgeRouteContribution[];
}

function parsed<T>(schema: z.ZodType<T>, input: unknown, where: string, problems: string[]): T | undefined {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const prefixed = (path: string): string => `'${path === "(root)" ? where : `${where}.${path}`}'`;
  problems.push(
    ...formatIssues(result.error.issues, input).map((line) => line.replace(/^'([^']*)'/, (_, path: string) => prefixed(path))),
  );
  return undefined;
}

/** Contributed names are record keys, so they follow the rule user config's keys do (edgeName). */
function validName(name: string, where: string, problems: string[]): boolean {
  const result = edgeName.safeParse(name);
  if (!result.success) problems.push(`'${where}' must be named by ${result.error.issues[0]?.message}, got ${showValue(name)}`);
  return result.success;
}

function withRoute(
  edge: EdgeConfig,
  vhName: string,
  name: string,
  route: EdgeConfig["defaultVirtualHost"]["routes"][string],
): EdgeConfig {
  if (vhName === DEFAULT_VIRTUAL_HOST) {
    const vh = edge.defaultVirtualHost;
    return { ...edge, defaultVirtualHost: { ...vh, routes: { [name]: route, ...vh.routes } } };
  }
  const vh = edge.virtualHosts[vhName]!;
  return { ...edge, virtualHosts: { ...edge.virtualHosts, [vhName]: { ...vh, routes: { [name]: route, ...vh.routes } } } };
}

function mergeOne(edge: EdgeConfig, c: EdgeContribution, problems: string[]): EdgeConfig {
  let merged = edge;
  for (const [name, input] of Object.entries(c.upstreams ?? {})) {
    const where = `edge.upstreams.${name} (from ${c.source})`;
    if (!validName(name, where, problems)) continue;
    const upstream = parsed(upstreamSchema, input, where, problems);
    if (upstream && !Object.hasOwn(merged.upstreams, name))
      merged = { ...merged, upstreams: { ...merged.upstreams, [name]: upstream } };
  }
  for (const r of c.routes ?? []) {
    const vhName = r.virtualHost ?? DEFAULT_VIRTUAL_HOST;
    const where = `edge routes.${r.name} (from ${c.source})`;
    if (!validName(r.name, where, problems)) continue;
    if (vhName !== DEFAULT_VIRTUAL_HOST && !Object.hasOwn(merged.virtualHosts, vhName)) {
      problems.push(`'${where}.virtualHost' must be "default" or a key of edge.virtualHosts, got ${showValue(vhName)}`);
      continue;
    }
    const route = parsed(routeSchema, r.route, where, problems);
    if (route) merged = withRoute(merged, vhName, r.name, route);
  }
  return merged;
}

function describeProblems(edge: EdgeConfig, problems: readonly EdgeProblem[]): string[] {
  return problems.map(([path, rule]) => {
    let value: unknown = edge;
    for (const key of path)
      value = value === null || typeof value !== "object" ? undefined : (value as Record<PropertyKey, unknown>)[key];
    return `'${showPath(["edge", ...path])}' must be ${rule}, got ${showValue(value)}`;
  });
}

/**
 * The edge config with every contribution merged in (user entries of the same name win), checked as a
 * whole: shape rules again (contributions can clash with user routes) and every cross-reference.
 * Throws a ConfigError listing every problem.
 */
export function mergeEdgeContributions(edge: EdgeConfig, contributions: readonly EdgeContribution[]): EdgeConfig {
  const problems: string[] = [];
  const merged = contributions.reduce((acc, c) => mergeOne(acc, c, problems), edge);
  problems.push(...describeProblems(merged, [...edgeProblems(merged), ...edgeReferenceProblems(merged)]));
  if (problems.length > 0) throw new ConfigError(problems);
  return merged;
}
