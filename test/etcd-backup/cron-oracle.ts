/**
 * The CronJob controller's own schedule parser as an oracle for infra/config/cron.ts:
 * test/etcd-backup/cron-oracle/main.go on github.com/robfig/cron/v3 v3.0.1 (the version kubernetes
 * v1.36.2's go.mod pins; kube-controller-manager and the API server's CronJob validation call its
 * `ParseStandard`). Built with the Go toolchain from the module cache or the Go module proxy, cached
 * outside the repo under ${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}/cron-oracle-<source hash>/bin.
 */
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { join } from "node:path";
import { toolsDir } from "../support/tools-dir";

const SOURCE = join(__dirname, "cron-oracle");

function binaryPath(): string {
  const hash = createHash("sha256");
  for (const file of ["go.mod", "go.sum", "main.go"]) hash.update(readFileSync(join(SOURCE, file)));
  return join(toolsDir(), `cron-oracle-${hash.digest("hex").slice(0, 12)}`, "bin", "cron-oracle");
}

/** The oracle's path; builds it when missing (seconds). Fails with the install command when Go is missing. */
function ensureCronOracle(): string {
  const bin = binaryPath();
  try {
    accessSync(bin, constants.X_OK);
    return bin;
  } catch {
    if (spawnSync("go", ["version"]).status !== 0)
      throw new Error("go not found: install Go >= 1.22 (`apt-get install -y golang-go`) to build the cron oracle");
    const env = { ...process.env, GOTOOLCHAIN: "local", CGO_ENABLED: "0", GOFLAGS: "-buildvcs=false" };
    const res = spawnSync("go", ["build", "-trimpath", "-o", bin, "."], { cwd: SOURCE, env, encoding: "utf8" });
    if (res.status !== 0) throw new Error(`go build of the cron oracle failed:\n${res.stderr}`);
    return bin;
  }
}

/** What robfig/cron says of each schedule: "invalid", "never", or the longest gap in seconds (2001-2057, UTC). */
export function robfigLongestIntervals(schedules: readonly string[], maxRuns = 1_000_000): string[] {
  const res = spawnSync(ensureCronOracle(), [`-max-runs=${maxRuns}`], {
    input: schedules.map((s) => `${s}\n`).join(""),
    encoding: "utf8",
    timeout: 120_000,
  });
  if (res.status !== 0) throw new Error(`cron oracle failed: ${res.stderr}`);
  const lines = res.stdout.trimEnd().split("\n");
  if (lines.length !== schedules.length) throw new Error(`cron oracle answered ${lines.length} of ${schedules.length} schedules`);
  return lines;
}
