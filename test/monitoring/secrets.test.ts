/* eslint-disable @typescript-eslint/no-explicit-any -- walks synthesized manifests and parsed YAML, whose shape the assertions check */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { synthesizeAllProfiles } from "../support/synth-both";

/**
 * The values an operator would put into the referenced Secrets. Keelson's config takes only references,
 * so none of these may appear anywhere in what Keelson writes.
 */
const TEST_SECRET_VALUES = {
  "alertmanager-webhook/url": "https://hooks.example.test/services/T0KEELSON/B0TEST/s3cr3t-webhook-token-7f3a",
  "alertmanager-slack/api-url": "https://hooks.slack.example.test/services/T0/B0/slack-secret-91c2",
  "grafana-admin/admin-password": "keelson-test-admin-password-5d1e",
};

const OVERLAY = {
  monitoring: {
    alertmanager: {
      receivers: [
        { name: "ops-webhook", webhook: { urlSecret: { name: "alertmanager-webhook", key: "url" } } },
        { name: "chat", slack: { apiUrlSecret: { name: "alertmanager-slack", key: "api-url" }, channel: "#alerts" } },
      ],
      defaultReceiver: "chat",
      routes: [{ matchers: { severity: "critical" }, receiver: "ops-webhook" }],
    },
  },
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("secrets are referenced, never rendered", () => {
  const platforms = synthesizeAllProfiles(OVERLAY);

  it("no test secret value appears in either profile's synthesized objects", () => {
    for (const platform of platforms) {
      const text = stringify(platform.charts.map((c) => c.objects));
      for (const value of Object.values(TEST_SECRET_VALUES)) expect(text).not.toContain(value);
    }
  });

  it("no test secret value appears in the committed charts-out/ tree", () => {
    const root = join(__dirname, "../../charts-out");
    const files = filesUnder(root);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const value of Object.values(TEST_SECRET_VALUES)) expect(text, file).not.toContain(value);
    }
  });

  it("Keelson creates no Secret objects: receivers and the Grafana admin are mounted from Secrets the operator creates", () => {
    for (const platform of platforms) {
      const objects = platform.charts.flatMap((c) => c.objects);
      expect(objects.filter((o) => o.kind === "Secret")).toEqual([]);
      const am = objects.find((o) => o.kind === "StatefulSet" && o.metadata.name === "alertmanager") as any;
      const secretNames = am.spec.template.spec.volumes.filter((v: any) => v.secret).map((v: any) => v.secret.secretName);
      expect(secretNames.sort()).toEqual(["alertmanager-slack", "alertmanager-webhook"]);
      const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "alertmanager-config") as any;
      expect(config.data["alertmanager.yml"]).toContain('url_file: "/etc/alertmanager/secrets/alertmanager-webhook/url"');
      expect(config.data["alertmanager.yml"]).toContain('api_url_file: "/etc/alertmanager/secrets/alertmanager-slack/api-url"');
      const grafana = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "grafana") as any;
      const env = grafana.spec.template.spec.containers[0].env as { name: string; value?: string }[];
      expect(env.find((e) => e.name === "GF_SECURITY_ADMIN_PASSWORD__FILE")?.value).toBe("/etc/grafana/admin/password");
      expect(env.some((e) => e.name === "GF_SECURITY_ADMIN_PASSWORD")).toBe(false);
      expect(grafana.spec.template.spec.volumes.find((v: any) => v.name === "admin").secret.secretName).toBe("grafana-admin");
    }
  });
});
