import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig, type PlatformConfigInput } from "../../../infra/config";
import {
  directive,
  printCorefile,
  renderClusterCorefile,
  renderNodeLocalCorefile,
  type Corefile,
} from "../../../infra/render/corefile";

const GOLDEN_DIR = join(__dirname, "golden");

/** Compares with golden/<name>; UPDATE_GOLDEN=1 rewrites it. */
function expectGolden(name: string, text: string): void {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, "utf8"));
}

const FULL: PlatformConfigInput = {
  dns: {
    upstream: { servers: ["10.0.0.2", "[fd00::53]:53"], policy: "sequential", maxConcurrent: 500 },
    stubDomains: [{ zone: "corp.example", servers: ["10.1.0.53", "10.1.0.54:5353"] }],
    hosts: [{ ip: "10.0.0.10", names: ["gateway.corp.example", "gw.corp.example"] }],
    hostsTtlSeconds: 120,
    rewrites: [{ match: "exact", from: "db.old.example", to: "db.corp.example" }],
    cache: {
      successTtlSeconds: 60,
      denialTtlSeconds: 10,
      prefetch: { amount: 5, durationSeconds: 60, percentage: 20 },
      serveStale: { durationSeconds: 3600, refreshMode: "verify" },
    },
    kubernetes: { podsMode: "verified", ttlSeconds: 5 },
    reloadSeconds: 10,
    lameduckSeconds: 10,
    queryLog: true,
    loadbalance: false,
  },
};

const CASES: readonly { name: string; profile: "dev" | "prod"; overlay: PlatformConfigInput }[] = [
  { name: "default-dev", profile: "dev", overlay: {} },
  { name: "full-prod", profile: "prod", overlay: FULL },
  {
    name: "custom-domain-no-reload-no-loop",
    profile: "dev",
    overlay: { platform: { clusterDomain: "k8s.corp" }, dns: { reloadSeconds: null, loop: false } },
  },
];

describe("Corefile rendering (golden files)", () => {
  for (const c of CASES) {
    it(`renders the cluster and NodeLocal Corefiles for ${c.name}`, () => {
      const config = resolveConfig(c.profile, c.overlay);
      expectGolden(`${c.name}.Corefile`, renderClusterCorefile(config.dns, config.platform.clusterDomain));
      expectGolden(`${c.name}.node-local.Corefile`, renderNodeLocalCorefile(config.dns, config.platform.clusterDomain));
    });
  }

  it("puts every configured piece into the Corefile (behaviour, not just bytes)", () => {
    const config = resolveConfig("prod", FULL);
    const text = renderClusterCorefile(config.dns, config.platform.clusterDomain);
    expect(text).toContain(
      "    forward . 10.0.0.2 [fd00::53]:53 {\n        max_concurrent 500\n        policy sequential\n    }",
    );
    expect(text).toContain("corp.example:1053 {");
    expect(text).toContain("    forward . 10.1.0.53 10.1.0.54:5353 {");
    expect(text).toContain("        10.0.0.10 gateway.corp.example gw.corp.example\n        ttl 120");
    expect(text).toContain("    rewrite name exact db.old.example db.corp.example answer auto");
    expect(text).toContain("        prefetch 5 60s 20%\n        serve_stale 3600s verify");
    expect(text).toContain("        pods verified");
    expect(text).toContain("    reload 10s 5s");
    expect(text).not.toContain("loadbalance");
    expect(text.match(/^\s+log$/gm)).toHaveLength(2); // root and stub server blocks
  });
});

function problems(corefile: Corefile): readonly string[] {
  try {
    printCorefile(corefile);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const one = (...directives: Corefile["servers"][number]["directives"]): Corefile => ({
  servers: [{ zones: ["."], port: 53, directives }],
});

describe("Corefile printer refuses anything the Corefile lexer would interpret", () => {
  const TOKEN_RULE = "a Corefile token (letters, digits and . _ : / @ * + = , % - [ ])";
  const table: readonly [string, string][] = [
    ["a space (two tokens)", "10.0.0.1 evil"],
    ["a newline (a new directive)", "10.0.0.1\n}\nevil.example {"],
    ["a block opener", "{"],
    ["a block closer", "}"],
    ["an environment placeholder", "{$HOME}"],
    ["a quote", '"quoted"'],
    ["a comment", "#x"],
    ["an empty token", ""],
  ];
  for (const [what, token] of table) {
    it(`rejects ${what}`, () => {
      expect(problems(one(directive("forward", [".", token])))).toEqual([
        `'servers.0.directives.0.args.1' must be ${TOKEN_RULE}, got ${JSON.stringify(token)}`,
      ]);
    });
  }

  it("rejects `import` and non-identifier plugin names, and reports every problem at once", () => {
    expect(
      problems({ servers: [{ zones: ["a b"], port: 0, directives: [directive("import", ["x"]), directive("Bad-Name")] }] }),
    ).toEqual([
      `'servers.0.zones.0' must be ${TOKEN_RULE}, got "a b"`,
      "'servers.0.port' must be a port (1-65535), got 0",
      "'servers.0.directives.0.name' must be a plugin name ([a-z][a-z0-9_]*, not 'import'), got \"import\"",
      "'servers.0.directives.1.name' must be a plugin name ([a-z][a-z0-9_]*, not 'import'), got \"Bad-Name\"",
    ]);
  });

  it("checks tokens inside nested blocks too", () => {
    expect(problems(one(directive("hosts", ["/dev/null"], [directive("10.0.0.1", ["ok.example", "bad name"])])))).toEqual([
      `'servers.0.directives.0.block.0.args.1' must be ${TOKEN_RULE}, got "bad name"`,
    ]);
  });

  it("prints nested blocks with four-space indentation and one blank line between server blocks", () => {
    const text = printCorefile({
      servers: [
        { zones: ["."], port: 53, directives: [directive("cache", [], [directive("success", [10, 20])])] },
        { zones: ["a.example", "b.example"], port: 5353, directives: [directive("errors")] },
      ],
    });
    expect(text).toBe(".:53 {\n    cache {\n        success 10 20\n    }\n}\n\na.example:5353 b.example:5353 {\n    errors\n}\n");
  });
});
