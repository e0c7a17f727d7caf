/**
 * The bad-input gate at full size: 10,000 random and adversarial PlatformConfig values (fast-check),
 * each rejected with field-named errors or synthesized into objects that pass schema validation, the
 * security rules and their real checkers (nginx -t, CoreDNS, promtool, amtool). See test/security/fuzz/.
 *
 *   npm run fuzz [-- --runs 10000 --seed 42 --real-check-limit 500 --report broken.json]
 *
 * Prints the summary line "N cases run, R rejected with errors, A accepted and verified, B broken" and
 * exits 1 when B > 0 (each broken case is printed with its input and problems).
 * Default seed: random (printed, so a run can be repeated with --seed).
 */
import { writeFileSync } from "node:fs";
import { runFuzz, showBroken, summaryLine, type FuzzSummary } from "../test/security/fuzz/run-fuzz";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`fuzz: '--${name}' must be a whole number, got ${JSON.stringify(process.argv[at + 1])}`);
    process.exit(2);
  }
  return value;
}

/** --report FILE: every broken case (input and problems) as JSON. */
function reportPath(): string | undefined {
  const at = process.argv.indexOf("--report");
  if (at < 0) return undefined;
  const path = process.argv[at + 1];
  if (path === undefined || path.startsWith("--")) {
    console.error(`fuzz: '--report' must be followed by a file path, got ${JSON.stringify(path ?? null)}`);
    process.exit(2);
  }
  return path;
}

/** Broken cases grouped by what broke: the first problem with its values and names blanked out. */
function brokenKinds(summary: FuzzSummary): [string, number][] {
  const kinds = new Map<string, number>();
  for (const b of summary.broken) {
    const kind = (b.problems[0] ?? "")
      .split("\n")[0]!
      .replace(/^case \d+: /, "")
      .replace(/, got .*$/, "")
      .replace(/'[^']*'/g, "'…'")
      .slice(0, 160);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return [...kinds.entries()].sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const runs = option("runs", 10_000);
  const seed = option("seed", Math.floor(Math.random() * 2 ** 31));
  const realCheckLimit = option("real-check-limit", Number.MAX_SAFE_INTEGER);
  const report = reportPath();
  const started = Date.now();
  console.log(`fuzz: ${runs} cases, seed ${seed}`);
  const summary = await runFuzz({
    runs,
    seed,
    realCheckLimit,
    progressEvery: 500,
    onProgress: (done, s) =>
      console.log(`fuzz: ${done}/${runs} (${s.rejected} rejected, ${s.accepted} accepted, ${s.broken.length} broken)`),
  });
  for (const b of summary.broken.slice(0, 20)) console.log(showBroken(b));
  if (summary.broken.length > 20) console.log(`… and ${summary.broken.length - 20} more broken cases`);
  for (const [kind, n] of brokenKinds(summary)) console.log(`fuzz: broken ${n}× ${kind}`);
  if (report) writeFileSync(report, JSON.stringify(summary.broken, null, 1));
  if (summary.roughMessages.size > 0)
    console.log(`note: rules worded by the validation library, not as a rule: ${[...summary.roughMessages].join("; ")}`);
  const checked = Object.entries(summary.realChecked)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  console.log(
    `fuzz: real checkers ran on distinct files: ${checked || "none"}; ${Math.round((Date.now() - started) / 1000)} s, seed ${seed}`,
  );
  console.log(`fuzz: ${summaryLine(summary)}`);
  process.exit(summary.broken.length > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
