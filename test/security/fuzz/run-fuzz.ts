import fc from "fast-check";
import { fuzzCase, type FuzzCase } from "./config-arbitrary";
import { realCheck, type CheckedConfig, type RealCheckReport } from "./real-checkers";
import { runCase } from "./verify-case";

export interface FuzzOptions {
  readonly runs: number;
  readonly seed: number;
  /** Accepted configs whose files go to the real checkers (nginx -t, CoreDNS, promtool, amtool). @default all */
  readonly realCheckLimit?: number;
  /** Called every `progressEvery` cases. */
  readonly onProgress?: (done: number, summary: FuzzSummary) => void;
  readonly progressEvery?: number;
}

export interface BrokenCase {
  readonly index: number;
  readonly fuzzCase: FuzzCase;
  readonly problems: readonly string[];
}

export interface FuzzSummary {
  readonly seed: number;
  runs: number;
  rejected: number;
  accepted: number;
  broken: BrokenCase[];
  /** Distinct files each real checker ran on. */
  realChecked: Record<string, number>;
  /** Rejections whose rule is a library default rather than a phrase that reads after "must be". */
  roughMessages: Set<string>;
}

const CHUNK = 250;

/** "'edge.x' must be Invalid input, got …": zod's own wording leaked into a message (readable, but not a rule). */
function roughRule(problem: string): string | undefined {
  const rule = / must be (.*?), got /.exec(problem)?.[1];
  return rule !== undefined && /^[A-Z]/.test(rule) ? rule : undefined;
}

type Pending = CheckedConfig & { index: number; fuzzCase: FuzzCase };

function emptySummary(seed: number): FuzzSummary {
  return { seed, runs: 0, rejected: 0, accepted: 0, broken: [], realChecked: {}, roughMessages: new Set() };
}

/** Counts one case's outcome; accepted configs go on the real-checker list (up to the limit). */
function record(summary: FuzzSummary, toCheck: Pending[], index: number, c: FuzzCase, limit: number): void {
  const outcome = runCase(c);
  summary.runs += 1;
  if (outcome.kind === "rejected") {
    summary.rejected += 1;
    for (const rough of outcome.problems.map(roughRule)) if (rough) summary.roughMessages.add(rough);
  } else if (outcome.kind === "broken") {
    summary.broken.push({ index, fuzzCase: c, problems: outcome.problems });
  } else {
    summary.accepted += 1;
    if (toCheck.length < limit)
      toCheck.push({ index, fuzzCase: c, label: `case ${index}`, config: outcome.config, files: outcome.files });
  }
}

/** Real-checker failures (each names its case, "case <n>: …") turn accepted cases into broken ones. */
function recordRealChecks(summary: FuzzSummary, toCheck: readonly Pending[], report: RealCheckReport): void {
  summary.realChecked = report.checked;
  const byCase = new Map<number, string[]>();
  for (const failure of report.failures) {
    const index = Number(/^case (\d+)/.exec(failure)?.[1] ?? -1);
    byCase.set(index, [...(byCase.get(index) ?? []), failure]);
  }
  for (const [index, problems] of byCase) {
    const item = toCheck.find((c) => c.index === index);
    if (item) summary.accepted -= 1;
    summary.broken.push({ index, fuzzCase: item?.fuzzCase ?? { profile: "dev", mode: "valid", input: null }, problems });
  }
}

/**
 * Generates `runs` configs (fast-check, seeded), runs every case through runCase, then the real checkers on
 * the accepted configs' files. A failure of a real checker makes its case broken.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const summary = emptySummary(options.seed);
  const toCheck: Pending[] = [];
  const arbitrary = fuzzCase();
  for (let start = 0; start < options.runs; start += CHUNK) {
    const cases = fc.sample(arbitrary, { numRuns: Math.min(CHUNK, options.runs - start), seed: options.seed + start });
    cases.forEach((c, i) => {
      record(summary, toCheck, start + i, c, options.realCheckLimit ?? Number.POSITIVE_INFINITY);
      if (options.onProgress && summary.runs % (options.progressEvery ?? 1000) === 0) options.onProgress(summary.runs, summary);
    });
  }
  recordRealChecks(summary, toCheck, await realCheck(toCheck));
  return summary;
}

/** The summary line the issue asks for. */
export function summaryLine(s: FuzzSummary): string {
  return `${s.runs} cases run, ${s.rejected} rejected with errors, ${s.accepted} accepted and verified, ${s.broken.length} broken`;
}

/** A broken case, readable: its profile, mode, input (truncated) and problems. */
export function showBroken(b: BrokenCase, maxInputChars = 2000): string {
  const input = JSON.stringify(b.fuzzCase.input) ?? String(b.fuzzCase.input);
  const shown = input.length > maxInputChars ? `${input.slice(0, maxInputChars)}…` : input;
  return [`case ${b.index} (${b.fuzzCase.profile}, ${b.fuzzCase.mode}): ${shown}`, ...b.problems.map((p) => `  - ${p}`)].join(
    "\n",
  );
}
