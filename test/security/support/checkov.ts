import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./manifests";

export const CHECKOV_SCRIPT = join(REPO_ROOT, "scripts", "checkov.sh");
const INSTALL_HINT =
  "Checkov runs from a cached venv made by `scripts/checkov.sh --install-only` (needs python3 with venv " +
  "and PyPI; Debian: apt-get install -y python3 python3-venv)";

export interface CheckovResult {
  readonly check_id: string;
  readonly check_name: string;
  readonly resource: string;
  readonly file_path: string;
  readonly check_result: { readonly result: string; readonly suppress_comment?: string };
}

interface CheckovReport {
  readonly check_type: string;
  readonly results: {
    readonly passed_checks: CheckovResult[];
    readonly failed_checks: CheckovResult[];
    readonly skipped_checks: CheckovResult[];
    readonly parsing_errors: string[];
  };
  readonly summary: { passed: number; failed: number; skipped: number; parsing_errors: number; resource_count: number };
}

export interface CheckovRun {
  readonly exitCode: number;
  readonly output: string;
  readonly reports: CheckovReport[];
  readonly passed: CheckovResult[];
  readonly failed: CheckovResult[];
  readonly skipped: CheckovResult[];
  readonly parsingErrors: string[];
}

/** An empty scan writes a bare summary instead of a report; normalize it. */
function readReport(path: string): CheckovReport | undefined {
  if (!existsSync(path)) return undefined;
  const raw = JSON.parse(readFileSync(path, "utf8")) as Partial<CheckovReport> & { passed?: number };
  if (!raw.results) return undefined;
  return raw as CheckovReport;
}

/** Installs Checkov once (cached outside the repo); throws with the install command when that fails. */
export function ensureCheckov(): void {
  const result = spawnSync(CHECKOV_SCRIPT, ["--install-only"], { encoding: "utf8", timeout: 900_000 });
  if (result.status !== 0) throw new Error(`${INSTALL_HINT}\n${result.stderr}${result.stdout}`);
}

/** Runs scripts/checkov.sh (the same entry point CI uses) over the targets; default: all of charts-out/ and images/. */
export function runCheckov(targets: readonly string[] = []): CheckovRun {
  const dir = mkdtempSync(join(tmpdir(), "keelson-checkov-"));
  try {
    const result = spawnSync(CHECKOV_SCRIPT, [...targets], {
      encoding: "utf8",
      env: { ...process.env, CHECKOV_JSON_DIR: dir },
      timeout: 600_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status === 2 || result.status === null) {
      throw new Error(
        `scripts/checkov.sh could not run (${String(result.status ?? result.signal)}). ${INSTALL_HINT}\n${result.stderr}`,
      );
    }
    const reports = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .flatMap((f) => readReport(join(dir, f)) ?? []);
    const all = (key: "passed_checks" | "failed_checks" | "skipped_checks") => reports.flatMap((r) => r.results[key]);
    return {
      exitCode: result.status,
      output: `${result.stdout}${result.stderr}`,
      reports,
      passed: all("passed_checks"),
      failed: all("failed_checks"),
      skipped: all("skipped_checks"),
      parsingErrors: reports.flatMap((r) => r.results.parsing_errors),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function showCheckovResult(r: CheckovResult): string {
  return `${r.check_id} (${r.check_name}) on ${r.resource} in ${r.file_path}`;
}
