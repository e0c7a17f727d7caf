import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, keelsonNamespaces, resolveConfig, type PlatformConfigInput, type ProfileName } from "../../infra/config";
import type { Connection } from "../../infra/charts";
import { EDGE_SELECTOR } from "../../infra/constructs/edge";
import { ConnectionPolicies, connectionProblems } from "../../infra/constructs/network";
import { orderedAddons, synthesizePlatform } from "../../infra/synth";
import { Chart, Testing } from "cdk8s";
// allowed() is a test double: a stand-in for a CNI enforcing the policies (see policy-evaluator.ts).
import { allowed, inCidr, type Actor, type Pod } from "./policy-evaluator";
import { ofKind, type Obj } from "./objects";

/** Everything on: every namespace, every addon that declares connections. */
const ALL_ON: PlatformConfigInput = { ui: { enabled: true }, dns: { nodeLocal: { enabled: true } } };

function platform(
  profile: ProfileName,
  overlay: PlatformConfigInput = ALL_ON,
): { config: ReturnType<typeof resolveConfig>; connections: Connection[]; policies: Obj[]; owned: string[] } {
  const config = resolveConfig(profile, overlay);
  const connections = orderedAddons(config).flatMap((a) => a.connections?.(config) ?? []);
  const objects = synthesizePlatform(config, profile).charts.flatMap((c) => c.objects as Obj[]);
  return { config, connections, policies: ofKind(objects, "NetworkPolicy"), owned: keelsonNamespaces(config).map((n) => n.name) };
}

const peerOf = (e: Connection["from"]): object =>
  e.kind === "cidr"
    ? { ipBlock: { cidr: e.cidr, ...(e.except ? { except: e.except } : {}) } }
    : {
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": e.namespace } },
        podSelector: { matchLabels: e.podLabels },
      };

