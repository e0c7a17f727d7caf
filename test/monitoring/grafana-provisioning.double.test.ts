/**
 * TEST DOUBLE: no Grafana binary can run here (no registry, no Go module we may build for it), so the
 * provisioning files are checked structurally against Grafana's documented provisioning format
 * (https://grafana.com/docs/grafana/latest/administration/provisioning/) and the dashboards' JSON model.
 * The dashboards' PromQL is checked by the real promtool (as recording-rule expressions).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- walks synthesized manifests and parsed YAML, whose shape the assertions check */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { resolveConfig } from "../../infra/config";
import { grafanaFiles } from "../../infra/constructs/monitoring/grafana";
import { printYaml } from "../../infra/render/prometheus/print-yaml";
import { promtoolPath, run, tempDirWith } from "../render/prometheus/tools";

const datasourcesSchema = z.strictObject({
  apiVersion: z.literal(1),
  datasources: z.array(
    z.strictObject({
      name: z.string().min(1),
      type: z.enum(["prometheus", "loki"]),
      uid: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/),
      access: z.literal("proxy"),
      url: z.string().url(),
      isDefault: z.boolean(),
      editable: z.boolean(),
    }),
  ),
});

const providersSchema = z.strictObject({
  apiVersion: z.literal(1),
  providers: z.array(
    z.strictObject({
      name: z.string(),
      folder: z.string(),
      type: z.literal("file"),
      disableDeletion: z.boolean(),
      allowUiUpdates: z.boolean(),
      updateIntervalSeconds: z.number().int().positive(),
      options: z.strictObject({ path: z.string().startsWith("/"), foldersFromFilesStructure: z.boolean() }),
    }),
  ),
});

const panelSchema = z.object({
  id: z.number().int().positive(),
  type: z.enum(["timeseries", "stat", "logs"]),
  title: z.string().min(1),
  gridPos: z.object({
    x: z.number().int().min(0),
    y: z.number().int().min(0),
    w: z.number().int().min(1).max(24),
    h: z.number().int().min(1),
  }),
  datasource: z.object({ type: z.string(), uid: z.string() }),
  targets: z
    .array(z.object({ refId: z.string(), expr: z.string().min(1), datasource: z.object({ type: z.string(), uid: z.string() }) }))
    .min(1),
});
const dashboardSchema = z.object({
  uid: z.string().regex(/^[a-z0-9-]{1,40}$/),
  title: z.string(),
  schemaVersion: z.number(),
  panels: z.array(panelSchema).min(1),
});

describe.each(["dev", "prod"] as const)("Grafana provisioning (%s), checked by a double", (profile) => {
  const config = resolveConfig(profile);
  const files = grafanaFiles(config);

  it("datasources and the dashboard provider match Grafana's provisioning format", () => {
    const ds = datasourcesSchema.parse(parse(files.datasources));
    expect(ds.datasources.map((d) => d.uid).sort()).toEqual(["loki", "prometheus"]);
    expect(ds.datasources.filter((d) => d.isDefault)).toHaveLength(1);
    providersSchema.parse(parse(files.provider));
  });

  it("dashboards cover cluster, nodes, workloads, edge, DNS and logs, and only use provisioned datasources", () => {
    const uids = new Set(datasourcesSchema.parse(parse(files.datasources)).datasources.map((d) => d.uid));
    const dashboards = Object.values(files.dashboards).map((text) => dashboardSchema.parse(JSON.parse(text)));
    expect(dashboards.map((d) => d.uid).sort()).toEqual([
      "keelson-cluster",
      "keelson-dns",
      "keelson-edge",
      "keelson-logs",
      "keelson-nodes",
      "keelson-workloads",
    ]);
    for (const d of dashboards) {
      const ids = d.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of d.panels) {
        expect(p.gridPos.x + p.gridPos.w, `${d.uid}/${p.title}`).toBeLessThanOrEqual(24);
        expect(uids.has(p.datasource.uid), `${d.uid}/${p.title}`).toBe(true);
      }
    }
  });

  it("every Prometheus query of every dashboard parses (promtool)", () => {
    const exprs = Object.values(files.dashboards)
      .flatMap((text) => JSON.parse(text).panels)
      .filter((p: any) => p.datasource.type === "prometheus")
      .flatMap((p: any) => p.targets.map((t: any) => t.expr as string));
    const rules = printYaml({
      groups: [{ name: "dashboards", rules: exprs.map((expr, i) => ({ record: `dashboard:query_${i}`, expr })) }],
    });
    const result = run(promtoolPath(), ["check", "rules", "rules.yaml"], tempDirWith({ "rules.yaml": rules }));
    expect(result.status, result.output).toBe(0);
  });
});
