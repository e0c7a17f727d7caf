import { describe, expect, it } from "vitest";
import { runFuzz, showBroken, summaryLine, type FuzzSummary } from "./fuzz/run-fuzz";

/**
 * The repository-wide property (issue 8): a random or adversarial PlatformConfig is either rejected with
 * field-named errors, or synthesizes objects that pass schema validation, the security rules and their
 * real checkers, with no directive or key the model did not put there. `npm run fuzz` runs 10,000 cases;
 * here a few hundred (KEELSON_PROPERTY_RUNS, KEELSON_PROPERTY_SEED), the first accepted ones through the
 * real checkers (KEELSON_PROPERTY_REAL_CHECKS).
 */
const RUNS = Number(process.env.KEELSON_PROPERTY_RUNS ?? 300);
const SEED = Number(process.env.KEELSON_PROPERTY_SEED ?? 20261128);
const REAL_CHECKS = Number(process.env.KEELSON_PROPERTY_REAL_CHECKS ?? 20);

describe("hostile and careless configs", () => {
  let summary: FuzzSummary;

  it(`are rejected with field-named errors or produce verified artifacts (${RUNS} cases, seed ${SEED})`, async () => {
    summary = await runFuzz({ runs: RUNS, seed: SEED, realCheckLimit: REAL_CHECKS });
    console.log(`property: ${summaryLine(summary)}; real checkers: ${JSON.stringify(summary.realChecked)}`);
    expect(summary.broken.map((b) => showBroken(b, 600))).toEqual([]);
    expect(summary.runs).toBe(RUNS);
  });

  it("exercise both outcomes and every real checker (or the generators test nothing)", () => {
    expect(summary.rejected).toBeGreaterThan(RUNS / 10);
    expect(summary.accepted).toBeGreaterThan(RUNS / 10);
    for (const checker of ["nginx", "corefile", "prometheusConfig", "prometheusRules", "alertmanagerConfig"]) {
      expect(summary.realChecked[checker] ?? 0, checker).toBeGreaterThan(0);
    }
  });
});
