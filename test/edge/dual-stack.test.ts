/**
 * `edge.dualStack`, live on the edge image's nginx: every listener answers on IPv6 too (here [::1], in
 * the pod [::]), proxying to the same upstream; without the switch nothing listens on IPv6.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackends, type Backend } from "./support/backends";
import { get } from "./support/client";
import { podAddresses, serviceName, startLiveEdge, type LiveEdge } from "./support/live-edge";

let backends: Backend[];
let dualStack: LiveEdge;
let ipv4Only: LiveEdge;

function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host, port }, () => void (sock.destroy(), resolve(false)));
    sock.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });
}

beforeAll(async () => {
  const pods = await podAddresses(1);
  backends = await startBackends(pods.addresses, pods.port, (req, res) => {
    req.resume();
    res.end(`backend saw ${req.url}\n`);
  });
  const edge = (dual: boolean) =>
    startLiveEdge({
      edge: {
        dualStack: dual,
        upstreams: { app: { service: { name: "app", namespace: "test", port: pods.port } } },
        defaultVirtualHost: { routes: { app: { path: "/", upstream: "app" } } },
      },
      records: { [serviceName("app")]: pods.addresses },
    });
  dualStack = await edge(true);
  ipv4Only = await edge(false);
});

afterAll(async () => {
  await Promise.all([dualStack?.stop(), ipv4Only?.stop()]);
  await Promise.all((backends ?? []).map((b) => b.kill()));
});

describe("edge.dualStack (live)", () => {
  it("proxies the same route over IPv4 and IPv6", async () => {
    const v4 = await get(dualStack.url("/hello"));
    const v6 = await get(`http://[::1]:${dualStack.ports.http}/hello`);
    expect([v4.status, v4.body.toString()]).toEqual([200, "backend saw /hello\n"]);
    expect([v6.status, v6.body.toString()]).toEqual([200, "backend saw /hello\n"]);
  });

  it("serves the health endpoint and stub_status (allowed from ::1) on IPv6", async () => {
    const health = await get(`http://[::1]:${dualStack.ports.status}/healthz`);
    expect([health.status, health.body.toString()]).toEqual([200, "ok"]);
    const status = await get(`http://[::1]:${dualStack.ports.status}/stub_status`);
    expect(status.status).toBe(200);
    expect(status.body.toString()).toMatch(/^Active connections: \d+/);
  });

  it("listens on IPv4 only without the switch", async () => {
    expect((await get(ipv4Only.url("/hello"))).status).toBe(200);
    expect(await refused("::1", ipv4Only.ports.http)).toBe(true);
    expect(await refused("::1", ipv4Only.ports.status)).toBe(true);
  });
});
