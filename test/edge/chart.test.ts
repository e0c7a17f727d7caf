/** The edge chart as synthesized: workload hardening, the config hash, scaling, Services, NetworkPolicies. */
import { describe, expect, it } from "vitest";
import { COREDNS_PORTS } from "../../infra/config/dns";
import { builtImage, resolveConfig, type PlatformConfigInput, type ProfileName } from "../../infra/config";
import { edgeAddon } from "../../infra/charts/edge-chart";
import { effectiveEdge } from "../../infra/charts/edge-contributions";
import { configHash, CONFIG_HASH_ANNOTATION } from "../../infra/constructs/workload-defaults";
import { renderEdgeNginxConf } from "../../infra/render/nginx";
import { synthesizePlatform, type KubeObject } from "../../infra/synth";

/* eslint-disable @typescript-eslint/no-explicit-any */
function edgeObjects(profile: ProfileName, overlay: PlatformConfigInput = {}): KubeObject[] {
  const platform = synthesizePlatform(resolveConfig(profile, overlay), profile);
  return platform.charts.find((c) => c.name === "edge")!.objects as KubeObject[];
}

const find = (objects: KubeObject[], kind: string, name: string): any =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

function cpuMilli(q: string): number {
  return q.endsWith("m") ? Number(q.slice(0, -1)) : Number(q) * 1000;
}

/** CPU (milli) and memory (MiB) requests of the chart's workloads at their (minimum) replica counts. */
function requestTotals(objects: KubeObject[]): { cpuMilli: number; memoryMiB: number } {
  let cpu = 0;
  let mem = 0;
  for (const d of objects.filter((o) => o.kind === "Deployment") as any[]) {
    const hpa = objects.find(
      (o: any) => o.kind === "HorizontalPodAutoscaler" && o.spec.scaleTargetRef.name === d.metadata.name,
    ) as any;
    const replicas = d.spec.replicas ?? hpa.spec.minReplicas;
    for (const c of d.spec.template.spec.containers) {
      cpu += cpuMilli(c.resources.requests.cpu) * replicas;
      mem += Number(c.resources.requests.memory.replace("Mi", "")) * replicas;
    }
  }
  return { cpuMilli: cpu, memoryMiB: mem };
}

/** The same totals from the config: (nginx + exporter) x replicas + demo backend x its replicas. */
function configTotals(profile: ProfileName): { cpuMilli: number; memoryMiB: number } {
  const e = resolveConfig(profile).edge;
  const edge = (k: "cpuMilli" | "memoryMiB") => (e.resources.requests[k] + e.exporter.resources.requests[k]) * e.replicas;
  const demo = (k: "cpuMilli" | "memoryMiB") => e.demoBackend.resources.requests[k] * e.demoBackend.replicas;
  return { cpuMilli: edge("cpuMilli") + demo("cpuMilli"), memoryMiB: edge("memoryMiB") + demo("memoryMiB") };
}

