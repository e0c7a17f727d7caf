import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Chart } from "cdk8s";
import { resolveConfig } from "../../infra/config";
import type { Addon } from "../../infra/charts";
import { namespacesAddon } from "../../infra/charts/namespaces-chart";
import { synthesizePlatform } from "../../infra/synth";

const TSX = join("node_modules", ".bin", "tsx");

function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(dir.length)] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

function synth(...args: string[]) {
  return spawnSync(TSX, ["infra/main.ts", ...args], { encoding: "utf8" });
}

describe("npm run synth", () => {
  it("is byte-identical for identical input", () => {
    const a = mkdtempSync(join(tmpdir(), "keelson-a-"));
    const b = mkdtempSync(join(tmpdir(), "keelson-b-"));
    expect(synth("--out", a).status).toBe(0);
    expect(synth("--out", b).status).toBe(0);
    expect(snapshotTree(a)).toEqual(snapshotTree(b));
    expect(Object.keys(snapshotTree(a))).toContain("/dev/kustomization.yaml");
  });

  it("fails on a bad config with every problem named and leaves the output untouched", () => {
    const out = mkdtempSync(join(tmpdir(), "keelson-out-"));
    cpSync("charts-out", out, { recursive: true });
    const before = snapshotTree(out);
    const config = join(mkdtempSync(join(tmpdir(), "keelson-cfg-")), "bad.yaml");
    writeFileSync(config, "platform:\n  nodeCount: 0\n  colour: blue\nedge:\n  enabled: 3\n");
    const result = synth("--config", config, "--out", out);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Keelson config is invalid (3 problems):");
    expect(result.stderr).toContain("'platform.nodeCount' must be >= 1, got 0");
    expect(result.stderr).toContain("'platform.colour' must be a known field (unknown key), got \"blue\"");
    expect(result.stderr).toContain("'edge.enabled' must be of type boolean, got 3");
    expect(snapshotTree(out)).toEqual(before);
  });

  it("takes a TypeScript config file and one profile, and prints a summary per chart", () => {
    const dir = mkdtempSync(join(process.cwd(), ".tmp-test-"));
    try {
      const config = join(dir, "keelson.config.ts");
      writeFileSync(
        config,
        `import { defineConfig } from "../infra/config";\nexport default defineConfig({ platform: { clusterDomain: "corp.example" } });\n`,
      );
      const out = join(dir, "out");
      const result = synth("--config", config, "--profile", "prod", "--out", out);
      expect(result.stderr).toBe("");
      expect(result.stdout).toMatch(/^prod\/namespaces: \d+ objects \(Namespace \d+, NetworkPolicy \d+\)$/m);
      expect(readdirSync(out)).toEqual(["prod"]);
    } finally {
      execFileSync("rm", ["-rf", dir]);
    }
  });

  it("rejects an unknown profile", () => {
    const result = synth("--profile", "staging", "--out", mkdtempSync(join(tmpdir(), "keelson-p-")));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`'--profile' must be one of dev, prod, got "staging"`);
  });
});

describe("synthesizePlatform", () => {
  const fakeAddon = (name: string, dependsOn: string[]): Addon => ({
    name,
    description: name,
    dependsOn,
    enabled: () => true,
    create: (scope) => new Chart(scope, name),
  });

  it("fails on a dependency cycle between two addons, naming both", () => {
    const addons = [namespacesAddon, fakeAddon("alpha", ["beta"]), fakeAddon("beta", ["alpha"])];
    expect(() => synthesizePlatform(resolveConfig("dev"), "dev", addons)).toThrow("Addon dependency cycle: alpha → beta → alpha");
  });

  it("drops dependencies on disabled addons but keeps the order of enabled ones", () => {
    const disabled: Addon = { ...fakeAddon("gone", []), enabled: () => false };
    const addons = [fakeAddon("late", ["early", "gone"]), namespacesAddon, fakeAddon("early", ["namespaces"]), disabled];
    const platform = synthesizePlatform(resolveConfig("dev"), "dev", addons);
    expect(platform.charts.map((c) => [c.name, c.dependsOn])).toEqual([
      ["namespaces", []],
      ["early", ["namespaces"]],
      ["late", ["early"]],
    ]);
  });
});
