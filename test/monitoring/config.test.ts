import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "../../infra/config";

function problems(overlay: unknown): readonly string[] {
  try {
    resolveConfig("dev", overlay);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("monitoring and logging config cross-checks", () => {
  it("both profiles resolve", () => {
    expect(() => resolveConfig("dev")).not.toThrow();
    expect(() => resolveConfig("prod")).not.toThrow();
  });

  it("a Prometheus retention size that cannot fit the volume is an error on the size field", () => {
    expect(problems({ monitoring: { prometheus: { storageSizeGiB: 10, retention: { sizeGiB: 9 } } } })).toEqual([
      "'monitoring.prometheus.retention.sizeGiB' must be <= 8 (80% of storageSizeGiB 10; the rest is WAL and compaction head room), got 9",
    ]);
  });

  it("a retention time the retention size cannot hold is an error on the days field, with the largest that fits", () => {
    // 30000 series every 30 s = 1000 samples/s; 2 bytes each is 0.161 GiB/day: 6 days fit in 1 GiB, 7 do not.
    expect(problems({ monitoring: { prometheus: { retention: { days: 7, sizeGiB: 1 } } } })).toEqual([
      "'monitoring.prometheus.retention.days' must be <= 6 to fit retention.sizeGiB 1 (30000 series every 30s at 2 bytes/sample need 1.13 GiB), got 7",
    ]);
    expect(problems({ monitoring: { prometheus: { retention: { days: 6, sizeGiB: 1 } } } })).toEqual([]);
  });

  it("log retention without the compactor's retention or a delete-request store is an error on each field", () => {
    expect(problems({ logging: { store: { compactor: { retentionEnabled: false, deleteRequestStore: null } } } })).toEqual([
      "'logging.store.compactor.retentionEnabled' must be true when retentionDays is set (without it Loki keeps logs forever), got false",
      "'logging.store.compactor.deleteRequestStore' must be set when retentionDays is set (Loki refuses retention without a delete-request store), got null",
    ]);
    expect(
      problems({ logging: { store: { retentionDays: null, compactor: { retentionEnabled: false, deleteRequestStore: null } } } }),
    ).toEqual([]);
  });

  it("a log retention that cannot fit the log store volume is an error on retentionDays", () => {
    expect(problems({ logging: { store: { retentionDays: 9, expectedIngestMiBPerDay: 200, storageSizeGiB: 2 } } })).toEqual([
      "'logging.store.retentionDays' must be <= 8 to fit storageSizeGiB 2 (200 MiB/day for 9 days need 1800 MiB; 80% of the volume is usable), got 9",
    ]);
  });

  it("Alertmanager routes must name a configured receiver, and 'null' is reserved", () => {
    expect(
      problems({
        monitoring: {
          alertmanager: {
            receivers: [{ name: "null", webhook: { urlSecret: { name: "s", key: "url" } } }],
            routes: [{ matchers: { severity: "critical" }, receiver: "pager" }],
            defaultReceiver: "ops",
          },
        },
      }),
    ).toEqual([
      "'monitoring.alertmanager.receivers.0.name' must be a name other than 'null' (reserved), got \"null\"",
      "'monitoring.alertmanager.defaultReceiver' must be the name of a receiver (null), got \"ops\"",
      "'monitoring.alertmanager.routes.0.receiver' must be the name of a receiver (null), got \"pager\"",
    ]);
  });

  it("strings that reach config files are restricted: matchers, multiline regex, host paths", () => {
    expect(
      problems({
        monitoring: { alertmanager: { routes: [{ matchers: { severity: 'x"}' }, receiver: "null" }] } },
        logging: { collector: { multilineFirstLine: '^a" or true', hostPath: "/var/lib/../etc" } },
      }),
    ).toEqual([
      `'monitoring.alertmanager.routes.0.matchers.severity' must be a label value ([-a-zA-Z0-9_.:/ ]+), got "x\\"}"`,
      `'logging.collector.hostPath' must be a path without '..', got "/var/lib/../etc"`,
      `'logging.collector.multilineFirstLine' must be a regular expression without quotes, backticks or line breaks, got "^a\\" or true"`,
    ]);
  });

  it("the multiline regex may not hold what the collector expands in its config file (${...}, $$); a lone $ is fine", () => {
    const message = (regex: string) =>
      `'logging.collector.multilineFirstLine' must be a regular expression without '\${' or '$$' (the collector expands them), got ${JSON.stringify(regex)}`;
    for (const regex of ["^${env:K8S_NODE_NAME}", "^a$$"]) {
      expect(problems({ logging: { collector: { multilineFirstLine: regex } } })).toEqual([message(regex)]);
    }
    expect(problems({ logging: { collector: { multilineFirstLine: "^\\S.*$" } } })).toEqual([]);
  });

  it("the multiline regex is one RE2 accepts: no lookaround, no backreference", () => {
    const message = (regex: string) =>
      `'logging.collector.multilineFirstLine' must be a regular expression RE2 accepts (no lookaround or backreference), got ${JSON.stringify(regex)}`;
    for (const regex of ["^(?=\\d)", "^(?!\\s)", "(?<=x)y", "(?<!x)y", "^(a)\\1", "^(?<w>a)\\k<w>"]) {
      expect(problems({ logging: { collector: { multilineFirstLine: regex } } })).toEqual([message(regex)]);
    }
    expect(problems({ logging: { collector: { multilineFirstLine: "^(?:\\d{4})-(\\d+)[!=]?" } } })).toEqual([]);
  });
});
