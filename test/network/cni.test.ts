import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "../../infra/config";
import { synthesizePlatform } from "../../infra/synth";
import { find, platformObjects } from "./objects";

describe("optional CNI (kube-router)", () => {
  it("is off by default in both profiles", () => {
    for (const profile of ["dev", "prod"] as const) {
      expect(platformObjects(profile).some((o) => o.metadata.name === "kube-router")).toBe(false);
    }
  });

  it("is refused on a managed cluster, with the field named", () => {
    const config = resolveConfig("dev", { network: { cni: { enabled: true } } });
    expect(() => synthesizePlatform(config, "dev")).toThrow(ConfigError);
    expect(() => synthesizePlatform(config, "dev")).toThrow(
      `'network.cni.enabled' must be false when 'platform.clusterType' is "managed" (keep the provider's CNI), got true`,
    );
  });

  it("installs a pinned kube-router DaemonSet that enforces NetworkPolicy, first in the dependency order", () => {
    const overlay = { platform: { clusterType: "self-managed" as const }, network: { cni: { enabled: true, mtu: 1450 } } };
    const config = resolveConfig("prod", overlay);
    expect(synthesizePlatform(config, "prod").charts[0]!.name).toBe("cni");
    const objects = platformObjects("prod", overlay, "cni");
    const ds = find(objects, "DaemonSet", "kube-router", "kube-system");
    const main = ds.spec.template.spec.containers[0];
    expect(main.image).toBe("docker.io/cloudnativelabs/kube-router:v2.11.1");
    expect(main.args).toEqual([
      "--run-router=true",
      "--run-firewall=true",
      "--run-service-proxy=false",
      "--bgp-graceful-restart=true",
    ]);
    const conf = JSON.parse(find(objects, "ConfigMap", "kube-router-cfg").data!["cni-conf.json"]!);
    expect(conf.plugins.map((p: { type: string }) => p.type)).toEqual(["bridge", "portmap"]);
    expect(conf.plugins[0].mtu).toBe(1450);
    const role = find(objects, "ClusterRole", "kube-router");
    const writes = role.rules!.filter((r: { verbs: string[] }) => r.verbs.some((v) => !["get", "list", "watch"].includes(v)));
    expect(writes.map((r: { resources: string[] }) => r.resources.join(","))).toEqual(["leases", "services/status"]);
  });
});
