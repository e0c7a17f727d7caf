/**
 * Request limits and access control, live: body size, rate limits (default 429 and a configured
 * status), slow-client timeouts, IP allow-lists and basic auth from a mounted htpasswd Secret.
 */
import { execFileSync } from "node:child_process";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackends, type Backend } from "./support/backends";
import { get } from "./support/client";
import { podAddresses, serviceName, startLiveEdge, type LiveEdge } from "./support/live-edge";

let edge: LiveEdge;
let backends: Backend[];

function htpasswd(user: string, password: string): string {
  try {
    const hash = execFileSync("openssl", ["passwd", "-apr1", password], { encoding: "utf8" }).trim();
    return `${user}:${hash}\n`;
  } catch (e) {
    throw new Error(`openssl failed: install it with \`apt-get install -y openssl\` (${String(e)})`);
  }
}

beforeAll(async () => {
  const pods = await podAddresses(1);
  backends = await startBackends(pods.addresses, pods.port);
  const route = (path: string, extra: Record<string, unknown> = {}) => ({ path, upstream: "app", ...extra });
  edge = await startLiveEdge({
    edge: {
      clientLimits: { headerTimeoutSeconds: 1, maxBodySizeMiB: 1 },
      rateLimits: { tight: { requestsPerSecond: 2 }, shed: { requestsPerSecond: 2, status: 503 } },
      upstreams: { app: { service: { name: "app", namespace: "test", port: pods.port } } },
      defaultVirtualHost: {
        routes: {
          upload: route("/upload", { maxBodySizeMiB: 2 }),
          limited: route("/limited", { rateLimit: { zone: "tight", burst: 3 } }),
          shed: route("/shed", { rateLimit: { zone: "shed", burst: 0 } }),
          internal: route("/internal", { allow: ["127.0.0.2/32"] }),
          admin: route("/admin", { basicAuth: { secret: { name: "admin-users", key: "auth" }, realm: "Keelson test" } }),
          app: route("/"),
        },
      },
    },
    records: { [serviceName("app")]: pods.addresses },
    // The htpasswd Secret, where the pod mounts it.
    files: { "/etc/nginx/secrets/auth-default-admin/htpasswd": htpasswd("ops", "s3cret") },
  });
});

afterAll(async () => {
  await edge.stop();
  await Promise.all(backends.map((b) => b.kill()));
});

const body = (mib: number): Buffer => Buffer.alloc(mib * 1024 * 1024 - 1024, "x");

describe("limits and access control", () => {
  it("rejects a body over the limit with 413 and passes one under it", async () => {
    expect((await get(edge.url("/"), { method: "POST", body: body(2) })).status).toBe(413);
    expect((await get(edge.url("/"), { method: "POST", body: body(1) })).status).toBe(200);
    // A route may raise it.
    expect((await get(edge.url("/upload"), { method: "POST", body: body(2) })).status).toBe(200);
    expect((await get(edge.url("/upload"), { method: "POST", body: body(3) })).status).toBe(413);
  });

  it("answers 429 once a client exceeds the rate and burst", async () => {
    const statuses = await Promise.all(Array.from({ length: 12 }, () => get(edge.url("/limited")).then((r) => r.status)));
    // One request at the rate plus a burst of 3 (nodelay): the rest are rejected at once.
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(8);
  });

  it("answers with the configured status (503) for a zone that sets one", async () => {
    const statuses = await Promise.all(Array.from({ length: 5 }, () => get(edge.url("/shed")).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 503)).toHaveLength(4);
  });

  it("closes a connection whose headers do not arrive within the header timeout", async () => {
    const started = Date.now();
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: edge.address, port: edge.ports.http }, () =>
        socket.write("GET / HTTP/1.1\r\nHost: slow\r\n"),
      );
      let data = "";
      socket.on("data", (d) => (data += d.toString()));
      socket.on("close", () => resolve(data));
      socket.on("error", () => undefined);
      setTimeout(() => socket.destroy(), 8000);
    });
    const elapsed = Date.now() - started;
    expect(outcome).toBe(""); // nginx drops it (408 is never sent to a client that is this slow)
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5000);
  });

  it("allows only the listed client addresses on an allow-listed route", async () => {
    expect((await get(edge.url("/internal"), { localAddress: "127.0.0.2" })).status).toBe(200);
    expect((await get(edge.url("/internal"), { localAddress: "127.0.0.3" })).status).toBe(403);
  });

  it("asks for basic auth and accepts the user from the mounted htpasswd Secret", async () => {
    const anonymous = await get(edge.url("/admin"));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers["www-authenticate"]).toBe('Basic realm="Keelson test"');
    const basic = (user: string, password: string) => ({
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
    });
    expect((await get(edge.url("/admin"), { headers: basic("ops", "wrong") })).status).toBe(401);
    expect((await get(edge.url("/admin"), { headers: basic("ops", "s3cret") })).status).toBe(200);
  });
});
