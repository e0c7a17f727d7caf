/**
 * Each load-balancing method, live: the edge image's nginx with the rendered config in front of three
 * upstream servers on loopback, found through a real DNS server (headless Service style) or listed as
 * host:port servers. nginx runs one worker here (the default CPU limit), so counts are exact.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackends, type Backend } from "./support/backends";
import { distribution, get, loadRun } from "./support/client";
import { podAddresses, serviceName, startLiveEdge, type LiveEdge } from "./support/live-edge";

const SLOW_MS = 400;

let pods: { addresses: string[]; port: number };
let backends: Backend[];
const edges: LiveEdge[] = [];

beforeAll(async () => {
  pods = await podAddresses(3);
  // The first backend is slow, to tell least-connections methods from round robin.
  backends = await startBackends(pods.addresses, pods.port, (req, res, b) => {
    const send = () => {
      res.setHeader("x-backend", b.address);
      res.end(`${b.address}\n`);
    };
    req.resume();
    if (b.address === pods.addresses[0] && req.url?.startsWith("/slow")) setTimeout(send, SLOW_MS);
    else send();
  });
});

afterAll(async () => {
  await Promise.all(edges.map((e) => e.stop()));
  await Promise.all(backends.map((b) => b.kill()));
});

async function edgeWith(upstream: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<LiveEdge> {
  const edge = await startLiveEdge({
    edge: {
      ...extra,
      upstreams: { app: upstream as never },
      defaultVirtualHost: { routes: { app: { path: "/", upstream: "app" } } },
    },
    // Only a Service upstream is resolved through DNS; listed servers are addresses already.
    records: "service" in upstream ? { [serviceName("app")]: pods.addresses } : {},
  });
  edges.push(edge);
  return edge;
}

const service = { name: "app", namespace: "test" };

describe("load-balancing methods", () => {
  it("round-robin over a headless Service spreads evenly across the resolved pod addresses", async () => {
    const edge = await edgeWith({ service: { ...service, port: pods.port } });
    expect(await distribution(edge.url("/"), 30)).toEqual(Object.fromEntries(pods.addresses.map((a) => [a, 10])));
  });

  it("round-robin honours weights and leaves a backup server idle while the primaries are up", async () => {
    const [a, b, c] = pods.addresses as [string, string, string];
    const servers = [
      { address: `${a}:${pods.port}`, weight: 3 },
      { address: `${b}:${pods.port}` },
      { address: `${c}:${pods.port}`, backup: true },
    ];
    const edge = await edgeWith({ servers });
    expect(await distribution(edge.url("/"), 40)).toEqual({ [a]: 30, [b]: 10 });
  });

  it("least-conn sends new requests away from a server that is still busy", async () => {
    const edge = await edgeWith({ method: "least-conn", service: { ...service, port: pods.port } });
    const run = await loadRun({ url: edge.url("/slow"), concurrency: 6, durationMs: 2000 });
    expect(run.failed).toBe(0);
    const slowShare = (run.byBackend[pods.addresses[0]!] ?? 0) / run.ok;
    // Round robin would give the slow server a third; least_conn gives it about one request in flight.
    expect(slowShare).toBeLessThan(0.1);
  });

  it("random-two-least-conn picks the less busy of two random servers", async () => {
    const edge = await edgeWith({ method: "random-two-least-conn", service: { ...service, port: pods.port } });
    const run = await loadRun({ url: edge.url("/slow"), concurrency: 6, durationMs: 2000 });
    expect(run.failed).toBe(0);
    expect(Object.keys(run.byBackend).sort()).toEqual([...pods.addresses].sort());
    expect((run.byBackend[pods.addresses[0]!] ?? 0) / run.ok).toBeLessThan(0.2);
  });

  it("ip-hash keeps each client on one server, by the real client address from trusted proxies", async () => {
    const edge = await edgeWith(
      { method: "ip-hash", service: { ...service, port: pods.port } },
      { trustedProxyCidrs: ["127.0.0.0/8"] },
    );
    const seen = new Set<string>();
    for (let i = 1; i <= 20; i++) {
      // ip_hash hashes the first three octets of an IPv4 address: clients in different /24s.
      const headers = { "x-forwarded-for": `10.${i}.0.1` };
      const counts = await distribution(edge.url("/"), 3, { headers });
      expect(Object.keys(counts)).toHaveLength(1);
      seen.add(Object.keys(counts)[0]!);
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it("consistent hash over a headless Service keeps every key on one pod while the pods stay the same", async () => {
    const edge = await edgeWith({ method: "hash", hashKey: "request-uri", service: { ...service, port: pods.port } });
    const before = await owners(edge);
    expect(new Set(before.values()).size).toBe(3);
    expect(await owners(edge)).toEqual(before);
  });

  it("consistent hash over listed servers moves only the keys of a server that died", async () => {
    const spare = await podAddresses(3);
    const own = await startBackends(spare.addresses, spare.port);
    try {
      const servers = spare.addresses.map((a) => ({ address: `${a}:${spare.port}` }));
      const edge = await edgeWith({ method: "hash", hashKey: "request-uri", servers });
      const before = await owners(edge);
      expect(new Set(before.values()).size).toBe(3);
      const dead = spare.addresses[2]!;
      await own[2]!.kill();
      const after = await owners(edge);
      for (const [key, server] of before) {
        if (server === dead) expect(after.get(key)).not.toBe(dead);
        else expect(after.get(key)).toBe(server);
      }
    } finally {
      await Promise.all(own.map((b) => b.kill()));
    }
  });
});

/** Which backend answers each of 60 URIs. */
async function owners(edge: LiveEdge): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (let i = 0; i < 60; i++) {
    const reply = await get(edge.url(`/item/${i}`));
    expect(reply.status).toBe(200);
    map.set(`/item/${i}`, String(reply.headers["x-backend"]));
  }
  return map;
}