describe("NetworkPolicies", () => {
  for (const profile of ["dev", "prod"] as const) {
    it(`${profile}: every Keelson namespace has a default-deny policy for ingress and egress, kube-system none`, () => {
      const { policies, owned } = platform(profile);
      for (const ns of owned) {
        const deny = policies.filter(
          (p) =>
            p.metadata.namespace === ns &&
            JSON.stringify(p.spec) === JSON.stringify({ podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
        );
        expect(deny, ns).toHaveLength(1);
      }
      expect(policies.filter((p) => p.metadata.namespace === "kube-system")).toEqual([]);
      expect(owned).toContain("keelson-ui");
    });

    it(`${profile}: every declared connection produces its allow rules (egress on the from side, ingress on the to side, owned namespaces only)`, () => {
      const { connections, policies, owned } = platform(profile);
      expect(connections.length).toBeGreaterThan(10);
      const ports = (c: Connection): object[] => c.ports.map((p) => ({ port: p.port, protocol: p.protocol }));
      for (const c of connections) {
        const egress = policies.find((p) => p.metadata.name === `${c.name}-egress`);
        const ingress = policies.find((p) => p.metadata.name === `${c.name}-ingress`);
        if (c.from.kind === "pods" && owned.includes(c.from.namespace)) {
          expect(egress?.metadata.namespace, c.name).toBe(c.from.namespace);
          expect(egress!.spec).toEqual({
            podSelector: { matchLabels: c.from.podLabels },
            policyTypes: ["Egress"],
            egress: [{ to: [peerOf(c.to)], ports: ports(c) }],
          });
          expect(egress!.metadata.annotations?.["keelson.dev/reason"]).toBe(c.reason);
        } else {
          expect(egress, c.name).toBeUndefined();
        }
        if (c.to.kind === "pods" && owned.includes(c.to.namespace)) {
          expect(ingress!.spec).toEqual({
            podSelector: { matchLabels: c.to.podLabels },
            policyTypes: ["Ingress"],
            ingress: [{ from: [peerOf(c.from)], ports: ports(c) }],
          });
        } else {
          expect(ingress, c.name).toBeUndefined();
        }
      }
    });
  }

  it("declares DNS for every Keelson namespace, on CoreDNS's pod port and, with NodeLocal DNSCache, its addresses", () => {
    const { connections, owned } = platform("prod");
    for (const ns of owned) {
      const dns = connections.find((c) => c.name === `dns-from-${ns}`)!;
      expect(dns.ports).toEqual([
        { port: 1053, protocol: "UDP" },
        { port: 1053, protocol: "TCP" },
      ]);
      expect(connections.find((c) => c.name === `dns-node-local-from-${ns}`)?.to).toEqual({
        kind: "cidr",
        cidr: "169.254.20.10/32",
      });
      expect(connections.find((c) => c.name === `dns-service-ip-from-${ns}`)?.to).toEqual({
        kind: "cidr",
        cidr: "10.96.0.10/32",
      });
    }
    const managedDns = platform("dev", { dns: { enabled: false } }).connections.find((c) => c.name === "dns-from-keelson-edge")!;
    expect(managedDns.ports).toEqual([
      { port: 53, protocol: "UDP" },
      { port: 53, protocol: "TCP" },
    ]);
  });

  it("opens exactly the declared paths (judged by the policy-evaluator stand-in): a random path between Keelson pods or addresses is open iff a declared connection covers it", () => {
    const { connections, policies, owned } = platform("prod");
    const declaredPods: Pod[] = connections
      .flatMap((c) => [c.from, c.to])
      .filter((e): e is Extract<Connection["from"], { kind: "pods" }> => e.kind === "pods" && owned.includes(e.namespace))
      .map((e) => ({ kind: "pod", namespace: e.namespace, labels: e.podLabels }));
    const pod = fc.oneof(
      fc.constantFrom(...declaredPods),
      fc.record({
        kind: fc.constant("pod" as const),
        namespace: fc.constantFrom(...owned),
        labels: fc.constantFrom<Record<string, string>>({}, { "app.kubernetes.io/name": "intruder" }),
      }),
    );
    const ip = fc.record({
      kind: fc.constant("ip" as const),
      ip: fc.constantFrom("10.96.0.10", "169.254.20.10", "192.0.2.7", "10.0.0.1"),
    });
    const port = fc.constantFrom(...new Set([...connections.flatMap((c) => c.ports.map((p) => p.port)), 22, 5432]));
    const covers = (e: Connection["from"], a: Actor): boolean =>
      e.kind === "cidr"
        ? a.kind === "ip" && inCidr(a.ip, e.cidr)
        : a.kind === "pod" && a.namespace === e.namespace && Object.entries(e.podLabels).every(([k, v]) => a.labels[k] === v);
    fc.assert(
      fc.property(
        fc.oneof(fc.tuple(pod, fc.oneof(pod, ip)), fc.tuple(ip, pod)),
        port,
        fc.constantFrom("TCP" as const, "UDP" as const),
        ([from, to], p, proto) => {
          const declared = connections.some(
            (c) => covers(c.from, from) && covers(c.to, to) && c.ports.some((cp) => cp.port === p && cp.protocol === proto),
          );
          expect(allowed(policies, from, to, p, proto), JSON.stringify({ from, to, p, proto })).toBe(declared);
        },
      ),
      { numRuns: 2000, seed: 4 },
    );
  });

  it("keeps undeclared paths closed (policy-evaluator stand-in): the UI cannot reach Prometheus, the internet cannot reach the UI", () => {
    const { policies } = platform("prod");
    const ui: Pod = {
      kind: "pod",
      namespace: "keelson-ui",
      labels: { "app.kubernetes.io/name": "headlamp", "app.kubernetes.io/component": "ui" },
    };
    const anyMonitoring: Pod = { kind: "pod", namespace: "keelson-monitoring", labels: {} };
    expect(allowed(policies, ui, anyMonitoring, 9090, "TCP")).toBe(false);
    expect(allowed(policies, { kind: "ip", ip: "192.0.2.7" }, ui, 4466, "TCP")).toBe(false);
    const edge: Pod = {
      kind: "pod",
      namespace: "keelson-edge",
      labels: { ...EDGE_SELECTOR, "app.kubernetes.io/part-of": "keelson" },
    };
    expect(allowed(policies, edge, ui, 4466, "TCP")).toBe(true); // declared by the edge (edge-to-ui)
  });

  it("opens Prometheus → NodeLocal DNSCache metrics (9253) on the node addresses of network.nodeCidrs, and nothing else (policy-evaluator stand-in)", () => {
    const prometheus: Pod = {
      kind: "pod",
      namespace: "keelson-monitoring",
      labels: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/component": "monitoring" },
    };
    const grafana: Pod = { kind: "pod", namespace: "keelson-monitoring", labels: { "app.kubernetes.io/name": "grafana" } };
    const node = { kind: "ip" as const, ip: "10.20.0.7" };
    const elsewhere = { kind: "ip" as const, ip: "192.0.2.7" };
    // Default: any address, narrowed to the Prometheus pods and port 9253 (node addresses are not in the config).
    const open = platform("prod").policies;
    expect(allowed(open, prometheus, node, 9253, "TCP")).toBe(true);
    expect(allowed(open, grafana, node, 9253, "TCP")).toBe(false);
    expect(allowed(open, prometheus, node, 9254, "TCP")).toBe(false);
    // Narrowed to the node subnet: every host-network path follows it (kubelet, node-exporter, NodeLocal DNSCache).
    const narrowed = platform("prod", { ...ALL_ON, network: { nodeCidrs: ["10.20.0.0/16"] } });
    for (const port of [9253, 9100, 10250]) {
      expect(allowed(narrowed.policies, prometheus, node, port, "TCP"), String(port)).toBe(true);
      expect(allowed(narrowed.policies, prometheus, elsewhere, port, "TCP"), String(port)).toBe(false);
    }
    expect(narrowed.connections.find((c) => c.name === "prometheus-to-node-local-dns")).toMatchObject({
      to: { kind: "cidr", cidr: "10.20.0.0/16" },
      ports: [{ port: 9253, protocol: "TCP" }],
    });
    // Without NodeLocal DNSCache there is nothing on 9253 to reach.
    expect(platform("dev", {}).connections.some((c) => c.name.startsWith("prometheus-to-node-local-dns"))).toBe(false);
  });

  it("rejects a node address that is not a CIDR block, naming the field", () => {
    expect(() => resolveConfig("dev", { network: { nodeCidrs: ["10.20.0.7"] } })).toThrow(
      `'network.nodeCidrs.0' must be a CIDR block (e.g. '10.0.0.0/8' or 'fd00::/8'), got "10.20.0.7"`,
    );
  });

  it("makes no allow rules without default-deny", () => {
    const { config, policies } = platform("dev", { network: { defaultDeny: false } });
    expect(orderedAddons(config).map((a) => a.name)).not.toContain("network-policies");
    expect(policies.map((p) => p.metadata.name)).toEqual([]);
  });
});

describe("declared connections are validated", () => {
  const base: Connection = {
    name: "a-to-b",
    from: { kind: "pods", namespace: "keelson-ui", podLabels: {} },
    to: { kind: "cidr", cidr: "10.0.0.0/8" },
    ports: [{ port: 80, protocol: "TCP" }],
    reason: "test",
  };

  it("names every problem with its connection and field", () => {
    expect(
      connectionProblems([
        base,
        { ...base, ports: [] },
        {
          ...base,
          name: "Bad_Name",
          to: { kind: "cidr", cidr: "10.0.0.1" },
          ports: [{ port: 70000, protocol: "TCP" }],
          reason: "two\nlines",
        },
      ]),
    ).toEqual([
      "Connection a-to-b: 'name' must be unique among connections, got \"a-to-b\"",
      "Connection a-to-b: 'ports' must be of length >= 1, got []",
      "Connection Bad_Name: 'name' must be a DNS-1123 label of at most 56 characters, got \"Bad_Name\"",
      "Connection Bad_Name: 'ports.0.port' must be a port (1-65535), got 70000",
      "Connection Bad_Name: 'reason' must be one non-empty line, got \"two\\nlines\"",
      "Connection Bad_Name: 'to.cidr' must be a CIDR block (e.g. '10.0.0.0/8'), got \"10.0.0.1\"",
    ]);
  });

  it("fails the chart with a ConfigError", () => {
    const chart = new Chart(Testing.app(), "t");
    expect(() => new ConnectionPolicies(chart, "c", { connections: [base, base], ownedNamespaces: ["keelson-ui"] })).toThrow(
      ConfigError,
    );
  });
});