describe("edge chart", () => {
  it.each(["dev", "prod"] as const)("%s: every container is hardened, sized and probed", (profile) => {
    for (const d of edgeObjects(profile).filter((o) => o.kind === "Deployment") as any[]) {
      const pod = d.spec.template.spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 101,
        seccompProfile: { type: "RuntimeDefault" },
      });
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"] },
        });
        expect(Object.keys(c.resources.requests).sort()).toEqual(["cpu", "memory"]);
        expect(Object.keys(c.resources.limits).sort()).toEqual(["cpu", "memory"]);
        expect(c.readinessProbe).toBeDefined();
        expect(c.livenessProbe).toBeDefined();
        expect(c.image).not.toMatch(/:latest$/);
      }
    }
  });

  it("runs the built edge image and the pinned exporter, with the `metrics` port and the label Prometheus selects", () => {
    const config = resolveConfig("dev");
    const d = find(edgeObjects("dev"), "Deployment", "edge-nginx");
    const [nginx, exporter] = d.spec.template.spec.containers;
    expect(nginx.image).toBe(builtImage(config.images, "edge-nginx"));
    expect(exporter.image).toBe("docker.io/nginx/nginx-prometheus-exporter:1.5.3");
    expect(exporter.securityContext.runAsUser).toBe(1001);
    expect(exporter.args).toContain("--nginx.scrape-uri=http://127.0.0.1:8081/stub_status");
    expect(exporter.ports).toEqual([{ name: "metrics", containerPort: 9113, protocol: "TCP" }]);
    expect(d.spec.template.metadata.labels["app.kubernetes.io/name"]).toBe("edge-nginx");
    expect(find(edgeObjects("dev"), "Service", "edge-nginx-metrics").spec.ports).toEqual([
      { name: "metrics", port: 9113, protocol: "TCP", targetPort: "metrics" },
    ]);
  });

  it("mounts exactly the rendered nginx.conf and rolls the pods when it changes", () => {
    const objects = edgeObjects("dev");
    const config = resolveConfig("dev");
    const text = renderEdgeNginxConf(effectiveEdge(config), { clusterDomain: config.platform.clusterDomain }).text;
    expect(find(objects, "ConfigMap", "edge-nginx").data["nginx.conf"]).toBe(text);
    const hash = (o: KubeObject[]) =>
      find(o, "Deployment", "edge-nginx").spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION];
    expect(hash(objects)).toBe(configHash(text));
    expect(hash(edgeObjects("dev", { edge: { gzip: { compLevel: 6 } } }))).not.toBe(hash(objects));
  });

  it("drains before stopping: preStop sleep, grace period covering drain and worker_shutdown_timeout, no unavailable pod in a rollout", () => {
    const d = find(edgeObjects("prod"), "Deployment", "edge-nginx");
    const nginx = d.spec.template.spec.containers[0];
    expect(nginx.lifecycle.preStop.exec.command).toEqual(["sleep", "10"]);
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(45);
    expect(d.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(d.spec.template.spec.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual([
      "kubernetes.io/hostname",
      "topology.kubernetes.io/zone",
    ]);
  });

  it("dev: fixed replicas, ClusterIP, no HPA or PDB; prod: HPA owns replicas, LoadBalancer, PDBs", () => {
    const dev = edgeObjects("dev");
    expect(find(dev, "Deployment", "edge-nginx").spec.replicas).toBe(1);
    expect(find(dev, "Service", "edge-nginx").spec.type).toBe("ClusterIP");
    expect(dev.filter((o) => o.kind === "HorizontalPodAutoscaler" || o.kind === "PodDisruptionBudget")).toEqual([]);
    const prod = edgeObjects("prod");
    expect(find(prod, "Deployment", "edge-nginx").spec.replicas).toBeUndefined();
    expect(find(prod, "HorizontalPodAutoscaler", "edge-nginx").spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
    expect(find(prod, "Service", "edge-nginx").spec).toMatchObject({ type: "LoadBalancer", externalTrafficPolicy: "Cluster" });
    expect(
      prod
        .filter((o) => o.kind === "PodDisruptionBudget")
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(["demo-backend", "edge-nginx"]);
  });

  it("dual-stack: the Service asks for both IP families only when edge.dualStack is on", () => {
    expect(find(edgeObjects("prod"), "Service", "edge-nginx").spec.ipFamilyPolicy).toBeUndefined();
    const objects = edgeObjects("prod", { edge: { dualStack: true } });
    expect(find(objects, "Service", "edge-nginx").spec.ipFamilyPolicy).toBe("PreferDualStack");
    const conf = find(objects, "ConfigMap", "edge-nginx").data["nginx.conf"] as string;
    expect(conf).toMatch(/^\s*listen "\[::\]:8080" default_server;$/m);
  });

  it("with TLS: mounts the Secret by reference only and publishes 443", () => {
    const objects = edgeObjects("dev", { edge: { defaultVirtualHost: { tls: { secretName: "edge-tls" } } } });
    const pod = find(objects, "Deployment", "edge-nginx").spec.template.spec;
    expect(pod.volumes.find((v: any) => v.secret)).toEqual({
      name: "secret-0",
      secret: {
        secretName: "edge-tls",
        defaultMode: 0o440,
        items: [
          { key: "tls.crt", path: "tls.crt" },
          { key: "tls.key", path: "tls.key" },
        ],
      },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: "secret-0",
      mountPath: "/etc/nginx/secrets/tls-default",
      readOnly: true,
    });
    expect(find(objects, "Service", "edge-nginx").spec.ports.map((p: any) => [p.name, p.port, p.targetPort])).toEqual([
      ["http", 80, "http"],
      ["https", 443, "https"],
    ]);
    expect(objects.filter((o) => o.kind === "Secret")).toEqual([]);
  });

  it("runs the demo backend behind a headless Service", () => {
    const objects = edgeObjects("dev");
    expect(find(objects, "Service", "demo-backend").spec).toMatchObject({
      clusterIP: "None",
      ports: [{ name: "http", port: 8080 }],
    });
    expect(find(objects, "Deployment", "demo-backend").spec.replicas).toBe(2);
    expect(find(edgeObjects("dev", { edge: { demoBackend: { enabled: false } } }), "Deployment", "demo-backend")).toBeUndefined();
  });

  it("declares its network paths: clients to the public ports, the edge to each upstream's pods, and the cluster DNS unless Keelson's DNS addon opens it", () => {
    const connections = edgeAddon.connections!(resolveConfig("dev"));
    expect(connections.map((c) => c.name)).toEqual([
      "internet-to-edge",
      "internet-v6-to-edge",
      "edge-to-demo-backend",
      "edge-to-ui",
    ]);
    const byName = Object.fromEntries(connections.map((c) => [c.name, c]));
    // The UI's Service port is 80; NetworkPolicy sees the pod's port.
    expect(byName["edge-to-ui"]).toMatchObject({
      to: { kind: "pods", namespace: "keelson-ui" },
      ports: [{ port: 4466, protocol: "TCP" }],
    });
    expect(byName["internet-to-edge"]).toMatchObject({
      from: { kind: "cidr", cidr: "0.0.0.0/0" },
      ports: [{ port: 8080, protocol: "TCP" }],
    });
    const withClusterDns = edgeAddon.connections!(resolveConfig("dev", { dns: { enabled: false } }));
    expect(withClusterDns.find((c) => c.name === "edge-to-dns")).toMatchObject({
      to: { kind: "pods", namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } },
      ports: [
        { port: 53, protocol: "UDP" },
        { port: 53, protocol: "TCP" },
      ],
    });
  });

  it("points nginx's resolver where the pods' DNS is: the kube-dns IP, NodeLocal DNSCache, or the cluster's kube-dns by name", () => {
    const resolver = (profile: ProfileName, overlay: PlatformConfigInput = {}) =>
      effectiveEdge(resolveConfig(profile, overlay)).resolver.addresses;
    // The kube-dns Service IP (dev) and NodeLocal DNSCache's link-local address (prod), as shipped.
    expect(resolver("dev")).toEqual(["10.96.0.10"]);
    expect(resolver("prod")).toEqual(["169.254.20.10"]);
    expect(resolver("dev", { dns: { enabled: false } })).toEqual(["kube-dns.kube-system.svc.cluster.local"]);
    expect(resolver("dev", { edge: { resolver: { addresses: ["192.0.2.53"] } } })).toEqual(["192.0.2.53"]);
  });

  it("gets exactly those paths opened by the network-policy chart: nothing else reaches or leaves the edge pods", () => {
    const platform = synthesizePlatform(resolveConfig("dev"), "dev");
    const policies = platform.charts.find((c) => c.name === "network-policies")!.objects as any[];
    const onEdge = policies.filter(
      (p) =>
        p.metadata.namespace === "keelson-edge" && p.spec.podSelector.matchLabels?.["app.kubernetes.io/name"] === "edge-nginx",
    );
    const ingress = onEdge
      .flatMap((p) => p.spec.ingress ?? [])
      .map((r: any) => [
        r.from[0].ipBlock?.cidr ?? r.from[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"],
        r.ports.map((x: any) => x.port),
      ]);
    // Clients anywhere on the public port; Prometheus (monitoring's own connection) on the metrics port.
    expect(ingress).toContainEqual(["0.0.0.0/0", [8080]]);
    expect(ingress.filter(([from]: any) => from !== "0.0.0.0/0" && from !== "::/0").map(([, ports]: any) => ports)).toEqual([
      [9113],
    ]);
    const egress = onEdge
      .flatMap((p) => p.spec.egress ?? [])
      .map((r: any) => [r.to[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"], r.ports.map((x: any) => x.port)]);
    expect(egress.sort()).toEqual([
      ["keelson-edge", [8080]],
      ["keelson-ui", [4466]],
    ]);
    // DNS: the DNS addon's policy for every pod of the namespace, on its CoreDNS pods' port.
    const dns = policies.find((p) => p.metadata.name === "dns-from-keelson-edge-egress");
    expect(dns.spec.podSelector).toEqual({ matchLabels: {} });
    expect(dns.spec.egress[0].ports.map((x: any) => x.port)).toEqual([COREDNS_PORTS.dns, COREDNS_PORTS.dns]);
    const demoIngress = policies.find((p) => p.metadata.name === "edge-to-demo-backend-ingress");
    expect(demoIngress.spec.podSelector.matchLabels).toEqual({ "app.kubernetes.io/name": "demo-backend" });
    expect(demoIngress.spec.ingress[0].from[0].podSelector.matchLabels).toEqual({ "app.kubernetes.io/name": "edge-nginx" });
  });

  it("requests what the config says, and in dev stays within a fifth of the platform budget (1000m / 2 GiB)", () => {
    for (const profile of ["dev", "prod"] as const) expect(requestTotals(edgeObjects(profile))).toEqual(configTotals(profile));
    const dev = requestTotals(edgeObjects("dev"));
    expect(dev.cpuMilli).toBeLessThanOrEqual(200);
    expect(dev.memoryMiB).toBeLessThanOrEqual(2048 / 5);
  });
});
