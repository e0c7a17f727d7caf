import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resolveConfig } from "../../infra/config";
import { collectorConfigText } from "../../infra/constructs/logging/log-collector";
import { renderCollectorConfig } from "../../infra/render/logging/render-collector";
import { printYaml, type YamlValue } from "../../infra/render/prometheus/print-yaml";
import { loggingRules } from "../../infra/render/prometheus/rules/logging";
import { builtTool, imageVersion, run } from "../render/prometheus/tools";
import { freeTcpPort } from "../support/free-port";
import { startOtlpReceiverDouble, type OtlpReceiverDouble } from "./otlp-receiver.double";

const otelcol = (): string =>
  builtTool("build-otelcol.sh", "otelcol-keelson", `otelcol-${imageVersion(resolveConfig("dev").logging.collector.image)}`);

const NODE_ENV = { K8S_NODE_NAME: "node-1" };

function validate(text: string): ReturnType<typeof run> {
  const dir = mkdtempSync(join(tmpdir(), "keelson-otelcol-"));
  writeFileSync(join(dir, "config.yaml"), text);
  // The pod gets K8S_NODE_NAME from the downward API; k8s_attributes' config validation reads it.
  return run(otelcol(), ["validate", `--config=${join(dir, "config.yaml")}`], undefined, NODE_ENV);
}

describe("log collector config, checked by the real OpenTelemetry Collector (otelcol validate)", () => {
  for (const profile of ["dev", "prod"] as const) {
    it(`${profile}: the rendered config validates and builds its pipeline`, () => {
      const result = validate(collectorConfigText(resolveConfig(profile)));
      expect(result.status, result.output).toBe(0);
    });
  }

  it("a misspelt key and an invalid operator are refused", () => {
    const model = parse(collectorConfigText(resolveConfig("dev")));
    model.exporters["otlp_http/loki"].sending_queue.blok_on_overflow = true;
    const misspelt = validate(printYaml(model as YamlValue));
    expect(misspelt.status).not.toBe(0);
    expect(misspelt.output).toMatch(/blok_on_overflow/);
    const model2 = parse(collectorConfigText(resolveConfig("dev")));
    model2.receivers.file_log.operators[0].format = "cri";
    const bad = validate(printYaml(model2 as YamlValue));
    expect(bad.status).not.toBe(0);
    expect(bad.output).toMatch(/format/);
  });

  it("expands ${...} and $$ inside config strings, which is why the schema refuses them in the multiline regex", () => {
    // The model is built past the schema on purpose: this is the input logging.collector.multilineFirstLine refuses.
    const collector = { ...resolveConfig("dev").logging.collector, multilineFirstLine: "^${env:KEELSON_PROBE} $$ end$" };
    const text = renderCollectorConfig({
      collector,
      lokiOtlpEndpoint: "http://127.0.0.1:1/otlp",
      metricsPort: 1,
      healthPort: 2,
      excludeGlobs: [],
    });
    const dir = mkdtempSync(join(tmpdir(), "keelson-otelcol-"));
    writeFileSync(join(dir, "config.yaml"), text);
    const printed = run(otelcol(), ["print-config", "--mode=unredacted", `--config=${join(dir, "config.yaml")}`], undefined, {
      ...NODE_ENV,
      KEELSON_PROBE: "expanded",
    });
    expect(printed.status, printed.output).toBe(0);
    expect(printed.output).toContain('is_first_entry: body matches "^expanded $ end$"');
  });
});

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The Accept header of a Prometheus 3 scrape with default scrape_protocols. */
const PROMETHEUS_ACCEPT =
  "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4," +
  "text/plain;version=1.0.0;escaping=underscores;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1";

/** One CRI line as the kubelet writes it. */
const cri = (stream: "stdout" | "stderr", tag: "P" | "F", text: string): string =>
  `2026-11-28T10:00:00.000000000Z ${stream} ${tag} ${text}\n`;

