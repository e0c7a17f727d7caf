import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { imageTag } from "../../../infra/config/common";
import { toolsDir } from "../../support/tools-dir";

/** Result of running a checker: exit status and everything it printed. */
export interface RunResult {
  readonly status: number;
  readonly output: string;
}

/** promtool from the Debian `prometheus` package; a test that needs it fails with the install command. */
export function promtoolPath(): string {
  const found = spawnSync("sh", ["-c", "command -v promtool"], { encoding: "utf8" });
  const path = found.stdout.trim();
  if (found.status !== 0 || path === "") throw new Error("promtool not found: install it with `apt-get install -y prometheus`");
  return path;
}

/** A binary built by scripts/tools/build-<name>.sh (cached outside the repo); fails with the build command when missing. */
export function builtTool(script: string, binary: string, dirName: string): string {
  const path = join(toolsDir(), dirName, "bin", binary);
  if (!existsSync(path)) throw new Error(`${binary} not found at ${path}: build it with \`bash scripts/tools/${script}\``);
  return path;
}

/** Runs a binary to completion; `env` adds to (never changes) this process's environment. */
export function run(binary: string, args: readonly string[], cwd?: string, env: Record<string, string> = {}): RunResult {
  const r = spawnSync(binary, args, { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, ...env } });
  return { status: r.status ?? -1, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** A fresh temporary directory with the given files written into it. */
export function tempDirWith(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), "keelson-mon-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export function promtoolVersion(): string {
  return execFileSync(promtoolPath(), ["--version"], { encoding: "utf8" }).split("\n")[0] ?? "";
}

/** The version in an image reference's tag, without a leading "v" (quay.io/prometheus/prometheus:v3.13.2 → 3.13.2). */
export function imageVersion(image: string): string {
  const tag = imageTag(image);
  if (tag === undefined) throw new Error(`image '${image}' must carry a version tag, got none`);
  return tag.replace(/^v/, "");
}
