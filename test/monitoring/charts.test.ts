/* eslint-disable @typescript-eslint/no-explicit-any -- walks synthesized manifests and parsed YAML, whose shape the assertions check */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resolveConfig } from "../../infra/config";
import { synthesizePlatform, type KubeObject } from "../../infra/synth";

const MINE = ["metrics-server", "prometheus", "monitoring-exporters", "grafana", "logging"];

function objectsOf(profile: "dev" | "prod", overlay: unknown = {}): KubeObject[] {
  const platform = synthesizePlatform(resolveConfig(profile, overlay), profile);
  return platform.charts.filter((c) => MINE.includes(c.name)).flatMap((c) => c.objects);
}
const find = (objects: KubeObject[], kind: string, name: string): any =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
const workloads = (objects: KubeObject[]): any[] =>
  objects.filter((o) => ["Deployment", "StatefulSet", "DaemonSet"].includes(o.kind));
const configText = (objects: KubeObject[], name: string, key: string): string => find(objects, "ConfigMap", name).data[key];

describe.each(["dev", "prod"] as const)("monitoring and logging charts (%s)", (profile) => {
  const objects = objectsOf(profile);

  it("every container sets requests and limits, a read-only root filesystem and drops all capabilities", () => {
    const containers = workloads(objects).flatMap((w) => w.spec.template.spec.containers);
    expect(containers.length).toBeGreaterThanOrEqual(8);
    for (const c of containers) {
      expect(Object.keys(c.resources.requests).sort(), c.name).toEqual(["cpu", "memory"]);
      expect(Object.keys(c.resources.limits).sort(), c.name).toEqual(["cpu", "memory"]);
      expect(c.securityContext.readOnlyRootFilesystem, c.name).toBe(true);
      expect(c.securityContext.allowPrivilegeEscalation, c.name).toBe(false);
      expect(c.securityContext.capabilities.drop, c.name).toEqual(["ALL"]);
    }
  });

  it("only the node agents leave the restricted profile, and they live in keelson-node-agents", () => {
    for (const w of workloads(objects)) {
      const spec = w.spec.template.spec;
      const hostAccess =
        spec.hostNetwork ||
        spec.hostPID ||
        (spec.volumes ?? []).some((v: any) => v.hostPath) ||
        spec.securityContext.runAsUser === 0;
      if (hostAccess) expect(w.metadata.namespace, w.metadata.name).toBe("keelson-node-agents");
      else expect(spec.securityContext.runAsNonRoot, w.metadata.name).toBe(true);
    }
    expect(find(objects, "DaemonSet", "node-exporter").spec.template.spec.hostNetwork).toBe(true);
  });

  it("metrics-server serves v1beta1.metrics.k8s.io", () => {
    const api = find(objects, "APIService", "v1beta1.metrics.k8s.io");
    expect(api.spec).toMatchObject({
      group: "metrics.k8s.io",
      version: "v1beta1",
      service: { name: "metrics-server", namespace: "keelson-monitoring", port: 443 },
    });
    expect(find(objects, "Service", "metrics-server").spec.ports[0]).toMatchObject({ port: 443, targetPort: 10250 });
  });

  it("RBAC is read-only and never touches secrets", () => {
    for (const role of objects.filter((o) => o.kind === "ClusterRole") as any[]) {
      for (const rule of role.rules) {
        expect(
          rule.verbs.every((v: string) => ["get", "list", "watch"].includes(v)),
          role.metadata.name,
        ).toBe(true);
        expect(rule.resources ?? [], role.metadata.name).not.toContain("secrets");
        expect([...(rule.resources ?? []), ...(rule.apiGroups ?? []), ...rule.verbs]).not.toContain("*");
      }
    }
  });

  it("Prometheus keeps the configured retention and a volume of the configured size", () => {
    const config = resolveConfig(profile);
    const prom = parse(configText(objects, "prometheus-config", "prometheus.yml"));
    expect(prom.storage.tsdb.retention).toEqual({
      time: `${config.monitoring.prometheus.retention.days}d`,
      size: `${config.monitoring.prometheus.retention.sizeGiB}GB`,
    });
    const sts = find(objects, "StatefulSet", "prometheus");
    const size = `${config.monitoring.prometheus.storageSizeGiB}Gi`;
    if (profile === "prod") expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(size);
    else expect(sts.spec.template.spec.volumes.find((v: any) => v.name === "data").emptyDir.sizeLimit).toBe(size);
  });

  it("disruption budgets follow platform.podDisruptionBudgets", () => {
    const pdbs = objects.filter((o) => o.kind === "PodDisruptionBudget");
    expect(pdbs.length > 0).toBe(profile === "prod");
  });

  it("the log store's ruler remote-writes to every Prometheus replica", () => {
    const loki = parse(configText(objects, "loki-config", "config.yaml"));
    const replicas = resolveConfig(profile).monitoring.prometheus.replicas;
    expect(Object.keys(loki.ruler.remote_write.clients)).toHaveLength(replicas);
    expect(loki.compactor).toMatchObject({ retention_enabled: true, delete_request_store: "filesystem" });
  });

  it("the collector keeps offsets and its queue on the host, and blocks instead of dropping", () => {
    const collector = parse(configText(objects, "log-collector-config", "config.yaml"));
    const ds = find(objects, "DaemonSet", "log-collector");
    const state = ds.spec.template.spec.volumes.find((v: any) => v.name === "state");
    expect(state.hostPath).toEqual({ path: "/var/lib/keelson/log-collector", type: "DirectoryOrCreate" });
    expect(collector.receivers.file_log.storage).toBe("file_storage");
    expect(collector.extensions.file_storage.directory.startsWith(state.hostPath.path)).toBe(true);
    expect(collector.exporters["otlp_http/loki"].sending_queue).toMatchObject({
      storage: "file_storage",
      block_on_overflow: true,
    });
  });
});

