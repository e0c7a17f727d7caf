import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "../../infra/config";

function problemsOf(overlay: unknown): readonly string[] {
  try {
    resolveConfig("dev", overlay);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("invalid DNS config fails with field-named errors", () => {
  it("rejects a bad stub-domain zone name", () => {
    expect(problemsOf({ dns: { stubDomains: [{ zone: "Corp Example", servers: ["10.0.0.53"] }] } })).toEqual([
      `'dns.stubDomains.0.zone' must be a DNS zone (lower-case labels separated by '.', e.g. 'corp.example'), got "Corp Example"`,
    ]);
  });

  it("rejects a zone that would inject a server block", () => {
    expect(problemsOf({ dns: { stubDomains: [{ zone: "corp.example {\n  whoami\n}", servers: ["10.0.0.53"] }] } })).toEqual([
      `'dns.stubDomains.0.zone' must be a DNS zone (lower-case labels separated by '.', e.g. 'corp.example'), got "corp.example {\\n  whoami\\n}"`,
    ]);
  });

  it("rejects a forwarder that is not an IP address", () => {
    expect(problemsOf({ dns: { upstream: { servers: ["dns.google"] } } })).toEqual([
      `'dns.upstream.servers.0' must be an IP address with an optional port (e.g. '10.0.0.53:5353') or '/etc/resolv.conf', got "dns.google"`,
    ]);
    expect(problemsOf({ dns: { stubDomains: [{ zone: "corp.example", servers: ["10.0.0.300", "10.0.0.53:70000"] }] } })).toEqual([
      `'dns.stubDomains.0.servers.0' must be an IP address with an optional port (e.g. '10.0.0.53' or '10.0.0.53:5353'), got "10.0.0.300"`,
      `'dns.stubDomains.0.servers.1' must be an IP address with an optional port (e.g. '10.0.0.53' or '10.0.0.53:5353'), got "10.0.0.53:70000"`,
    ]);
  });

  it("rejects negative TTLs", () => {
    expect(
      problemsOf({
        dns: { cache: { successTtlSeconds: -30, denialTtlSeconds: -1 }, hostsTtlSeconds: -5, kubernetes: { ttlSeconds: -1 } },
      }),
    ).toEqual([
      "'dns.hostsTtlSeconds' must be >= 1, got -5",
      "'dns.cache.successTtlSeconds' must be >= 1, got -30",
      "'dns.cache.denialTtlSeconds' must be >= 1, got -1",
      "'dns.kubernetes.ttlSeconds' must be >= 0, got -1",
    ]);
  });

  it("rejects hosts entries that are not an IP or not DNS names, and unknown keys", () => {
    expect(
      problemsOf({ dns: { hosts: [{ ip: "gateway", names: ["ok.example", "bad name"] }], forwarders: ["10.0.0.1"] } }),
    ).toEqual([
      "'dns.hosts.0.ip' must be an IP address, got \"gateway\"",
      `'dns.hosts.0.names.1' must be a DNS name (lower-case labels separated by '.', e.g. 'db.corp.example'), got "bad name"`,
      "'dns.forwarders' must be a known field (unknown key), got [\"10.0.0.1\"]",
    ]);
  });

  it("checks cross-field rules: unique stub zones, autoscaler bounds, a link-local NodeLocal address", () => {
    expect(
      problemsOf({
        dns: {
          stubDomains: [
            { zone: "corp.example", servers: ["10.0.0.53"] },
            { zone: "corp.example.", servers: ["10.0.0.54"] },
          ],
          replicas: 3,
          autoscaler: { max: 2 },
          nodeLocal: { localIP: "10.0.0.10" },
        },
      }),
    ).toEqual([
      "'dns.stubDomains.1.zone' must be unique among stubDomains, got \"corp.example.\"",
      "'dns.autoscaler.max' must be >= autoscaler.min (3), got 2",
      "'dns.nodeLocal.localIP' must be a link-local address (169.254.0.0/16), got \"10.0.0.10\"",
    ]);
  });

  it("accepts IPv4, IPv6 and port forms, and /etc/resolv.conf", () => {
    const servers = ["/etc/resolv.conf", "10.0.0.2:53", "fd00::53", "[fd00::53]:5353"];
    const config = resolveConfig("dev", { dns: { upstream: { servers } } });
    expect(config.dns.upstream.servers).toEqual(servers);
  });
});

describe("UI and network config errors", () => {
  it("requires a named group for the UI admin binding", () => {
    expect(problemsOf({ ui: { admin: { enabled: true } } })).toEqual([
      "'ui.admin.group' must be a group name when admin.enabled is true, got nothing",
    ]);
  });

  it("rejects an API server CIDR that is not a CIDR block", () => {
    expect(problemsOf({ network: { apiServer: { cidrs: ["10.0.0.1"] } } })).toEqual([
      "'network.apiServer.cidrs.0' must be a CIDR block (e.g. '10.0.0.0/8' or 'fd00::/8'), got \"10.0.0.1\"",
    ]);
  });
});