describe("the log collector, running for real on loopback against an OTLP receiver double", () => {
  const children: ChildProcess[] = [];
  const receivers: OtlpReceiverDouble[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill("SIGKILL");
    for (const r of receivers.splice(0)) await r.close();
  });

  it("joins CRI partial lines and stack traces, retries refused sends, keeps offsets across a restart, and exposes the metrics the alerts read", async () => {
    const root = mkdtempSync(join(tmpdir(), "keelson-otelcol-run-"));
    const podDir = join(root, "pods", "shop_web-7d9f_0b1c2d3e-aaaa-bbbb-cccc-111122223333", "web");
    mkdirSync(podDir, { recursive: true });
    const logFile = join(podDir, "0.log");
    writeFileSync(
      logFile,
      cri("stdout", "P", "one long line split by the kub") +
        cri("stdout", "F", "elet at 16 KiB") +
        cri("stderr", "F", "Exception in thread main") +
        cri("stderr", "F", "    at Foo.bar(Foo.java:1)") +
        cri("stderr", "F", "    at Main.main(Main.java:2)") +
        cri("stdout", "F", "next entry"),
    );
    const receiver = await startOtlpReceiverDouble({ failFirst: 2 });
    receivers.push(receiver);
    const [metricsPort, healthPort] = [await freeTcpPort("127.0.0.1"), await freeTcpPort("127.0.0.1")];
    const collector = { ...resolveConfig("dev").logging.collector, hostPath: join(root, "state") };
    mkdirSync(collector.hostPath, { recursive: true });
    const text = renderCollectorConfig({
      collector,
      lokiOtlpEndpoint: receiver.url,
      metricsPort,
      healthPort,
      logGlob: join(root, "pods", "*", "*", "*.log"),
      excludeGlobs: [],
      withoutKubernetesMetadata: true,
      encoding: "json",
    }).replace(/0\.0\.0\.0/g, "127.0.0.1");
    writeFileSync(join(root, "config.yaml"), text);
    let log = "";
    const start = (): ChildProcess => {
      const child = spawn(otelcol(), [`--config=${join(root, "config.yaml")}`], {
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, ...NODE_ENV },
      });
      child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
      children.push(child);
      return child;
    };

    let child = start();
    await waitFor("three records", () => receiver.records.length >= 3).catch((e: Error) => {
      throw new Error(`${e.message}; collector log:\n${log.slice(-3000)}`);
    });
    // Two queue consumers send concurrently (and a refused batch is retried), so arrival order is not line order.
    const bodies = receiver.records.map((r) => r.body).sort();
    expect(bodies).toEqual([
      "Exception in thread main\n    at Foo.bar(Foo.java:1)\n    at Main.main(Main.java:2)",
      "next entry",
      "one long line split by the kubelet at 16 KiB",
    ]);
    expect(receiver.requests.refused).toBe(2);
    expect(receiver.records.find((r) => r.body === "next entry")!.resource).toMatchObject({
      "k8s.namespace.name": "shop",
      "k8s.pod.name": "web-7d9f",
      "k8s.container.name": "web",
    });

    // Restart: only lines written after the stop are sent (offsets survived in file_storage).
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    appendFileSync(logFile, cri("stdout", "F", "after restart"));
    child = start();
    await waitFor("the line written during the restart", () => receiver.records.some((r) => r.body === "after restart"));
    await new Promise((r) => setTimeout(r, 2000));
    expect(receiver.records.map((r) => r.body).sort()).toEqual([...bodies, "after restart"].sort());

    // A permanent rejection is dropped (not retried) and counted; then every metric the alerts read is exposed
    // (enqueue_failed appears only when the queue refuses data, which block_on_overflow prevents).
    appendFileSync(logFile, cri("stdout", "F", "REJECT this record"));
    await waitFor("the rejection", () => receiver.requests.rejected > 0);
    const used = [...new Set(loggingRules.alerts.flatMap((a) => a.expr.match(/otelcol_[a-z_]+/g) ?? []))].sort();
    let metrics = "";
    await waitFor("the send failure metric", async () => {
      // Scraped with the Accept header of a Prometheus 3 scrape (OpenMetrics preferred).
      metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: { accept: PROMETHEUS_ACCEPT } })).text();
      return /^otelcol_exporter_send_failed_log_records\{[^}]*\} [1-9]/m.test(metrics);
    });
    const exposed = used.filter((name) => new RegExp(`^${name}\\{`, "m").test(metrics));
    expect(exposed).toEqual(used.filter((name) => name !== "otelcol_exporter_enqueue_failed_log_records"));
  });
});
