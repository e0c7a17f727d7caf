import { describe, expect, it } from "vitest";
import { addUp, cpuMilli, DEV_BUDGET, memoryMiB, objectRequests } from "../../bench/footprint-lib";
import { resolveConfig } from "../../infra/config";
import { synthesizePlatform } from "../../infra/synth";

describe("platform footprint (bench/footprint)", () => {
  it("reads Kubernetes quantities", () => {
    expect([cpuMilli("250m"), cpuMilli("1"), cpuMilli("0.5"), cpuMilli(2)]).toEqual([250, 1000, 500, 2000]);
    expect([memoryMiB("64Mi"), memoryMiB("1Gi"), memoryMiB("512Ki"), memoryMiB(String(2 ** 21))]).toEqual([64, 1024, 0.5, 2]);
  });

  it("the whole dev platform requests at most 1000m CPU and 2 GiB memory on 3 nodes", () => {
    const config = resolveConfig("dev");
    const objects = synthesizePlatform(config, "dev").charts.flatMap((c) => c.objects);
    const total = addUp(objects.map((o) => objectRequests(o, config.platform.nodeCount, objects)));
    expect(config.platform.nodeCount).toBe(3);
    expect(total.cpuMilli).toBeLessThanOrEqual(DEV_BUDGET.cpuMilli);
    expect(total.memoryMiB).toBeLessThanOrEqual(DEV_BUDGET.memoryMiB);
  });
});
