import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resolveConfig } from "../../infra/config";
import { referencedSecrets, renderAlertmanagerConfig, secretFilePath } from "../../infra/render/alertmanager/render-alertmanager";
import { builtTool, imageVersion, run } from "../render/prometheus/tools";

/** amtool at the Alertmanager image's version (Debian's 0.25 predates `url_file`). */
const amtool = (): string =>
  builtTool("build-amtool.sh", "amtool", `amtool-${imageVersion(resolveConfig("dev").monitoring.alertmanager.image)}`);

const RECEIVERS = {
  monitoring: {
    alertmanager: {
      receivers: [
        { name: "ops-webhook", webhook: { urlSecret: { name: "alertmanager-webhook", key: "url" } } },
        { name: "chat", slack: { apiUrlSecret: { name: "alertmanager-slack", key: "api-url" }, channel: "#alerts" } },
      ],
      defaultReceiver: "chat",
      routes: [{ matchers: { severity: "critical" }, receiver: "ops-webhook", continue: true }],
    },
  },
};

/** Renders alertmanager.yml with its secrets directory pointed at real files, as the mounted Secrets would be. */
function checkConfig(overlay: unknown, profile: "dev" | "prod" = "dev"): ReturnType<typeof run> & { text: string } {
  const settings = resolveConfig(profile, overlay).monitoring.alertmanager;
  const dir = mkdtempSync(join(tmpdir(), "keelson-am-"));
  for (const ref of referencedSecrets(settings)) {
    const file = secretFilePath(ref, join(dir, "secrets"));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, "https://hooks.example.test/token\n");
  }
  const text = renderAlertmanagerConfig(settings, join(dir, "secrets"));
  writeFileSync(join(dir, "alertmanager.yml"), text);
  return { ...run(amtool(), ["check-config", join(dir, "alertmanager.yml")]), text };
}

describe("Alertmanager config, checked by amtool", () => {
  it.each(["dev", "prod"] as const)("%s profile: the default config (no receivers, the null receiver) passes", (profile) => {
    const result = checkConfig({}, profile);
    expect(result.output).toContain("SUCCESS");
    expect(result.status, result.output).toBe(0);
  });

  it("receivers by Secret reference, routes, grouping and inhibitions pass", () => {
    const result = checkConfig(RECEIVERS);
    expect(result.status, result.output).toBe(0);
    const model = parse(result.text);
    expect(model.route.routes).toEqual([{ matchers: ['severity="critical"'], receiver: "ops-webhook", continue: true }]);
    expect(model.inhibit_rules[0]).toEqual({
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity="warning"'],
      equal: ["alertname", "namespace"],
    });
    expect(model.receivers.map((r: { name: string }) => r.name)).toEqual(["null", "ops-webhook", "chat"]);
  });

  it("a route to an unknown receiver fails amtool (the schema refuses it earlier; here the model is forced)", () => {
    const settings = resolveConfig("dev", RECEIVERS).monitoring.alertmanager;
    const dir = mkdtempSync(join(tmpdir(), "keelson-am-"));
    const text = renderAlertmanagerConfig({ ...settings, receivers: [], defaultReceiver: "null" }, join(dir, "secrets"));
    writeFileSync(join(dir, "alertmanager.yml"), text);
    const result = run(amtool(), ["check-config", join(dir, "alertmanager.yml")]);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/undefined receiver "ops-webhook"/);
  });
});
