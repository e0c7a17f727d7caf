import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "../../infra/config";
import { longestCronIntervalSeconds } from "../../infra/config/cron";
import { etcdBackupMaxAgeSeconds } from "../../infra/config/etcd-backup";
import { find, platformObjects } from "../network/objects";
import { robfigLongestIntervals } from "./cron-oracle";

const HOUR = 3600;
const DAY = 86400;

/** [schedule, longest gap in seconds or undefined for a schedule the CronJob controller cannot run, why]. */
const TABLE: readonly [string, number | undefined, string][] = [
  ["17 */6 * * *", 6 * HOUR, "the default: every six hours"],
  ["* * * * *", 60, "every minute"],
  ["0 1,2 * * *", 23 * HOUR, "from 02:00 to the next day's 01:00"],
  ["0 0 * * 1", 7 * DAY, "weekly"],
  ["0 0 29 2 *", 1461 * DAY, "leap days: four years (no century year is skipped in 2001-2057)"],
  ["0 0 31 * *", 61 * DAY, "the 31st: from 31 August to 31 October"],
  ["0 0 13 * 5", 7 * DAY, "the 13th or a Friday: both day fields restricted, either matches"],
  ["0 0 13 * */2", 2 * DAY, "`*/2` is not a star: the 13th or Sunday, Tuesday, Thursday, Saturday"],
  ["0 0 * * */1", DAY, "`*/1` is a star: every day"],
  ["5/15 * * * *", 15 * 60, "`n/step` runs to the field's maximum: 5, 20, 35, 50"],
  ["0 0 30 2 *", undefined, "30 February never comes"],
  ["60 * * * *", undefined, "minute out of range"],
  ["0 0 * * 7", undefined, "day of week is 0-6"],
  ["*/0 * * * *", undefined, "step 0"],
  ["0 5-1 * * *", undefined, "reversed range"],
];

const oracleSays = (value: number | undefined): string[] =>
  value === undefined ? ["invalid", "never"] : [String(value), `capped ${value}`];

describe("cron schedules: the longest gap between two runs", () => {
  it.each(TABLE)("%s → %s s (%s)", (schedule, expected) => {
    expect(longestCronIntervalSeconds(schedule)).toBe(expected);
  });

  it("agrees with the CronJob controller's parser (robfig/cron v3, real) on the table", () => {
    const oracle = robfigLongestIntervals(TABLE.map(([s]) => s));
    TABLE.forEach(([schedule, expected], i) => expect(oracleSays(expected), schedule).toContain(oracle[i]));
  });

  it("agrees with robfig/cron on random schedules, valid and invalid (fast-check, seeded)", () => {
    const int = (min: number, max: number): fc.Arbitrary<string> => fc.integer({ min, max }).map(String);
    const range = (min: number, max: number): fc.Arbitrary<string> =>
      fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
    const part = (min: number, max: number): fc.Arbitrary<string> =>
      fc.oneof(
        { arbitrary: fc.constant("*"), weight: 3 },
        { arbitrary: int(min, max), weight: 3 },
        { arbitrary: range(min, max), weight: 2 },
        {
          arbitrary: fc.tuple(fc.constantFrom("*", String(min), String(max >> 1)), int(1, 8)).map(([a, s]) => `${a}/${s}`),
          weight: 2,
        },
        { arbitrary: fc.tuple(range(min, max), int(1, 5)).map(([r, s]) => `${r}/${s}`), weight: 1 },
        // What the controller rejects: out of range, reversed, step 0.
        { arbitrary: fc.constantFrom(String(max + 1), `${max}-${min}`, "*/0"), weight: 1 },
      );
    const field = (min: number, max: number): fc.Arbitrary<string> =>
      fc.array(part(min, max), { minLength: 1, maxLength: 3 }).map((p) => p.join(","));
    // At most six runs a day keep the oracle's walk over 56 years short (the table covers denser ones);
    // the day fields, where the semantics are subtle, get the full generator.
    const hour = fc.oneof(
      int(0, 23),
      fc.tuple(int(0, 23), int(0, 23)).map(([a, b]) => `${a},${b}`),
      fc.integer({ min: 0, max: 20 }).map((a) => `${a}-${a + 3}`),
      fc.constantFrom("*/4", "*/6", "*/12", "1/5", "24"),
    );
    const schedule = fc.tuple(int(0, 59), hour, field(1, 31), field(1, 12), field(0, 6)).map((fields) => fields.join(" "));
    const schedules = fc.sample(schedule, { numRuns: 200, seed: 42 });
    const oracle = robfigLongestIntervals(schedules);
    schedules.forEach((s, i) => expect(oracleSays(longestCronIntervalSeconds(s)), s).toContain(oracle[i]));
    // The sample exercises both sides.
    const count = (test: (o: string) => boolean): number => oracle.filter(test).length;
    expect(count((o) => o === "invalid")).toBeGreaterThan(20);
    expect(count((o) => /^\d+$/.test(o))).toBeGreaterThan(50);
  });
});

describe("etcdBackup.schedule", () => {
  const problems = (schedule: string): readonly string[] => {
    try {
      resolveConfig("dev", { platform: { clusterType: "self-managed" }, etcdBackup: { enabled: true, schedule } });
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };
  const RULE =
    "a cron schedule of five fields like '0 */6 * * *' that runs (minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-6)";

  it("refuses a schedule the controller would reject or never run, naming the field", () => {
    expect(problems("0 0 30 2 *")).toEqual([`'etcdBackup.schedule' must be ${RULE}, got "0 0 30 2 *"`]);
    expect(problems("99 * * * *")).toEqual([`'etcdBackup.schedule' must be ${RULE}, got "99 * * * *"`]);
    expect(problems("@daily")).toEqual([`'etcdBackup.schedule' must be ${RULE}, got "@daily"`]);
    expect(problems("0 3 * * 1")).toEqual([]);
  });

  it("the alert threshold is twice the longest gap plus the synthesized CronJob's start and run deadlines", () => {
    for (const schedule of ["17 */6 * * *", "0 3 * * 1"]) {
      const overlay = { platform: { clusterType: "self-managed" as const }, etcdBackup: { enabled: true, schedule } };
      const cron = find(platformObjects("dev", overlay, "etcd-backup"), "CronJob", "etcd-backup", "kube-system");
      const [gap] = robfigLongestIntervals([schedule]);
      const deadlines = cron.spec.startingDeadlineSeconds + cron.spec.jobTemplate.spec.activeDeadlineSeconds;
      expect(etcdBackupMaxAgeSeconds({ schedule }), schedule).toBe(2 * Number(gap) + deadlines);
    }
  });
});
