/**
 * TLS, redirects, WebSocket upgrades, gzip, the health endpoint and stub_status, live on the edge
 * image's nginx with rendered configs (self-signed certificates made by openssl, mounted where the pod
 * mounts the TLS Secrets).
 */
import { connect as tlsConnect } from "node:tls";
import { connect } from "node:net";
import { request as httpsRequest } from "node:https";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackends, type Backend } from "./support/backends";
import { selfSignedCert } from "./support/certs";
import { get, type Reply } from "./support/client";
import { podAddresses, serviceName, startLiveEdge, type LiveEdge } from "./support/live-edge";

const TEXT = "Keelson edge gzip check. ".repeat(200);
let edge: LiveEdge;
let backends: Backend[];
const defaultCert = selfSignedCert(["edge.test"]);
const shopCert = selfSignedCert(["shop.test"]);

beforeAll(async () => {
  const pods = await podAddresses(1);
  backends = await startBackends(pods.addresses, pods.port, (req, res, b) => {
    req.resume();
    res.setHeader("x-backend", b.address);
    res.setHeader("content-type", "text/plain");
    res.end(req.url === "/text" ? TEXT : `ok ${req.url} upgrade=${req.headers.upgrade ?? "none"}\n`);
  });
  const app = { path: "/", upstream: "app" };
  const ws = { path: "/ws", upstream: "app", websocket: true };
  edge = await startLiveEdge({
    edge: {
      upstreams: { app: { service: { name: "app", namespace: "test", port: pods.port } } },
      defaultVirtualHost: { tls: { secretName: "edge-tls" }, routes: { app, ws } },
      virtualHosts: {
        shop: { serverNames: ["shop.test"], tls: { secretName: "shop-tls" }, redirectHttpToHttps: false, routes: { app, ws } },
      },
    },
    records: { [serviceName("app")]: pods.addresses },
    files: {
      "/etc/nginx/secrets/tls-default/tls.crt": defaultCert.cert,
      "/etc/nginx/secrets/tls-default/tls.key": defaultCert.key,
      "/etc/nginx/secrets/tls-shop/tls.crt": shopCert.cert,
      "/etc/nginx/secrets/tls-shop/tls.key": shopCert.key,
    },
  });
});

afterAll(async () => {
  await edge.stop();
  await Promise.all(backends.map((b) => b.kill()));
});

function https(path: string, servername: string, ca: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: edge.address,
        port: edge.ports.https,
        path,
        servername,
        ca,
        headers: { host: servername, ...headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("TLS and redirects", () => {
  it("serves HTTPS with the mounted certificate, verified by the client, with HSTS", async () => {
    const reply = await https("/hello", "edge.test", defaultCert.cert);
    expect(reply.status).toBe(200);
    expect(reply.body.toString()).toContain("ok /hello");
    expect(reply.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  });

  it("redirects plain HTTP to HTTPS with 308, keeping host and path", async () => {
    const reply = await get(edge.url("/some/path?q=1"), { headers: { host: "edge.test" } });
    expect(reply.status).toBe(308);
    expect(reply.headers.location).toBe("https://edge.test/some/path?q=1");
  });

  it("picks the named virtual host's certificate by SNI and serves it on plain HTTP too when asked", async () => {
    const reply = await https("/", "shop.test", shopCert.cert);
    expect(reply.status).toBe(200);
    const plain = await get(edge.url("/"), { headers: { host: "shop.test" } });
    expect(plain.status).toBe(200);
  });

  it("negotiates HTTP/2 over TLS (ALPN)", async () => {
    const protocol = await new Promise<string | false>((resolve, reject) => {
      const socket = tlsConnect(
        {
          host: edge.address,
          port: edge.ports.https,
          servername: "edge.test",
          ca: defaultCert.cert,
          ALPNProtocols: ["h2", "http/1.1"],
        },
        () => {
          resolve(socket.alpnProtocol ?? false);
          socket.destroy();
        },
      );
      socket.on("error", reject);
    });
    expect(protocol).toBe("h2");
  });
});

describe("protocol features", () => {
  it("passes a WebSocket upgrade through and tunnels bytes both ways", async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: edge.address, port: edge.ports.http }, () => {
        socket.write(
          [
            "GET /ws HTTP/1.1",
            "Host: shop.test",
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Version: 13",
            "",
            "",
          ].join("\r\n"),
        );
      });
      let data = "";
      socket.on("data", (d) => {
        data += d.toString();
        if (data.includes("\r\n\r\n") && !data.includes("echo")) socket.write("ping");
        if (data.includes("echo")) {
          socket.destroy();
          resolve(data);
        }
      });
      socket.on("error", reject);
      setTimeout(() => reject(new Error(`no echo; got ${JSON.stringify(data)}`)), 5000);
    });
    expect(text).toMatch(/^HTTP\/1\.1 101 /);
    expect(text).toContain("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    expect(text).toMatch(/echo from [\d.]+: ping$/);
  });

  it("does not pass Upgrade on routes without websocket (keepalive Connection stays empty)", async () => {
    const reply = await get(edge.url("/"), { headers: { host: "shop.test", upgrade: "websocket", connection: "Upgrade" } });
    expect(reply.status).toBe(200);
    expect(reply.body.toString()).toContain("upgrade=none");
  });

  it("compresses text with gzip for clients that accept it, and only for them", async () => {
    const zipped = await get(edge.url("/text"), { headers: { host: "shop.test", "accept-encoding": "gzip" } });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toBe("Accept-Encoding");
    expect(gunzipSync(zipped.body).toString()).toBe(TEXT);
    expect(zipped.body.length).toBeLessThan(TEXT.length / 4);
    const plain = await get(edge.url("/text"), { headers: { host: "shop.test" } });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(TEXT);
  });

  it("hides the nginx version and sends the security headers", async () => {
    const reply = await get(edge.url("/"), { headers: { host: "shop.test" } });
    expect(reply.headers.server).toBe("nginx");
    expect(reply.headers["x-content-type-options"]).toBe("nosniff");
    expect(reply.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(reply.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("logs every request as one JSON object on stdout", async () => {
    await get(edge.url("/logged?x=1"), { headers: { host: "shop.test", "user-agent": 'quote" and \\ backslash' } });
    await new Promise((r) => setTimeout(r, 200));
    const lines = edge.nginx.accessLog().trim().split("\n");
    const entry = JSON.parse(lines.find((l) => l.includes("/logged?x=1"))!);
    expect(entry).toMatchObject({
      method: "GET",
      uri: "/logged?x=1",
      host: "shop.test",
      status: "200",
      user_agent: 'quote" and \\ backslash',
    });
    expect(entry.upstream_addr).toMatch(/^127\.0\.0\.\d+:\d+$/);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it("answers the health endpoint on the status port, and stub_status only over loopback 127.0.0.1", async () => {
    const status = (path: string) => `http://${edge.address}:${edge.ports.status}${path}`;
    const health = await get(status("/healthz"));
    expect([health.status, health.body.toString()]).toEqual([200, "ok"]);
    const stub = await get(status("/stub_status"), { localAddress: "127.0.0.1" });
    expect(stub.status).toBe(200);
    expect(stub.body.toString()).toMatch(/^Active connections: \d+/);
    expect((await get(status("/stub_status"), { localAddress: "127.0.0.2" })).status).toBe(403);
  });
});
