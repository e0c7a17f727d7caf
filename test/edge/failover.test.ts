/**
 * Pod churn behind a headless Service, live: the edge image's nginx resolves the Service name with a
 * real DNS server (dnsmasq) and balances over the pod addresses itself.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startBackends, type Backend } from "./support/backends";
import { distribution, get, loadRun } from "./support/client";
import { podAddresses, serviceName, startLiveEdge, type LiveEdge } from "./support/live-edge";

let edge: LiveEdge | undefined;
let backends: Backend[] = [];

afterEach(async () => {
  await edge?.stop();
  await Promise.all(backends.map((b) => b.kill()));
  edge = undefined;
  backends = [];
});

async function setup(podCount: number, records: (addresses: string[]) => string[]) {
  const pods = await podAddresses(podCount);
  backends = await startBackends(pods.addresses, pods.port);
  edge = await startLiveEdge({
    edge: {
      upstreams: { app: { service: { name: "app", namespace: "test", port: pods.port } } },
      defaultVirtualHost: { routes: { app: { path: "/", upstream: "app" } } },
    },
    records: { [serviceName("app")]: records(pods.addresses) },
  });
  return { pods, edge };
}

const workerPids = (e: LiveEdge): string[] => [...e.nginx.errorLog().matchAll(/start worker process (\d+)/g)].map((m) => m[1]!);

describe("upstream failover and discovery", () => {
  it("retries a failed request on another server for GET, never for POST", async () => {
    const pods = await podAddresses(2);
    const [flaky, healthy] = pods.addresses as [string, string];
    backends = await startBackends(pods.addresses, pods.port, (req, res, b) => {
      // The flaky server drops the connection without answering, as a crashing process would.
      if (b.address === flaky) return void req.socket.destroy();
      req.resume();
      res.setHeader("x-backend", b.address);
      res.end("ok\n");
    });
    edge = await startLiveEdge({
      edge: {
        // maxFails 0: no failure accounting, so round robin keeps offering the flaky server.
        upstreams: { app: { servers: pods.addresses.map((a) => ({ address: `${a}:${pods.port}` })), maxFails: 0 } },
        defaultVirtualHost: { routes: { app: { path: "/", upstream: "app" } } },
      },
    });
    const gets = await Promise.all([1, 2, 3, 4].map(() => get(edge!.url("/"))));
    expect(gets.map((r) => [r.status, r.headers["x-backend"]])).toEqual(Array(4).fill([200, healthy]));
    const posts = [];
    for (let i = 0; i < 4; i++) posts.push((await get(edge.url("/"), { method: "POST", body: "x" })).status);
    // Round robin alternates: the POSTs that met the flaky server failed; none was sent twice.
    expect(posts.filter((s) => s === 502)).toHaveLength(2);
    expect(posts.filter((s) => s === 200)).toHaveLength(2);
  });

  it("killing one of three pods during a load run fails no client request", async () => {
    const { pods, edge } = await setup(3, (a) => a);
    const victim = backends[1]!;
    const run = await loadRun({
      url: edge.url("/"),
      concurrency: 8,
      durationMs: 4000,
      during: { atMs: 1500, action: () => victim.kill() },
    });
    expect(run.failures).toEqual({});
    expect(run.ok).toBeGreaterThan(500);
    // Every pod served before the kill; the survivors carried the rest.
    expect(Object.keys(run.byBackend).sort()).toEqual([...pods.addresses].sort());
    expect(run.byBackend[pods.addresses[1]!]!).toBeLessThan(run.byBackend[pods.addresses[0]!]!);
  });

  it("adding and removing an address in DNS moves traffic within the resolver's validity, without a reload", async () => {
    const { pods, edge } = await setup(3, (a) => a.slice(0, 2));
    const [a, b, c] = pods.addresses as [string, string, string];
    expect(await distribution(edge.url("/"), 20)).toEqual({ [a]: 10, [b]: 10 });
    const workers = workerPids(edge);

    await edge.dns.setRecords({ [serviceName("app")]: [a, b, c] });
    // valid=1s: nginx asks again at most a second later; allow a second request cycle.
    await new Promise((r) => setTimeout(r, 2200));
    expect(await distribution(edge.url("/"), 30)).toEqual({ [a]: 10, [b]: 10, [c]: 10 });

    await edge.dns.setRecords({ [serviceName("app")]: [c] });
    await new Promise((r) => setTimeout(r, 2200));
    expect(await distribution(edge.url("/"), 10)).toEqual({ [c]: 10 });

    // Same master and workers throughout: nginx re-resolved, it did not reload.
    expect(workerPids(edge)).toEqual(workers);
    expect(edge.nginx.errorLog()).not.toMatch(/reconfiguring|signal process started/);
    expect(edge.dns.queryCount(serviceName("app"))).toBeGreaterThan(2);
  });
});
