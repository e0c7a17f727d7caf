/**
 * Keelson's rendered Corefiles answered by a real CoreDNS (built from its Go module by
 * scripts/tools/build-coredns.sh) on 127.0.0.x, with a real dnsmasq as a stub-domain server and a second
 * real CoreDNS as an authoritative stub zone and as "the internet" (dnsmasq run with --no-daemon serves
 * TCP in its main process, so CoreDNS's pooled TCP connections would stall its UDP answers for seconds;
 * CoreDNS serves both at once). The Kubernetes plugin is swapped for a test zone of the cluster domain and
 * listen addresses are moved to loopback (see loopback-corefile.ts); the rest is the rendered model.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../infra/config";
import { clusterCorefile, directive, nodeLocalCorefile, printCorefile, type ServerBlock } from "../../infra/render/corefile";
import { dig, ensureCoreDns, freeListenAddress, startCoreDns, type CoreDns } from "../support/coredns";
import { freeTcpPort, startDnsmasq, type Dnsmasq } from "../support/dns-server";
import {
  clusterCorefileOnLoopback,
  clusterZoneFile,
  nodeLocalCorefileOnLoopback,
  type LoopbackListen,
} from "./loopback-corefile";

const COLD_BUILD_MS = 45 * 60_000;

async function loopbackListen(): Promise<LoopbackListen> {
  const { address, port } = await freeListenAddress();
  return {
    address,
    port,
    healthPort: await freeTcpPort(address),
    readyPort: await freeTcpPort(address),
    metricsPort: await freeTcpPort(address),
  };
}

async function httpGet(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

describe("rendered Corefile on a real CoreDNS", () => {
  let stub: Dnsmasq | undefined;
  let coredns: CoreDns | undefined;
  let nodeLocal: CoreDns | undefined;
  /** Authoritative for neg.test (its NXDOMAIN carries an SOA, which negative caching needs; dnsmasq's does not) and example.test. */
  let authoritative: CoreDns | undefined;
  let listen: LoopbackListen;
  /** A-queries the authoritative server answered (from its `log` lines). */
  const asked = (name: string): number =>
    authoritative!
      .logs()
      .split("\n")
      .filter((l) => l.includes(`"A IN ${name}.`)).length;

  beforeAll(async () => {
    await ensureCoreDns();
    stub = await startDnsmasq({ records: { "api.corp.test": ["10.53.0.1"] }, ttlSeconds: 300, localDomains: ["corp.test"] });
    const auth = await freeListenAddress();
    const zone = (name: string, extra: string[]): string =>
      [
        `$ORIGIN ${name}.`,
        `@ 3600 IN SOA ns.${name}. hostmaster.${name}. 1 7200 1800 86400 30`,
        `@ 3600 IN NS ns.${name}.`,
        ...extra,
        "",
      ].join("\n");
    const block = (name: string): ServerBlock => ({
      zones: [name],
      port: auth.port,
      directives: [directive("bind", [auth.address]), directive("file", [`db.${name}`]), directive("log")],
    });
    authoritative = await startCoreDns(printCorefile({ servers: [block("neg.test"), block("example.test")] }), {
      files: {
        "db.neg.test": zone("neg.test", ["ns 300 IN A 10.53.1.1"]),
        "db.example.test": zone("example.test", ["www 300 IN A 192.0.2.80"]),
      },
    });
    const config = resolveConfig("prod", {
      dns: {
        upstream: { servers: [`${auth.address}:${auth.port}`] },
        stubDomains: [
          { zone: "corp.test", servers: [`${stub.address}:${stub.port}`] },
          { zone: "neg.test", servers: [`${auth.address}:${auth.port}`] },
        ],
        hosts: [{ ip: "10.0.0.10", names: ["gateway.keelson.test"] }],
        hostsTtlSeconds: 20,
        rewrites: [{ match: "suffix", from: "alias.test", to: "keelson.test" }],
      },
    });
    const domain = config.platform.clusterDomain;
    listen = await loopbackListen();
    const zoneFile = `db.${domain}`;
    const cluster = printCorefile(clusterCorefileOnLoopback(clusterCorefile(config.dns, domain), listen, zoneFile, domain));
    coredns = await startCoreDns(cluster, { files: { [zoneFile]: clusterZoneFile(domain) } });
    const local = printCorefile(
      nodeLocalCorefileOnLoopback(
        nodeLocalCorefile(config.dns, domain),
        await loopbackListen(),
        `${coredns.address}:${coredns.port}`,
      ),
    );
    nodeLocal = await startCoreDns(local);
  }, COLD_BUILD_MS);

  afterAll(async () => {
    await nodeLocal?.stop();
    await coredns?.stop();
    await stub?.stop();
    await authoritative?.stop();
  });

  it("answers a static hosts entry with the configured TTL", async () => {
    const res = await dig(coredns!.address, coredns!.port, "gateway.keelson.test", "A");
    expect(res.status).toBe("NOERROR");
    expect(res.answers.map((a) => [a.name, a.ttl, a.data])).toEqual([["gateway.keelson.test.", 20, "10.0.0.10"]]);
  });

  it("rewrites a name and gives the answer under the name that was asked", async () => {
    const res = await dig(coredns!.address, coredns!.port, "gateway.alias.test", "A");
    expect(res.answers.map((a) => [a.name, a.data])).toEqual([["gateway.alias.test.", "10.0.0.10"]]);
  });

  it("answers the cluster zone (test zone standing in for the Kubernetes plugin)", async () => {
    const res = await dig(coredns!.address, coredns!.port, "kubernetes.default.svc.cluster.local", "A");
    expect(res.answers.map((a) => a.data)).toEqual(["10.96.0.1"]);
  });

  it("forwards a stub domain to its own server and caches the answer (TTL capped by cache.successTtlSeconds)", async () => {
    const first = await dig(coredns!.address, coredns!.port, "api.corp.test", "A");
    expect(first.answers.map((a) => a.data)).toEqual(["10.53.0.1"]);
    expect(first.answers[0]!.ttl).toBeLessThanOrEqual(30); // dnsmasq says 300; success TTL is 30
    expect(stub!.queryCount("api.corp.test")).toBe(1);

    await stub!.setRecords({ "api.corp.test": ["10.53.0.2"] });
    const second = await dig(coredns!.address, coredns!.port, "api.corp.test", "A");
    expect(second.answers.map((a) => a.data)).toEqual(["10.53.0.1"]); // from the cache, not the new record
    expect(stub!.queryCount("api.corp.test")).toBe(1);
  });

  it("caches a negative answer from a stub domain (denial cache)", async () => {
    const first = await dig(coredns!.address, coredns!.port, "missing.neg.test", "A");
    const second = await dig(coredns!.address, coredns!.port, "missing.neg.test", "A");
    expect([first.status, second.status]).toEqual(["NXDOMAIN", "NXDOMAIN"]);
    expect(asked("missing.neg.test")).toBe(1);
  });

  it("forwards other names upstream", async () => {
    const res = await dig(coredns!.address, coredns!.port, "www.example.test", "A");
    expect(res.answers.map((a) => a.data)).toEqual(["192.0.2.80"]);
    expect(asked("www.example.test")).toBe(1);
    expect(stub!.queryCount("www.example.test")).toBe(0);
  });

  it("serves health, readiness and Prometheus metrics on the ports the Deployment probes", async () => {
    const health = await httpGet(`http://${listen.address}:${listen.healthPort}/health`);
    const ready = await httpGet(`http://${listen.address}:${listen.readyPort}/ready`);
    const metrics = await httpGet(`http://${listen.address}:${listen.metricsPort}/metrics`);
    expect([health.status, ready.status, metrics.status]).toEqual([200, 200, 200]);
    expect(metrics.body).toMatch(/^coredns_dns_requests_total\{/m);
    expect(metrics.body).toMatch(/^coredns_cache_hits_total\{/m);
  });

  it("NodeLocal DNSCache, from the same model, answers cluster names, stub domains and hosts entries via CoreDNS", async () => {
    const cluster = await dig(nodeLocal!.address, nodeLocal!.port, "kube-dns.kube-system.svc.cluster.local", "A");
    const stubbed = await dig(nodeLocal!.address, nodeLocal!.port, "api.corp.test", "A");
    const hosts = await dig(nodeLocal!.address, nodeLocal!.port, "gateway.keelson.test", "A");
    expect(cluster.answers.map((a) => a.data)).toEqual(["10.96.0.10"]);
    expect(stubbed.answers.map((a) => a.data)).toEqual(["10.53.0.2"]); // its own cache, filled from the stub server now
    expect(hosts.answers.map((a) => a.data)).toEqual(["10.0.0.10"]); // root zone goes through CoreDNS when hosts are set
  });
});
