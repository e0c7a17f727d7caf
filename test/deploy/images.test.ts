import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../infra/config";
import { checkRepoDigest, registryServerOf } from "../../infra/deploy/keelson-image";
import { buildableImages, usedKeelsonImages } from "../../infra/deploy/platform-images";
import { synthesizePlatform } from "../../infra/synth";
import { join } from "node:path";
import { FIXTURE_ADDONS } from "./support/fixture-addons";

const ROOT = join(__dirname, "../..");

describe("which images the program builds", () => {
  it("builds the images/<name> folders whose registry reference the pods use, and only those", () => {
    const config = resolveConfig("dev");
    expect(usedKeelsonImages(synthesizePlatform(config, "dev", FIXTURE_ADDONS), config.images, buildableImages(ROOT))).toEqual([
      "edge-nginx",
    ]);
  });

  it("does not build an image the config overrides (the override is deployed as written)", () => {
    const config = resolveConfig("dev", { images: { overrides: { "edge-nginx": "mirror.example.com/edge-nginx:1.0.0" } } });
    expect(usedKeelsonImages(synthesizePlatform(config, "dev", FIXTURE_ADDONS), config.images, buildableImages(ROOT))).toEqual(
      [],
    );
  });

  it("fails when a pod uses a registry image that has no folder to build it from", () => {
    const config = resolveConfig("dev");
    expect(() => usedKeelsonImages(synthesizePlatform(config, "dev", FIXTURE_ADDONS), config.images, ["demo-backend"])).toThrow(
      "Image registry.example.com/keelson/edge-nginx:0.1.0: images/edge-nginx/Dockerfile must exist to build it (buildable: demo-backend)",
    );
  });
});

describe("KeelsonImage references", () => {
  it("accepts a pushed repository digest and rejects a local image ID", () => {
    const digest = `registry.example.com/keelson/edge-nginx@sha256:${"a".repeat(64)}`;
    expect(checkRepoDigest("registry.example.com/keelson/edge-nginx:0.1.0", digest)).toBe(digest);
    expect(() => checkRepoDigest("x/edge-nginx:0.1.0", `sha256:${"b".repeat(64)}`)).toThrow(
      `Image x/edge-nginx:0.1.0: 'repoDigest' must be <repository>@sha256:<digest> after a push, got "sha256:${"b".repeat(64)}"`,
    );
  });

  it("logs in to the registry host of the image name", () => {
    expect(registryServerOf("registry.example.com:5000/keelson/edge-nginx:0.1.0")).toBe("registry.example.com:5000");
  });
});
