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
import { effectiveEdge } from "../../../infra/charts/edge-contributions";
import { edgeSecretMounts, renderEdgeNginxConf } from "../../../infra/render/nginx";
import { selfSignedCert } from "../../edge/support/certs";
import { RENDER_CASES, renderCase } from "./cases";
import { CLUSTER_DNS_HOSTS } from "./support/fixtures";
import { FIELDS, overlayFor, type FieldValues } from "./support/fuzz-fields";
import { nginxTestMany, type NginxTestCase } from "./support/nginx-batch";
import { parseNginxConfig, type ParsedDirective } from "./support/nginx-parse";
import { normalizeTree } from "./support/tree";

const RUNS = Number(process.env.KEELSON_FUZZ_RUNS ?? 150);

const INJECTIONS = [";", "{", "}", '"', "'", "\\", "$", "${host}", "$request_uri", "#", "\n", "\r\n", "\t", "\u0000", " ", "\u00a0", "\u202e", "é", "*", "~", "=", "/../", "", "}\n    server {\n        listen 9999;\n    }\n    #", "; include /etc/passwd;", '\\"; return 200 owned;#'];

function hostile(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const inject = fc.constantFrom(...INJECTIONS);
  return fc.oneof(
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

describe("config injection fuzz", () => {
  it("hostile values are rejected with a clear error, or render to a config nginx accepts with no injected directive", async () => {
    const valid = fc.record(Object.fromEntries(FIELDS.map((f) => [f.key, f.valid])) as { [K in keyof FieldValues]: fc.Arbitrary<string> });
    const fieldIndex = fc.nat({ max: FIELDS.length - 1 });
    const accepted: NginxTestCase[] = [];
    const tlsDirs = new Set<string>();
    const hosts: Record<string, string> = { ...CLUSTER_DNS_HOSTS };
    let rejected = 0;
    const property = fc.property(valid, fieldIndex.chain((i) => fc.tuple(fc.constant(i), hostile(FIELDS[i]!.valid))), (values, [i, bad]) => {
      const field = FIELDS[i]!;
      const overlay = overlayFor({ ...values, [field.key]: bad });
      let edge;
      let clusterDomain;
      try {
        const config = resolveConfig("dev", overlay);
        edge = effectiveEdge(config);
        clusterDomain = config.platform.clusterDomain;
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        const problems = (e as ConfigError).problems;
        for (const line of problems) expect(line).toMatch(PROBLEM_LINE);
        expect(problems.some((line) => field.path.test(line))).toBe(true);
        rejected += 1;
        return;
      }
      const { text, tree } = renderEdgeNginxConf(edge, { clusterDomain });
      const parsed = parseNginxConfig(text);
      expect(parsed).toEqual(normalizeTree(tree));
      for (const name of directiveNames(parsed)) expect(KNOWN_DIRECTIVES.has(name), `unknown directive ${name}`).toBe(true);
      for (const m of edgeSecretMounts(edge)) if (m.dir.startsWith("tls-")) tlsDirs.add(m.dir);
      for (const address of edge.resolver.addresses ?? []) {
        const host = address.replace(/:\d+$/, "");
        if (isIP(host) === 0 && !host.startsWith("[")) hosts[host] = "127.0.0.1";
      }
      accepted.push({ name: `run ${accepted.length} (${field.key}=${JSON.stringify(bad)})`, conf: text });
    });
    fc.assert(property, { numRuns: RUNS });
    // Both outcomes must occur, or the generators test nothing.
    expect(rejected).toBeGreaterThan(RUNS / 10);
    expect(accepted.length).toBeGreaterThan(RUNS / 20);

    const { cert, key } = selfSignedCert(["edge.test"]);
    const secrets = Object.fromEntries([...tlsDirs].flatMap((dir) => [[`${dir}/tls.crt`, cert], [`${dir}/tls.key`, key]]));
    const outcomes = await nginxTestMany(accepted, { secrets, hosts });
    const failed = [...outcomes].filter(([, o]) => !o.ok).map(([name, o]) => `${name}:\n${o.output}`);
    expect(failed).toEqual([]);
    expect(outcomes.size).toBe(accepted.length);
    console.log(`fuzz: ${RUNS} runs, ${rejected} rejected with a clear error, ${accepted.length} accepted and passed nginx -t`);
  });
});
