import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

/**
 * TEST DOUBLE of the log store's OTLP/HTTP endpoint (Loki's image cannot run here): accepts OTLP JSON
 * log exports on /otlp/v1/logs and records each log record with its resource attributes. `failFirst`
 * answers the first N requests with 503, which the collector must retry.
 */
export interface ReceivedRecord {
  readonly body: string;
  readonly resource: Readonly<Record<string, string>>;
}

export interface OtlpReceiverDouble {
  readonly url: string;
  readonly records: ReceivedRecord[];
  readonly requests: { ok: number; refused: number; rejected: number };
  close(): Promise<void>;
}

type AnyValue = { stringValue?: string; intValue?: string };

export async function startOtlpReceiverDouble(options: { failFirst?: number } = {}): Promise<OtlpReceiverDouble> {
  const records: ReceivedRecord[] = [];
  const requests = { ok: 0, refused: 0, rejected: 0 };
  let toFail = options.failFirst ?? 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url !== "/otlp/v1/logs") {
        res.writeHead(404).end();
        return;
      }
      if (toFail > 0) {
        toFail--;
        requests.refused++;
        res.writeHead(503, { "content-type": "application/json" }).end("{}");
        return;
      }
      const raw = Buffer.concat(chunks);
      // The collector compresses with gzip by default (as it does towards Loki).
      const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
      const payload = JSON.parse(body.toString("utf8")) as {
        resourceLogs?: {
          resource?: { attributes?: { key: string; value: AnyValue }[] };
          scopeLogs?: { logRecords?: { body?: AnyValue }[] }[];
        }[];
      };
      for (const rl of payload.resourceLogs ?? []) {
        const resource = Object.fromEntries(
          (rl.resource?.attributes ?? []).map((a) => [a.key, a.value.stringValue ?? a.value.intValue ?? ""]),
        );
        for (const sl of rl.scopeLogs ?? [])
          for (const lr of sl.logRecords ?? []) records.push({ body: lr.body?.stringValue ?? "", resource });
      }
      // A record containing REJECT is refused as malformed: a permanent error the collector must not retry.
      if (records.some((r) => r.body.includes("REJECT"))) {
        records.splice(0, records.length, ...records.filter((r) => !r.body.includes("REJECT")));
        requests.rejected++;
        res.writeHead(400, { "content-type": "application/json" }).end("{}");
        return;
      }
      requests.ok++;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/otlp`,
    records,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
