/* eslint-disable @typescript-eslint/no-explicit-any -- walks synthesized manifests and parsed YAML, whose shape the assertions check */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resolveConfig, type PlatformConfig } from "../../../infra/config";
import { prometheusFiles } from "../../../infra/constructs/monitoring/prometheus";
import { printYaml, type YamlValue } from "../../../infra/render/prometheus/print-yaml";
import { builtTool, imageVersion, run } from "./tools";

/** promtool of the server's release (3.13.2), with Kubernetes discovery: Debian's promtool 2.42 has none. */
const promtool = (): string =>
  builtTool("build-promtool.sh", "promtool", `promtool-${imageVersion(resolveConfig("dev").monitoring.prometheus.image)}`);

const CASES: Record<string, PlatformConfig> = {
  dev: resolveConfig("dev"),
  prod: resolveConfig("prod"),
  "prod, self-managed, kubelets with self-signed certificates": resolveConfig("prod", {
    platform: { clusterType: "self-managed" },
    monitoring: { kubeletInsecureTLS: true },
  }),
};

/** Writes prometheus.yml and its rule file with the service-account files it references, then runs promtool. */
function check(config: PlatformConfig, mutate?: (model: any) => void, rulesText?: string): ReturnType<typeof run> {
  const dir = mkdtempSync(join(tmpdir(), "keelson-prom-"));
  const sa = join(dir, "serviceaccount");
  const rules = join(dir, "rules");
  mkdirSync(sa);
  mkdirSync(rules);
  writeFileSync(join(sa, "ca.crt"), "");
  writeFileSync(join(sa, "token"), "token");
  const files = prometheusFiles(config, { serviceAccountDir: sa, rulesDir: rules });
  writeFileSync(join(rules, "keelson.yaml"), rulesText ?? files.rules);
  let text = files.config;
  if (mutate) {
    const model = parse(text);
    mutate(model);
    text = printYaml(model as YamlValue);
  }
  writeFileSync(join(dir, "prometheus.yml"), text);
  return run(promtool(), ["check", "config", join(dir, "prometheus.yml")]);
}

describe("prometheus.yml, checked by promtool check config (3.13.2)", () => {
  for (const [name, config] of Object.entries(CASES)) {
    it(`${name}: the config and its rule file pass`, () => {
      const result = check(config);
      expect(result.status, result.output).toBe(0);
      expect(result.output).toMatch(/SUCCESS: 1 rule files found/);
    });
  }

  it("a broken relabel regex and an unknown field are refused", () => {
    const badRegex = check(CASES.dev!, (m) => (m.scrape_configs[0].relabel_configs[0].regex = "edge-(nginx"));
    expect(badRegex.status).not.toBe(0);
    expect(badRegex.output).toMatch(/error parsing regexp/);
    const unknown = check(CASES.dev!, (m) => (m.global.scrape_intervall = "30s"));
    expect(unknown.status).not.toBe(0);
    expect(unknown.output).toMatch(/scrape_intervall/);
  });

  it("a broken rule expression in the rule file fails the config check too", () => {
    const broken = "groups:\n  - name: broken\n    rules:\n      - alert: Broken\n        expr: 'sum(rate(up[5m]) >'\n";
    const result = check(CASES.dev!, undefined, broken);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/parse error/);
  });
});
