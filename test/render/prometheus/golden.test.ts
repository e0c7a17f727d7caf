import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectGolden } from "./golden";
import { resolveConfig } from "../../../infra/config";
import { grafanaFiles } from "../../../infra/constructs/monitoring/grafana";
import { prometheusFiles } from "../../../infra/constructs/monitoring/prometheus";
import { renderAlertmanagerConfig } from "../../../infra/render/alertmanager/render-alertmanager";

const GOLDEN = join(__dirname, "golden");

describe("monitoring renderers, golden files (dev profile)", () => {
  const config = resolveConfig("dev");
  it("prometheus.yml", () => expectGolden(GOLDEN, "prometheus.yml", prometheusFiles(config).config));
  it("rule file", () => expectGolden(GOLDEN, "rules.yaml", prometheusFiles(config).rules));
  it("alertmanager.yml", () =>
    expectGolden(GOLDEN, "alertmanager.yml", renderAlertmanagerConfig(config.monitoring.alertmanager)));
  it("Grafana datasources", () => expectGolden(GOLDEN, "grafana-datasources.yaml", grafanaFiles(config).datasources));
  it("Grafana cluster dashboard", () =>
    expectGolden(GOLDEN, "keelson-cluster.json", grafanaFiles(config).dashboards["keelson-cluster.json"]!));
  it("rendering twice gives the same bytes", () => {
    expect(prometheusFiles(resolveConfig("prod")).config).toBe(prometheusFiles(resolveConfig("prod")).config);
  });
});
