/**
 * The proxy cache, live: the edge image's nginx with a rendered cache route in front of upstream servers
 * on loopback (resolved through dnsmasq like a headless Service).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackends, type Backend } from "./support/backends";
import { get } from "./support/client";
import { podAddresses, serviceName, startLiveEdge, type LiveEdge } from "./support/live-edge";

let edge: LiveEdge;
let backends: Backend[];
let served = 0;

beforeAll(async () => {
  const pods = await podAddresses(2);
  backends = await startBackends(pods.addresses, pods.port, (req, res, b) => {
    req.resume();
    const delay = req.url?.startsWith("/slow") ? 300 : 0;
    setTimeout(() => {
      served += 1;
      res.setHeader("x-backend", b.address);
      res.end(`page ${req.url} #${served} for ${req.headers.host}\n`);
    }, delay);
  });
  edge = await startLiveEdge({
    edge: {
      caches: { pages: { maxSizeMiB: 16 } },
      upstreams: { app: { service: { name: "app", namespace: "test", port: pods.port } } },
      defaultVirtualHost: {
        routes: { app: { path: "/", upstream: "app", cache: { zone: "pages", validity: [{ statuses: [200], seconds: 1 }] } } },
      },
    },
    records: { [serviceName("app")]: pods.addresses },
  });
});

afterAll(async () => {
  await edge.stop();
  await Promise.all(backends.map((b) => b.kill()));
});

const upstreamRequests = (): number => backends.reduce((n, b) => n + b.requests, 0);

describe("proxy cache", () => {
  it("answers MISS first, then HIT from the cache without asking the upstream", async () => {
    const first = await get(edge.url("/page"));
    const before = upstreamRequests();
    const second = await get(edge.url("/page"));
    expect([first.headers["x-cache-status"], second.headers["x-cache-status"]]).toEqual(["MISS", "HIT"]);
    expect(second.body.toString()).toBe(first.body.toString());
    expect(upstreamRequests()).toBe(before);
  });

  it("keys the cache by scheme and host: another host does not get the first host's page", async () => {
    await get(edge.url("/hosted"), { headers: { host: "one.test" } });
    const other = await get(edge.url("/hosted"), { headers: { host: "two.test" } });
    expect(other.headers["x-cache-status"]).toBe("MISS");
    expect(other.body.toString()).toContain("for two.test");
  });

  it("collapses concurrent misses for one key into one upstream request (proxy_cache_lock)", async () => {
    const before = upstreamRequests();
    const replies = await Promise.all(Array.from({ length: 8 }, () => get(edge.url("/slow-collapsed"))));
    expect(replies.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(new Set(replies.map((r) => r.body.toString())).size).toBe(1);
    expect(upstreamRequests() - before).toBe(1);
  });

  it("never caches requests with Authorization: they bypass the cache and are not stored", async () => {
    const auth = { authorization: "Bearer secret-token" };
    const before = upstreamRequests();
    const a = await get(edge.url("/private"), { headers: auth });
    const b = await get(edge.url("/private"), { headers: auth });
    expect([a.headers["x-cache-status"], b.headers["x-cache-status"]]).toEqual(["BYPASS", "BYPASS"]);
    expect(upstreamRequests() - before).toBe(2);
    // Nothing was stored: the first anonymous request is a MISS, not the authorized page.
    const anonymous = await get(edge.url("/private"));
    expect(anonymous.headers["x-cache-status"]).toBe("MISS");
  });

  it("never caches requests with a session cookie", async () => {
    const reply = await get(edge.url("/account"), { headers: { cookie: "session=abc123" } });
    expect(reply.headers["x-cache-status"]).toBe("BYPASS");
    expect((await get(edge.url("/account"))).headers["x-cache-status"]).toBe("MISS");
  });

  it("refreshes an expired entry in the background and then serves the new response (open_file_cache never pins the old file)", async () => {
    const first = await get(edge.url("/refreshed"));
    await new Promise((r) => setTimeout(r, 2500));
    const during = await get(edge.url("/refreshed"));
    // Expired: answered at once from the old entry while a background request updates it.
    expect(during.headers["x-cache-status"]).toBe("STALE");
    expect(during.body.toString()).toBe(first.body.toString());
    await new Promise((r) => setTimeout(r, 300));
    const after = await get(edge.url("/refreshed"));
    expect(after.headers["x-cache-status"]).toBe("HIT");
    expect(after.body.toString()).not.toBe(first.body.toString());
  });

  it("answers 200 STALE from the cache when every upstream is down", async () => {
    const fresh = await get(edge.url("/stale"));
    expect(fresh.headers["x-cache-status"]).toBe("MISS");
    // validity 1 s at nginx's one-second clock: expired at most 2 s after it was stored.
    await new Promise((r) => setTimeout(r, 2500));
    await Promise.all(backends.map((b) => b.kill()));
    const stale = await get(edge.url("/stale"));
    expect(stale.status).toBe(200);
    expect(stale.headers["x-cache-status"]).toBe("STALE");
    expect(stale.body.toString()).toBe(fresh.body.toString());
    // An uncached page has nothing to fall back on.
    expect((await get(edge.url("/never-cached"))).status).toBe(502);
  });
});
