import { describe, expect, it } from "vitest";
import { ConfigError, PROFILE_NAMES, resolveConfig } from "../../infra/config";

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("resolveConfig", () => {
  it("applies schema defaults and the profile overlay", () => {
    const dev = resolveConfig("dev");
    const prod = resolveConfig("prod");
    expect(dev.platform.clusterDomain).toBe("cluster.local");
    expect(dev.platform.podDisruptionBudgets).toBe(false);
    expect(prod.platform.podDisruptionBudgets).toBe(true);
    expect(prod.platform.storage).toBe("persistentVolume");
    expect(prod.edge.replicas).toBeGreaterThan(dev.edge.replicas);
  });

  it("merges a user overlay over the profile, objects key by key", () => {
    const config = resolveConfig("prod", { platform: { clusterDomain: "corp.example" } });
    expect(config.platform.clusterDomain).toBe("corp.example");
    expect(config.platform.storage).toBe("persistentVolume");
  });

  it("lists an unknown key, a wrong type and an out-of-range number in one error", () => {
    const problems = problemsOf(() =>
      resolveConfig("dev", { platform: { clusterDomian: "x", nodeCount: 0 }, edge: { enabled: "yes" } }),
    );
    expect(problems).toEqual([
      `'platform.nodeCount' must be >= 1, got 0`,
      `'platform.clusterDomian' must be a known field (unknown key), got "x"`,
      `'edge.enabled' must be of type boolean, got "yes"`,
    ]);
  });

  it("names the field and rule for a regex rule", () => {
    expect(problemsOf(() => resolveConfig("dev", { platform: { clusterDomain: "Bad_Domain" } }))).toEqual([
      `'platform.clusterDomain' must be a DNS-1123 subdomain (lower-case labels separated by '.'), got "Bad_Domain"`,
    ]);
  });

  it("rejects an image tag 'latest'", () => {
    expect(problemsOf(() => resolveConfig("dev", { images: { tag: "latest" } }))).toEqual([
      `'images.tag' must be a version (not 'latest'), got "latest"`,
    ]);
  });

  it("names a bad record key with the key's own rule", () => {
    expect(problemsOf(() => resolveConfig("dev", { images: { overrides: { "Bad Name": "a/b:1" } } }))).toEqual([
      `'images.overrides."Bad Name"' must be a valid key (an image name), got "a/b:1"`,
    ]);
  });

  it("keeps a hostile record key on one line", () => {
    const [problem] = problemsOf(() => resolveConfig("dev", { images: { overrides: { "x\ny": "a/b:1" } } }));
    expect(problem).toBe(`'images.overrides."x\\ny"' must be a valid key (an image name), got "a/b:1"`);
  });

  it("reports a '__proto__' key as unknown instead of dropping it", () => {
    const overlay = JSON.parse('{"platform":{"__proto__":1}}') as unknown;
    expect(problemsOf(() => resolveConfig("dev", overlay))).toEqual([
      `'platform.__proto__' must be a known field (unknown key), got 1`,
    ]);
  });

  it("names the accepted forms of a union instead of zod's 'Invalid input'", () => {
    expect(problemsOf(() => resolveConfig("dev", { edge: { upstreams: { a: { hashKey: 5 } } } }))).toContain(
      `'edge.upstreams.a.hashKey' must be either one of "request-uri", "uri", "client-ip", "host" or of type object, got 5`,
    );
    expect(problemsOf(() => resolveConfig("dev", { etcdBackup: { volume: 5 } }))).toContain(
      `'etcdBackup.volume' must be of type object, got 5`,
    );
  });

  it("formats the whole message with a count and one line per problem", () => {
    try {
      resolveConfig("dev", { nope: 1, platform: { nodeCount: -1 } });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe(
        "Keelson config is invalid (2 problems):\n" +
          "  - 'platform.nodeCount' must be >= 1, got -1\n" +
          "  - 'nope' must be a known field (unknown key), got 1",
      );
    }
  });

  it("every profile resolves without problems", () => {
    for (const profile of PROFILE_NAMES) expect(() => resolveConfig(profile)).not.toThrow();
  });
});
