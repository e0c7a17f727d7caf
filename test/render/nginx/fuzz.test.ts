/**
 * Config injection fuzz (fast-check) over every string field of the edge config that reaches nginx.conf.
 * Each run puts one hostile value (metacharacters, control characters, injected directives, arbitrary
 * Unicode) into one field of an otherwise valid config. The config must either fail validation with a
 * ConfigError naming that field, or render a config that (a) parses back into exactly the directives the
 * model made, (b) uses only directive names the renderer knows, and (c) passes `nginx -t` of the edge
 * image. KEELSON_FUZZ_RUNS raises the number of runs (default 150).
 */
import { isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "../../../infra/config";
import type { EdgeConfig } from "../../../infra/config/edge";
import { effectiveEdge } from "../../../infra/charts/edge-contributions";
import { edgeSecretMounts, renderEdgeNginxConf } from "../../../infra/render/nginx";
import { selfSignedCert } from "../../edge/support/certs";
import { RENDER_CASES, renderCase } from "./cases";
import { CLUSTER_DNS_HOSTS } from "./support/fixtures";
import { FIELDS, overlayFor, type Field, type FieldValues } from "./support/fuzz-fields";
import { nginxTestMany, type NginxTestCase } from "./support/nginx-batch";
import { parseNginxConfig, type ParsedDirective } from "./support/nginx-parse";
import { normalizeTree } from "./support/tree";

const RUNS = Number(process.env.KEELSON_FUZZ_RUNS ?? 150);

const INJECTIONS = [
  ";",
  "{",
  "}",
  '"',
  "'",
  "\\",
  "$",
  "${host}",
  "$request_uri",
  "#",
  "\n",
  "\r\n",
  "\t",
  "\u0000",
  " ",
  "\u00a0",
  "\u202e",
  "é",
  "*",
  "~",
  "=",
  "/../",
  "",
  "}\n    server {\n        listen 9999;\n    }\n    #",
  "; include /etc/passwd;",
  '\\"; return 200 owned;#',
];

function hostile(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const inject = fc.constantFrom(...INJECTIONS);
  return fc.oneof(
    valid,
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ maxLength: 40 }),
    fc.tuple(valid, inject, valid).map(([a, b, c]) => a + b + c),
    fc.tuple(inject, valid).map(([a, b]) => a + b),
    fc.tuple(valid, inject).map(([a, b]) => a + b),
  );
}

function directiveNames(tree: readonly ParsedDirective[], inMap = false): string[] {
  return tree.flatMap((d) => [...(inMap ? [] : [d.name]), ...directiveNames(d.block ?? [], d.name === "map")]);
}

/** Every directive name the renderer emits across the golden cases. */
const KNOWN_DIRECTIVES = new Set(RENDER_CASES.flatMap((c) => directiveNames(parseNginxConfig(renderCase(c).text))));

const PROBLEM_LINE = /^'[^'\n]+' must be [^\n]+, got [^\n]+$/;

/** What the runs collected: configs for `nginx -t`, and the files and names they need. */
interface Collected {
  readonly accepted: NginxTestCase[];
  readonly tlsDirs: Set<string>;
  readonly hosts: Record<string, string>;
  rejected: number;
}

/** A rejected config: a ConfigError whose every line has the standard shape, one naming the fuzzed field. */
function checkRejection(e: unknown, field: Field): void {
  expect(e).toBeInstanceOf(ConfigError);
  const problems = (e as ConfigError).problems;
  for (const line of problems) expect(line).toMatch(PROBLEM_LINE);
  expect(problems.some((line) => field.path.test(line))).toBe(true);
}

/**
 * An accepted config: printed text parses back to the model's tree, with known directives only (read by
 * the stand-in tokenizer of support/nginx-parse.ts; the real nginx checks the same texts afterwards).
 */
function checkAccepted(edge: EdgeConfig, clusterDomain: string, label: string, out: Collected): void {
  const { text, tree } = renderEdgeNginxConf(edge, { clusterDomain });
  const parsed = parseNginxConfig(text);
  expect(parsed).toEqual(normalizeTree(tree));
  for (const name of directiveNames(parsed)) expect(KNOWN_DIRECTIVES.has(name), `unknown directive ${name}`).toBe(true);
  for (const m of edgeSecretMounts(edge)) if (m.dir.startsWith("tls-")) out.tlsDirs.add(m.dir);
  for (const address of edge.resolver.addresses ?? []) {
    const host = address.replace(/:\d+$/, "");
    if (isIP(host) === 0 && !host.startsWith("[")) out.hosts[host] = "127.0.0.1";
  }
  out.accepted.push({ name: label, conf: text });
}

function runOne(values: FieldValues, field: Field, bad: string, out: Collected): void {
  let config;
  let edge;
  try {
    config = resolveConfig("dev", overlayFor({ ...values, [field.key]: bad }));
    edge = effectiveEdge(config);
  } catch (e) {
    checkRejection(e, field);
    out.rejected += 1;
    return;
  }
  checkAccepted(edge, config.platform.clusterDomain, `run ${out.accepted.length} (${field.key}=${JSON.stringify(bad)})`, out);
}

async function nginxAcceptsAll(out: Collected): Promise<void> {
  const { cert, key } = selfSignedCert(["edge.test"]);
  const secrets: Record<string, string> = {};
  for (const dir of out.tlsDirs) Object.assign(secrets, { [`${dir}/tls.crt`]: cert, [`${dir}/tls.key`]: key });
  const outcomes = await nginxTestMany(out.accepted, { secrets, hosts: out.hosts });
  const failed = [...outcomes].filter(([, o]) => !o.ok).map(([name, o]) => `${name}:\n${o.output}`);
  expect(failed).toEqual([]);
  expect(outcomes.size).toBe(out.accepted.length);
}

describe("config injection fuzz", () => {
  it("hostile values are rejected with a clear error, or render to a config nginx accepts with no injected directive", async () => {
    const valid = fc.record(
      Object.fromEntries(FIELDS.map((f) => [f.key, f.valid])) as { [K in keyof FieldValues]: fc.Arbitrary<string> },
    );
    const oneHostileField = fc
      .nat({ max: FIELDS.length - 1 })
      .chain((i) => fc.tuple(fc.constant(FIELDS[i]!), hostile(FIELDS[i]!.valid)));
    const out: Collected = { accepted: [], tlsDirs: new Set(), hosts: { ...CLUSTER_DNS_HOSTS }, rejected: 0 };
    fc.assert(
      fc.property(valid, oneHostileField, (values, [field, bad]) => runOne(values, field, bad, out)),
      { numRuns: RUNS },
    );
    // Both outcomes must occur, or the generators test nothing.
    expect(out.rejected).toBeGreaterThan(RUNS / 10);
    expect(out.accepted.length).toBeGreaterThan(RUNS / 20);
    await nginxAcceptsAll(out);
    console.log(
      `fuzz: ${RUNS} runs, ${out.rejected} rejected with a clear error, ${out.accepted.length} accepted and passed nginx -t`,
    );
  });
});
