/** scripts/cluster deletes its state dir on down/up: only a dir it made itself, never a mistyped path. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const DOWN = join(__dirname, "..", "..", "scripts", "cluster", "down.sh");

function down(stateDir: string): { status: number; output: string } {
  const r = spawnSync("bash", [DOWN], { encoding: "utf8", env: { ...process.env, KEELSON_CLUSTER_DIR: stateDir } });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

describe("cluster state dir", () => {
  it("refuses / and $HOME", () => {
    expect(down("/")).toMatchObject({ status: 2, output: expect.stringContaining("must not be / or $HOME") });
    expect(down(process.env.HOME ?? "/root").status).toBe(2);
  });

  it("keeps a non-empty dir that up.sh did not mark", () => {
    const dir = mkdtempSync(join(tmpdir(), "keelson-not-state-"));
    writeFileSync(join(dir, "precious"), "x");
    const r = down(dir);
    expect(r.status, r.output).toBe(2);
    expect(r.output).toContain("was not created by scripts/cluster/up.sh: not deleting it");
    expect(existsSync(join(dir, "precious"))).toBe(true);
  });

  it("removes a dir up.sh marked", () => {
    const dir = mkdtempSync(join(tmpdir(), "keelson-state-"));
    mkdirSync(join(dir, "pids"));
    writeFileSync(join(dir, ".keelson-cluster-state"), "");
    const r = down(dir);
    expect(r.status, r.output).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });
});
