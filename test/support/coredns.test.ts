/**
 * Self-test of the CoreDNS harness: a real CoreDNS (built from its Go module) and a real dnsmasq on
 * loopback. The Corefile here is hand-written for the harness only; Keelson's rendered Corefile is
 * tested by the DNS addon's own tests.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coreDnsValidate, coreDnsVersion, ensureCoreDns, startCoreDns, type CoreDns } from "./coredns";
import { dig, freeListenAddress, hostsFileText, requireExecutable, startDnsmasq, type Dnsmasq } from "./dns-server";

const COLD_BUILD_MS = 45 * 60_000; // first run on a fresh machine builds CoreDNS

function harnessCorefile(listen: { address: string; port: number }, stub: { address: string; port: number }): string {
  return `.:${listen.port} {
    bind ${listen.address}
    hosts extra.hosts {
        10.0.0.10 gateway.keelson.test
        fallthrough
    }
    errors
}

stub.test:${listen.port} {
    bind ${listen.address}
    forward . ${stub.address}:${stub.port}
    cache 30
    errors
}
`;
}

describe("CoreDNS harness", () => {
  let coredns: CoreDns | undefined;
  let dnsmasq: Dnsmasq | undefined;

  beforeAll(async () => {
    await ensureCoreDns();
    dnsmasq = await startDnsmasq({
      records: { "api.stub.test": ["10.53.0.1"] },
      ttlSeconds: 300,
      localDomains: ["stub.test"],
    });
    const listen = await freeListenAddress();
    coredns = await startCoreDns(harnessCorefile(listen, dnsmasq), {
      files: { "extra.hosts": "10.0.0.11 files.keelson.test\n" },
    });
  }, COLD_BUILD_MS);

  afterAll(async () => {
    await coredns?.stop();
    await dnsmasq?.stop();
  });

  it("runs the pinned CoreDNS version", async () => {
    const out = execFileSync(await ensureCoreDns(), ["-version"], {
      encoding: "utf8",
    });
    expect(out).toContain(`CoreDNS-${coreDnsVersion()}`);
  });

  it("answers a hosts plugin entry (inline and from a file next to the Corefile)", async () => {
    const inline = await dig(coredns!.address, coredns!.port, "gateway.keelson.test", "A");
    expect(inline.status).toBe("NOERROR");
    expect(inline.answers.map((a) => a.data)).toEqual(["10.0.0.10"]);
    const fromFile = await dig(coredns!.address, coredns!.port, "files.keelson.test", "A", { tcp: true });
    expect(fromFile.answers.map((a) => a.data)).toEqual(["10.0.0.11"]);
  });

  it("forwards the stub zone to dnsmasq, then serves the cached answer within its TTL", async () => {
    const first = await dig(coredns!.address, coredns!.port, "api.stub.test", "A");
    expect(first.answers.map((a) => a.data)).toEqual(["10.53.0.1"]);
    expect(first.answers[0]!.ttl).toBeLessThanOrEqual(30); // capped by `cache 30`
    expect(dnsmasq!.queryCount("api.stub.test")).toBe(1);

    await dnsmasq!.setRecords({
      "api.stub.test": ["10.53.0.2"],
      "new.stub.test": ["10.53.0.3"],
    });
    const direct = await dig(dnsmasq!.address, dnsmasq!.port, "api.stub.test", "A");
    expect(direct.answers.map((a) => a.data)).toEqual(["10.53.0.2"]);

    const cached = await dig(coredns!.address, coredns!.port, "api.stub.test", "A");
    expect(cached.answers.map((a) => a.data)).toEqual(["10.53.0.1"]);
    expect(dnsmasq!.queryCount("api.stub.test")).toBe(2); // 1 via CoreDNS + 1 direct: no refetch

    const fresh = await dig(coredns!.address, coredns!.port, "new.stub.test", "A");
    expect(fresh.answers.map((a) => a.data)).toEqual(["10.53.0.3"]);
  });

  it("passes dnsmasq's NXDOMAIN for an unknown stub-zone name through", async () => {
    const missing = await dig(coredns!.address, coredns!.port, "nope.stub.test", "A");
    expect(missing.status).toBe("NXDOMAIN");
  });

  it("refuses a port already in use (CoreDNS's SO_REUSEPORT would share it silently)", async () => {
    const corefile = `.:${coredns!.port} {\n    bind ${coredns!.address}\n    whoami\n}\n`;
    await expect(startCoreDns(corefile)).rejects.toThrow(
      `CoreDNS ${coredns!.address}:${coredns!.port}: 'port' must be free (see freeListenAddress), got one in use`,
    );
  });

  it("keeps extra files inside the Corefile folder", async () => {
    const listen = await freeListenAddress();
    const corefile = `.:${listen.port} {\n    bind ${listen.address}\n    whoami\n}\n`;
    await expect(startCoreDns(corefile, { files: { "../escape.db": "" } })).rejects.toThrow(
      "CoreDNS file ../escape.db: 'name' must be a relative path inside the Corefile folder, not 'Corefile', got '../escape.db'",
    );
  });

  it("validates a good Corefile and rejects a broken one with CoreDNS's own message", async () => {
    const listen = await freeListenAddress();
    const good = await coreDnsValidate(`.:${listen.port} {\n    bind ${listen.address}\n    whoami\n}\n`);
    expect(good).toMatchObject({ ok: true });

    const bogus = await coreDnsValidate(`.:${listen.port} {\n    bind ${listen.address}\n    bogus\n}\n`);
    expect(bogus.ok).toBe(false);
    expect(bogus.output).toMatch(/Corefile:3 - Error during parsing: Unknown directive 'bogus'/);

    const unbalanced = await coreDnsValidate(`.:${listen.port} {\n    forward . 127.0.0.1\n`);
    expect(unbalanced.ok).toBe(false);
  }, 30_000);
});

describe("DNS test plumbing", () => {
  it("names the install command when a tool is missing", () => {
    expect(() => requireExecutable("keelson-no-such-tool", "apt-get install -y dnsutils")).toThrow(
      "keelson-no-such-tool not found on PATH: install it with `apt-get install -y dnsutils`",
    );
  });

  it("writes a sorted hosts file and rejects names or addresses that could inject lines", () => {
    expect(hostsFileText({ "b.test": ["10.0.0.2", "::1"], "a.test": ["10.0.0.1"] })).toBe(
      "10.0.0.1 a.test\n10.0.0.2 b.test\n::1 b.test\n",
    );
    expect(() => hostsFileText({ "a.test\n10.6.6.6 evil.test": ["10.0.0.1"] })).toThrow(
      `dnsmasq record "a.test\\n10.6.6.6 evil.test": 'name' must be a DNS name, got "a.test\\n10.6.6.6 evil.test"`,
    );
    expect(() => hostsFileText({ "a.test": ["10.0.0.1 evil.test"] })).toThrow(
      "dnsmasq record a.test: 'address' must be an IP address, got \"10.0.0.1 evil.test\"",
    );
  });
});
