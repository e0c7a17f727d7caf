import { describe, expect, it } from "vitest";
import { find, ofKind, platformObjects, type Obj } from "../network/objects";

const dns = (profile: "dev" | "prod", overlay = {}): Obj[] => platformObjects(profile, overlay, "dns");
const container = (deployment: Obj): any => deployment.spec.template.spec.containers[0]; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("CoreDNS objects", () => {
  it("uses the exact kube-system names kubeadm and kubelets expect", () => {
    const objects = dns("dev");
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`).sort()).toEqual([
      "ClusterRole /system:coredns",
      "ClusterRoleBinding /system:coredns",
      "ConfigMap kube-system/coredns",
      "Deployment kube-system/coredns",
      "Service kube-system/kube-dns",
      "ServiceAccount kube-system/coredns",
    ]);
  });

  it("serves DNS and metrics on the kube-dns Service with the default and a configured cluster IP", () => {
    const svc = find(dns("dev"), "Service", "kube-dns");
    expect(svc.spec.clusterIP).toBe("10.96.0.10");
    expect(svc.spec.selector).toEqual({ "k8s-app": "kube-dns" });
    expect(svc.metadata.labels?.["k8s-app"]).toBe("kube-dns");
    type Port = { name: string; port: number; protocol: string; targetPort: string };
    expect(svc.spec.ports.map((p: Port) => [p.name, p.port, p.protocol, p.targetPort])).toEqual([
      ["dns", 53, "UDP", "dns"],
      ["dns-tcp", 53, "TCP", "dns-tcp"],
      ["metrics", 9153, "TCP", "metrics"],
    ]);
    expect(find(dns("dev", { dns: { clusterIP: "10.100.0.10" } }), "Service", "kube-dns").spec.clusterIP).toBe("10.100.0.10");
  });

  it("gives CoreDNS read-only access to services, namespaces and endpointslices (pods only for `pods verified`)", () => {
    const verbsOf = (objects: Obj[]): string[] => find(objects, "ClusterRole", "system:coredns").rules!.flatMap((r) => r.verbs);
    const resourcesOf = (objects: Obj[]): string[] =>
      find(objects, "ClusterRole", "system:coredns")
        .rules!.flatMap((r) => r.resources)
        .sort();
    expect([...new Set(verbsOf(dns("dev")))].sort()).toEqual(["list", "watch"]);
    expect(resourcesOf(dns("dev"))).toEqual(["endpointslices", "namespaces", "services"]);
    expect(resourcesOf(dns("dev", { dns: { kubernetes: { podsMode: "verified" } } }))).toEqual([
      "endpointslices",
      "namespaces",
      "pods",
      "services",
    ]);
  });

  it("runs CoreDNS non-root, read-only, without capabilities, on a high port, system-cluster-critical", () => {
    const deployment = find(dns("dev"), "Deployment", "coredns");
    const spec = deployment.spec.template.spec;
    expect(spec.priorityClassName).toBe("system-cluster-critical");
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(container(deployment).securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(container(deployment).securityContext.capabilities.add).toBeUndefined();
    expect(container(deployment).ports.map((p: any) => p.containerPort)).toEqual([1053, 1053, 9153]); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(container(deployment).image).toBe("registry.k8s.io/coredns/coredns:v1.14.7");
    expect(container(deployment).resources.requests).toBeDefined();
    expect(container(deployment).resources.limits).toBeDefined();
  });

  it("is highly available in prod: ≥ 2 replicas via the autoscaler, spread, PDB", () => {
    const objects = dns("prod");
    const deployment = find(objects, "Deployment", "coredns");
    expect(deployment.spec.replicas).toBeUndefined(); // owned by the autoscaler
    expect(JSON.parse(find(objects, "ConfigMap", "coredns-autoscaler").data!.linear)).toMatchObject({
      min: 2,
      preventSinglePointFailure: true,
    });
    expect(deployment.spec.template.spec.topologySpreadConstraints.map((t: { topologyKey: string }) => t.topologyKey)).toEqual([
      "kubernetes.io/hostname",
      "topology.kubernetes.io/zone",
    ]);
    expect(find(objects, "PodDisruptionBudget", "coredns").spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { "k8s-app": "kube-dns" } },
    });
    expect(find(dns("prod", { dns: { autoscaler: { enabled: false } } }), "Deployment", "coredns").spec.replicas).toBe(2);
  });

  it("lets the autoscaler read nodes and scale only the coredns Deployment", () => {
    const objects = dns("prod");
    expect(find(objects, "ClusterRole", "keelson:coredns-autoscaler").rules).toEqual([
      { apiGroups: [""], resources: ["nodes"], verbs: ["list", "watch"] },
    ]);
    expect(find(objects, "Role", "coredns-autoscaler", "kube-system").rules).toEqual([
      { apiGroups: [""], resources: ["configmaps"], resourceNames: ["coredns-autoscaler"], verbs: ["get"] },
      { apiGroups: ["apps"], resources: ["deployments/scale"], resourceNames: ["coredns"], verbs: ["get", "update"] },
    ]);
  });

  it("adds NodeLocal DNSCache in prod, configured from the same model and bound to the link-local and kube-dns IPs", () => {
    const objects = dns("prod");
    const ds = find(objects, "DaemonSet", "node-local-dns", "kube-system");
    const args: string[] = container(ds).args;
    expect(args.slice(0, 2)).toEqual(["-localip", "169.254.20.10,10.96.0.10"]);
    expect(find(objects, "ConfigMap", "node-local-dns").data!.Corefile).toContain("    bind 169.254.20.10 10.96.0.10\n");
    expect(find(objects, "Service", "kube-dns-upstream").spec.selector).toEqual({ "k8s-app": "kube-dns" });
    expect(ofKind(dns("dev"), "DaemonSet")).toEqual([]);
  });

  it("rolls the pods when the Corefile changes and only then", () => {
    const hash = (overlay: object): string =>
      find(dns("dev", overlay), "Deployment", "coredns").spec.template.metadata.annotations["keelson.dev/config-hash"];
    expect(hash({})).toBe(
      hash({ dns: { resources: { requests: { cpuMilli: 60, memoryMiB: 64 }, limits: { cpuMilli: 500, memoryMiB: 170 } } } }),
    );
    expect(hash({})).not.toBe(hash({ dns: { hosts: [{ ip: "10.0.0.1", names: ["a.example"] }] } }));
  });
});
