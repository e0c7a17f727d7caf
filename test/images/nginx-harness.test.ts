/**
 * test/support/image-nginx.ts against the real images: `nginx -t` and a live nginx from
 * keelson/edge-nginx:dev and keelson/demo-backend:dev, mounted as in production, serving real
 * HTTP on 127.0.0.x.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freeTcpPort, requireExecutable } from "../support/dns-server";
import { ensureEdgeImage, ensureImage, listenAddresses, nginxTest, startNginx } from "../support/image-nginx";

const REPO = resolve(__dirname, "../..");
const EDGE_CONF = fs.readFileSync(join(REPO, "images/edge-nginx/nginx.conf"), "utf8");
const DEMO_CONF = fs.readFileSync(join(REPO, "images/demo-backend/nginx.conf"), "utf8");

let nextHost = 20 + (process.pid % 100);

interface At {
  readonly address: string;
  /** Replaces 8080 (traffic). */
  readonly port: number;
  /** Replaces 8081 (the edge's status port). */
  readonly statusPort: number;
}

/** Two free TCP ports on the next 127.0.0.x address. */
async function freeAddress(): Promise<At> {
  const address = `127.0.0.${nextHost++}`;
  const port = await freeTcpPort(address);
  let statusPort = await freeTcpPort(address);
  while (statusPort === port) statusPort = await freeTcpPort(address);
  return { address, port, statusPort };
}

/** `conf` with its `listen 8080` / `listen 8081` moved to the test's address and ports. */
const listenOn = (conf: string, a: At): string =>
  conf
    .replace(/listen\s+8080\b/, `listen ${a.address}:${a.port}`)
    .replace(/listen\s+8081\b/, `listen ${a.address}:${a.statusPort}`);