describe("cluster type", () => {
  const jobs = (overlay: unknown) =>
    parse(configText(objectsOf("dev", overlay), "prometheus-config", "prometheus.yml")).scrape_configs.map(
      (j: any) => j.job_name,
    );

  it("control-plane scrape jobs exist only on self-managed clusters", () => {
    expect(jobs({})).not.toContain("kube-scheduler");
    expect(jobs({ platform: { clusterType: "self-managed" } })).toEqual(
      expect.arrayContaining(["kube-scheduler", "kube-controller-manager"]),
    );
  });

  it("scrapes the edge exporter and CoreDNS by their published labels and ports", () => {
    const prom = parse(configText(objectsOf("dev"), "prometheus-config", "prometheus.yml"));
    const edge = prom.scrape_configs.find((j: any) => j.job_name === "edge");
    expect(edge.kubernetes_sd_configs).toEqual([{ role: "pod", namespaces: { names: ["keelson-edge"] } }]);
    expect(edge.relabel_configs).toEqual(
      expect.arrayContaining([
        { action: "keep", source_labels: ["__meta_kubernetes_pod_label_app_kubernetes_io_name"], regex: "edge-nginx" },
        { action: "keep", source_labels: ["__meta_kubernetes_pod_container_port_name"], regex: "metrics" },
      ]),
    );
    const dns = prom.scrape_configs.find((j: any) => j.job_name === "coredns");
    expect(dns.relabel_configs).toEqual(
      expect.arrayContaining([{ action: "keep", source_labels: ["__meta_kubernetes_pod_container_port_number"], regex: "9153" }]),
    );
  });

  it("scrapes NodeLocal DNSCache on every node (port 9253) only where it runs, and each DNS Service only once", () => {
    const jobOf = (profile: "dev" | "prod", name: string): any =>
      parse(configText(objectsOf(profile), "prometheus-config", "prometheus.yml")).scrape_configs.find(
        (j: any) => j.job_name === name,
      );
    expect(jobOf("dev", "node-local-dns")).toBeUndefined();
    const nodeLocal = jobOf("prod", "node-local-dns");
    expect(nodeLocal.kubernetes_sd_configs).toEqual([{ role: "pod", namespaces: { names: ["kube-system"] } }]);
    expect(nodeLocal.relabel_configs).toEqual(
      expect.arrayContaining([
        { action: "keep", source_labels: ["__meta_kubernetes_pod_label_k8s_app"], regex: "node-local-dns" },
        { action: "keep", source_labels: ["__meta_kubernetes_pod_container_port_number"], regex: "9253" },
      ]),
    );
    // The dns chart's node-local-dns DaemonSet carries that label and serves metrics on that port.
    const dnsObjects = [...synthesizePlatform(resolveConfig("prod"), "prod").charts.find((c) => c.name === "dns")!.objects];
    const ds: any = find(dnsObjects, "DaemonSet", "node-local-dns");
    expect(ds.spec.template.metadata.labels["k8s-app"]).toBe("node-local-dns");
    expect(ds.spec.template.spec.hostNetwork).toBe(true);
    expect(ds.spec.template.spec.containers[0].ports).toContainEqual({ name: "metrics", containerPort: 9253, protocol: "TCP" });
    // kube-dns and node-local-dns carry prometheus.io/scrape (kubeadm's convention); their pod jobs scrape them,
    // so the annotated-services job must not scrape them a second time.
    for (const name of ["kube-dns", "node-local-dns"])
      expect(find(dnsObjects, "Service", name).metadata.annotations?.["prometheus.io/scrape"], name).toBe("true");
    expect(jobOf("prod", "annotated-services").relabel_configs).toContainEqual({
      action: "drop",
      source_labels: ["__meta_kubernetes_namespace", "__meta_kubernetes_service_name"],
      regex: "kube-system;kube-dns|kube-system;node-local-dns",
    });
  });
});

describe("declared network paths", () => {
  it("every pod scrape job, the collector → store, Grafana → datasources and the API server paths are declared", async () => {
    const { ADDONS } = await import("../../infra/charts");
    const { podScrapeTargets } = await import("../../infra/render/prometheus/targets");
    const config = resolveConfig("dev", { platform: { clusterType: "self-managed" }, dns: { nodeLocal: { enabled: true } } });
    const names = ADDONS.filter((a) => a.enabled(config))
      .flatMap((a) => a.connections?.(config) ?? [])
      .map((c) => c.name);
    // Host-network targets are reached on the node addresses, one connection per network.nodeCidrs entry.
    for (const t of podScrapeTargets(config))
      expect(names, t.job).toContain(t.hostNetwork ? `prometheus-to-${t.job}-0` : `prometheus-to-${t.job}`);
    expect(podScrapeTargets(config).map((t) => t.job)).toContain("node-local-dns");
    expect(names).toEqual(
      expect.arrayContaining([
        "log-collector-to-loki",
        "grafana-to-prometheus",
        "grafana-to-loki",
        "loki-to-prometheus",
        "prometheus-to-kubelet-0",
        "prometheus-to-kubelet-1",
        "metrics-server-to-kubelet-0",
        "prometheus-to-apiserver-0",
        "metrics-server-to-apiserver-0",
        "apiserver-to-metrics-server-0",
        "kube-state-metrics-to-apiserver-0",
        "log-collector-to-apiserver-0",
      ]),
    );
  });
});
