/** The edge config: defaults per profile, every cross-field rule with its exact message, contributions. */
import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig, type PlatformConfigInput } from "../../infra/config";
import { mergeEdgeContributions } from "../../infra/config/edge-contributions";
import { effectiveEdge } from "../../infra/charts/edge-contributions";
import { keepaliveConnections, renderEdgeNginxConf, workerProcesses } from "../../infra/render/nginx";

type EdgeInput = NonNullable<PlatformConfigInput["edge"]>;

function problemsOf(edge: EdgeInput, rest: PlatformConfigInput = {}): readonly string[] {
  try {
    effectiveEdge(resolveConfig("dev", { ...rest, edge }));
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

const app = { servers: [{ address: "10.0.0.1:80" }] };

describe("edge config defaults", () => {
  it("dev: one replica behind a ClusterIP Service, no autoscaler; prod: three behind a LoadBalancer, with an HPA", () => {
    const dev = resolveConfig("dev").edge;
    const prod = resolveConfig("prod").edge;
    expect([dev.replicas, dev.service.type, dev.autoscaling.enabled]).toEqual([1, "ClusterIP", false]);
    expect([prod.replicas, prod.service.type, prod.autoscaling.enabled]).toEqual([3, "LoadBalancer", true]);
  });

  it("routes the catch-all virtual host to the demo backend and the UI by default", () => {
    const edge = effectiveEdge(resolveConfig("dev"));
    expect(edge.defaultVirtualHost.routes.demo).toMatchObject({ path: "/", upstream: "demo-backend" });
    expect(edge.defaultVirtualHost.routes.ui).toMatchObject({ path: "/ui/", upstream: "ui", websocket: true });
    expect(edge.upstreams["demo-backend"]!.service).toMatchObject({
      name: "demo-backend",
      namespace: "keelson-edge",
      port: 8080,
      discovery: "headless",
    });
  });

  it("drops contributed routes when their addon is off", () => {
    const edge = effectiveEdge(resolveConfig("dev", { ui: { enabled: false }, edge: { demoBackend: { enabled: false } } }));
    expect(edge.defaultVirtualHost.routes).toEqual({});
    expect(edge.upstreams).toEqual({});
  });

  it("lets a user route of the same name replace a contributed one", () => {
    const edge = effectiveEdge(
      resolveConfig("dev", {
        edge: { upstreams: { mine: app }, defaultVirtualHost: { routes: { demo: { path: "/", upstream: "mine" } } } },
      }),
    );
    expect(edge.defaultVirtualHost.routes.demo!.upstream).toBe("mine");
  });

  it("sizes keepalive per worker from the expected concurrency, never below 16", () => {
    const edge = resolveConfig("dev", {
      edge: {
        workerProcesses: 4,
        upstreams: {
          a: { ...app, expectedConcurrency: 512 },
          b: { ...app, expectedConcurrency: 8 },
          c: { ...app, keepalive: { connections: 300 } },
        },
      },
    }).edge;
    expect(workerProcesses(edge)).toBe(4);
    expect(["a", "b", "c"].map((n) => keepaliveConnections(edge.upstreams[n]!, 4))).toEqual([128, 16, 300]);
  });

  it("runs one worker per CPU of the container's limit", () => {
    expect(
      workerProcesses(
        resolveConfig("dev", {
          edge: { resources: { requests: { cpuMilli: 100, memoryMiB: 64 }, limits: { cpuMilli: 2500, memoryMiB: 256 } } },
        }).edge,
      ),
    ).toBe(3);
  });
});

describe("edge config rules (exact messages)", () => {
  it.each<[string, EdgeInput, string[]]>([
    [
      "both service and servers",
      { upstreams: { a: { ...app, service: { name: "a", namespace: "b", port: 80 } } } },
      [
        '\'edge.upstreams.a\' must be given exactly one of \'service\' and \'servers\', got {"servers":[{"address":"10.0.0.1:80"}],"service":{"name":"a"…',
      ],
    ],
    [
      "hash without a key",
      { upstreams: { a: { ...app, method: "hash" } } },
      ["'edge.upstreams.a.hashKey' must be set when method is 'hash', got nothing"],
    ],
    [
      "a key without hash",
      { upstreams: { a: { ...app, hashKey: "uri" } } },
      ["'edge.upstreams.a.hashKey' must be unset unless method is 'hash', got \"uri\""],
    ],
    [
      "a backup with ip-hash",
      {
        upstreams: { a: { method: "ip-hash", servers: [{ address: "10.0.0.1:80" }, { address: "10.0.0.2:80", backup: true }] } },
      },
      [
        "'edge.upstreams.a.servers.1.backup' must be false with method 'ip-hash' (nginx allows backup servers only with round-robin and least-conn), got true",
      ],
    ],
    [
      "a host name without egress CIDRs",
      { upstreams: { a: { servers: [{ address: "api.example.com:443" }] } } },
      [
        "'edge.upstreams.a.egressCidrs' must be non-empty when servers use host names (the NetworkPolicy needs their addresses: api.example.com:443), got nothing",
      ],
    ],
    [
      "a bad server address",
      { upstreams: { a: { servers: [{ address: "10.0.0.1;:80" }] } } },
      [
        "'edge.upstreams.a.servers.0.address' must be host:port (a DNS name, IPv4 address or [IPv6] address, and a port 1-65535), got \"10.0.0.1;:80\"",
      ],
    ],
    [
      "an injected route path",
      { upstreams: { a: app }, defaultVirtualHost: { routes: { r: { path: "/x; return 200", upstream: "a" } } } },
      [
        "'edge.defaultVirtualHost.routes.r.path' must be a URI path starting with '/' (letters, digits and ._~%/:@+,=!-), got \"/x; return 200\"",
      ],
    ],
    [
      "a regex nginx and JavaScript read differently",
      { upstreams: { a: app }, defaultVirtualHost: { routes: { r: { path: "(?<=a)b", match: "regex", upstream: "a" } } } },
      [
        "'edge.defaultVirtualHost.routes.r.path' must be a regular expression valid in both PCRE and JavaScript (printable ASCII; no quotes, \\u, \\p, \\k, \\Q, (?<, []), got \"(?<=a)b\"",
      ],
    ],
    [
      "two routes on one path",
      {
        upstreams: { a: app },
        defaultVirtualHost: { routes: { r: { path: "/x", upstream: "a" }, s: { path: "/x", upstream: "a" } } },
      },
      [
        "'edge.defaultVirtualHost.routes.s.path' must be unique among the prefix routes of its virtual host (route 'r' has it), got \"/x\"",
      ],
    ],
    [
      "stripPrefix on a path without a trailing slash",
      { upstreams: { a: app }, defaultVirtualHost: { routes: { r: { path: "/x", upstream: "a", stripPrefix: true } } } },
      ["'edge.defaultVirtualHost.routes.r.path' must be a prefix path ending in '/' when stripPrefix is true, got \"/x\""],
    ],
    [
      "one server name in two virtual hosts",
      { virtualHosts: { a: { serverNames: ["x.test"] }, b: { serverNames: ["x.test"] } } },
      ["'edge.virtualHosts.b.serverNames.0' must be unique across virtual hosts (virtual host 'a' has it), got \"x.test\""],
    ],
    [
      "a virtual host called default",
      { virtualHosts: { default: { serverNames: ["x.test"] } } },
      [
        '\'edge.virtualHosts.default\' must be named other than "default" (the name of defaultVirtualHost), got {"serverNames":["x.test"]}',
      ],
    ],
    ["two ports the same", { ports: { status: 8080 } }, ["'edge.ports.status' must be different from ports.http, got 8080"]],
    [
      "a rate given twice",
      { rateLimits: { r: { requestsPerSecond: 1, requestsPerMinute: 60 } } },
      [
        "'edge.rateLimits.r' must be given exactly one of 'requestsPerSecond' and 'requestsPerMinute', got {\"requestsPerSecond\":1,\"requestsPerMinute\":60}",
      ],
    ],
    [
      "a bad name",
      { caches: { Pages: {} } },
      [
        "'edge.caches' must be keyed by a name of lower-case letters, digits and '-' (at most 40 characters, starting with a letter) (key \"Pages\" is not), got {\"Pages\":{}}",
      ],
    ],
    [
      "an autoscaler below the replicas",
      { replicas: 5, autoscaling: { enabled: true, maxReplicas: 3 } },
      ["'edge.autoscaling.maxReplicas' must be >= replicas (5), got 3"],
    ],
  ])("rejects %s", (_, edge, problems) => {
    expect(problemsOf(edge)).toEqual(problems);
  });

  it("checks references after contributions are merged, listing the names that exist", () => {
    const edge: EdgeInput = {
      defaultVirtualHost: { routes: { r: { path: "/r", upstream: "nope", cache: { zone: "c" }, rateLimit: { zone: "z" } } } },
    };
    expect(problemsOf(edge, { ui: { enabled: false } })).toEqual([
      "'edge.defaultVirtualHost.routes.r.upstream' must be a key of edge.upstreams (demo-backend), got \"nope\"",
      "'edge.defaultVirtualHost.routes.r.cache.zone' must be a key of edge.caches (none defined), got \"c\"",
      "'edge.defaultVirtualHost.routes.r.rateLimit.zone' must be a key of edge.rateLimits (none defined), got \"z\"",
    ]);
  });

  it("validates contributions with the same schemas, naming their source", () => {
    const edge = resolveConfig("dev", { ui: { enabled: false } }).edge;
    const bad = {
      source: "test",
      upstreams: { x: { servers: [] } },
      routes: [{ name: "y", virtualHost: "nowhere", route: { path: "/", upstream: "x" } }],
    };
    expect(() => mergeEdgeContributions(edge, [bad])).toThrow(ConfigError);
    try {
      mergeEdgeContributions(edge, [bad]);
    } catch (e) {
      expect((e as ConfigError).problems).toEqual([
        "'edge.upstreams.x (from test).servers' must be of length >= 1, got []",
        '\'edge routes.y (from test).virtualHost\' must be "default" or a key of edge.virtualHosts, got "nowhere"',
      ]);
    }
  });

  it("checks the names of contributed upstreams and routes as strictly as user config keys", () => {
    const edge = resolveConfig("dev", { ui: { enabled: false } }).edge;
    const bad = {
      source: "test",
      upstreams: { "Bad Name": { servers: [{ address: "10.0.0.1:80" }] } },
      routes: [{ name: "x;y", route: { path: "/x", upstream: "demo-backend" } }],
    };
    const rule = "a name of lower-case letters, digits and '-' (at most 40 characters, starting with a letter)";
    expect(() => mergeEdgeContributions(edge, [bad])).toThrow(
      new ConfigError([
        `'edge.upstreams.Bad Name (from test)' must be named by ${rule}, got "Bad Name"`,
        `'edge routes.x;y (from test)' must be named by ${rule}, got "x;y"`,
      ]),
    );
  });

  it("renders a headless Service upstream as one `server <fqdn> resolve` line", () => {
    const edge = effectiveEdge(resolveConfig("dev"));
    expect(renderEdgeNginxConf(edge, { clusterDomain: "cluster.local" }).text).toContain(
      "server demo-backend.keelson-edge.svc.cluster.local:8080 max_fails=1 fail_timeout=10s resolve;",
    );
  });
});