function selfSignedCert(): { crt: string; key: string } {
  const openssl = requireExecutable("openssl", "apt-get install -y openssl");
  const dir = fs.mkdtempSync(join(tmpdir(), "keelson-cert-"));
  try {
    const args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=edge.test"];
    execFileSync(openssl, [...args, "-keyout", join(dir, "k"), "-out", join(dir, "c")], { stdio: "pipe" });
    return { crt: fs.readFileSync(join(dir, "c"), "utf8"), key: fs.readFileSync(join(dir, "k"), "utf8") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const TLS_CONF = `pid /tmp/nginx.pid;
error_log stderr;
events {}
http {
  client_body_temp_path /tmp/client_temp;
  proxy_temp_path /tmp/proxy_temp;
  fastcgi_temp_path /tmp/fastcgi_temp;
  uwsgi_temp_path /tmp/uwsgi_temp;
  scgi_temp_path /tmp/scgi_temp;
  proxy_cache_path /var/cache/nginx/edge keys_zone=edge:1m;
  server {
    listen 127.0.0.1:18443 ssl;
    ssl_certificate /etc/nginx/tls/tls.crt;
    ssl_certificate_key /etc/nginx/tls/tls.key;
  }
}
`;

beforeAll(async () => {
  await Promise.all([ensureEdgeImage(), ensureImage("demo-backend")]);
}, 900_000);

describe("nginxTest", () => {
  it("passes the edge image's placeholder config", async () => {
    const res = await nginxTest(EDGE_CONF);
    expect(res.output).toContain("test is successful");
    expect(res.ok).toBe(true);
  });

  it("fails a broken config and reports nginx's message", async () => {
    const res = await nginxTest(EDGE_CONF.replace("worker_processes  1;", "worker_processes  1;\nno_such_directive on;"));
    expect(res.ok).toBe(false);
    expect(res.output).toContain('unknown directive "no_such_directive" in /etc/nginx/nginx.conf:5');
  });

  it("mounts extra files (relative keys under /etc/nginx) and loads them", async () => {
    const { crt, key } = selfSignedCert();
    const ok = await nginxTest(TLS_CONF, { "tls/tls.crt": crt, "tls/tls.key": key });
    expect(ok.output).toContain("test is successful");
    const missing = await nginxTest(TLS_CONF, { "/etc/nginx/tls/tls.crt": crt });
    expect(missing.ok).toBe(false);
    expect(missing.output).toContain('cannot load certificate key "/etc/nginx/tls/tls.key"');
  });

  it("rejects a files key that climbs out with '..'", async () => {
    await expect(nginxTest(EDGE_CONF, { "../x": "" })).rejects.toThrow(
      `nginx file "../x": 'files' key must be a path without '..', got "../x"`,
    );
  });
});

describe("startNginx", () => {
  it("serves the edge placeholder on 127.0.0.x and stops", async () => {
    const at = await freeAddress();
    const nginx = await startNginx(listenOn(EDGE_CONF, at));
    try {
      const health = await fetch(`http://${at.address}:${at.statusPort}/healthz`);
      expect([health.status, await health.text()]).toEqual([200, "ok\n"]);
      expect((await fetch(`http://${at.address}:${at.port}/`)).status).toBe(503);
      expect(nginx.pid).toBeGreaterThan(1);
    } finally {
      await nginx.stop();
    }
    await expect(fetch(`http://${at.address}:${at.statusPort}/healthz`)).rejects.toThrow();
    expect(fs.existsSync(nginx.dir)).toBe(false);
  });

  it("runs the demo backend's JSON echo, with access logs on stdout", async () => {
    const at = await freeAddress();
    const nginx = await startNginx(listenOn(DEMO_CONF, at), {}, { image: "demo-backend" });
    try {
      const base = `http://${at.address}:${at.port}`;
      const res = await fetch(`${base}/shop/cart`, { headers: { "X-Forwarded-For": "127.0.0.7" } });
      expect(res.headers.get("x-served-by")).toMatch(/\S/);
      const body = await res.json();
      expect(body).toMatchObject({ service: "keelson-demo-backend", method: "GET", path: "/shop/cart" });
      expect(body).toMatchObject({ host: `${at.address}:${at.port}`, x_forwarded_for: "127.0.0.7" });
      const odd = (await (await fetch(`${base}/a%22b`)).json()) as { path: string };
      expect(odd.path).toBe("(not echoed)");
      expect(nginx.accessLog()).toContain('"request":"GET /shop/cart HTTP/1.1","status":200');
    } finally {
      await nginx.stop();
    }
  });

  it("runs two instances side by side (each has its own /tmp)", async () => {
    const [a, b] = [await freeAddress(), await freeAddress()];
    const both = await Promise.all([startNginx(listenOn(EDGE_CONF, a)), startNginx(listenOn(EDGE_CONF, b))]);
    try {
      for (const at of [a, b]) expect((await fetch(`http://${at.address}:${at.statusPort}/healthz`)).status).toBe(200);
      expect(both[0].pid).not.toBe(both[1].pid);
    } finally {
      await Promise.all(both.map((n) => n.stop()));
    }
  });

  it("reports why nginx did not start, with its error log", async () => {
    const at = await freeAddress();
    const taken = createServer();
    await new Promise<void>((res) => taken.listen(at.port, at.address, res));
    try {
      await expect(startNginx(listenOn(EDGE_CONF, at))).rejects.toThrow(
        /nginx did not start: exited with code 1[\s\S]*bind\(\) to 127\.0\.0\.\d+:\d+ failed \(98: Address already in use\)/,
      );
    } finally {
      await new Promise((res) => taken.close(res));
    }
  });

  it("requires the pid file under /tmp, the emptyDir", async () => {
    await expect(startNginx(EDGE_CONF.replace("pid        /tmp/nginx.pid;", "pid /run/nginx.pid;"))).rejects.toThrow(
      "nginx config: 'pid' must be a file under /tmp (an emptyDir), got /run/nginx.pid",
    );
  });
});

describe("listenAddresses", () => {
  it.each([
    ["listen 8080;", [{ address: "127.0.0.1", port: 8080 }]],
    ["listen 127.0.0.5:8443 ssl;", [{ address: "127.0.0.5", port: 8443 }]],
    ["listen [::1]:80 default_server;", [{ address: "::1", port: 80 }]],
    [
      "listen *:81;\n  listen [::]:82;",
      [
        { address: "127.0.0.1", port: 81 },
        { address: "::1", port: 82 },
      ],
    ],
    ["listen 127.0.0.5:8443 quic reuseport;", []],
    ["listen unix:/tmp/nginx.sock;", []],
  ])("%s", (conf, expected) => {
    expect(listenAddresses(conf)).toEqual(expected);
  });
});
