/**
 * The program as `pulumi up` loads it: through @pulumi/pulumi's own Node.js entry (cmd/run), which compiles
 * TypeScript with ts-node (its dependency, 10.9.x; a vendored 7.0.1 only when none is installed) and the
 * project's typescript + tsconfig.json, and finds the entry
 * in package.json "main". The engine is a double (pulumi.runtime.setMocks); the real engine runs in the
 * e2e bench. The first run type-checks the whole program as `pulumi up` does by default (about 25 s on a
 * loaded 2-core machine); the others use PULUMI_NODEJS_TRANSPILE_ONLY=true (about 8 s).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../infra/config";
import { synthesizePlatform } from "../../infra/synth";
import { secretsConfigFor } from "./support/run-program";

const ROOT = join(__dirname, "../..");

function runUnderPulumi(
  stackConfig: Record<string, string>,
  typeCheck = false,
): { status: number | null; stdout: string; stderr: string } {
  const script = join(__dirname, "support/pulumi-run-double.js");
  const env = { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: typeCheck ? "false" : "true" };
  const config = { ...secretsConfigFor(synthesizePlatform(resolveConfig("prod"), "prod")), ...stackConfig };
  const secretKeys = Object.keys(config).filter((k) => k === "keelson:secrets");
  const args = [script, ROOT, JSON.stringify(config), JSON.stringify(secretKeys)];
  const result = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 240_000, env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the program under Pulumi's Node.js runtime (ts-node; engine double)", () => {
  it("type-checks, runs and exports the deployed charts in dependency order", () => {
    const run = runUnderPulumi({ "keelson:profile": "prod", "keelson:buildImages": "false" }, true);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    const { outputs, registrations } = JSON.parse(run.stdout) as {
      outputs: { charts: string[] };
      registrations: { type: string; name: string }[];
    };
    const charts = synthesizePlatform(resolveConfig("prod"), "prod").charts.map((c) => c.name);
    expect(outputs.charts).toEqual(charts);
    expect(registrations.filter((r) => r.type === "keelson:deploy:KeelsonRelease").map((r) => r.name)).toEqual(charts);
  });

  it("reads a TypeScript platform config file (needs infra/synth/config-file.ts to import a path, not a file: URL)", () => {
    const run = runUnderPulumi({
      "keelson:buildImages": "false",
      "keelson:configFile": "test/deploy/fixtures/keelson.config.ts",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("fails with the stack config problems when the config is invalid", () => {
    const run = runUnderPulumi({ "keelson:profile": "staging" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(
      `Stack config is invalid (1 problem):\n  - 'keelson:profile' must be one of "dev", "prod", got "staging"`,
    );
  });
});
