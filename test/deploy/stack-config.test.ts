import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../infra/deploy/stack-config";

const secret = (key: string) => key === "keelson:secrets" || key === "keelson:registryPassword";

describe("parseStackConfig", () => {
  it("applies the documented defaults to an empty stack config", () => {
    expect(parseStackConfig({}, secret)).toEqual({
      profile: "dev",
      configFile: undefined,
      platform: {},
      kubeconfig: undefined,
      context: undefined,
      buildImages: true,
      registry: undefined,
      push: true,
      builderVersion: "BuilderBuildKit",
      registryUsername: undefined,
      skipAwait: false,
      deployCharts: true,
      externalSecrets: [],
      secretKeys: {},
    });
  });

  it("reads values as Pulumi passes them (strings, JSON for objects) and ignores other namespaces", () => {
    const settings = parseStackConfig(
      {
        "keelson:profile": "prod",
        "keelson:buildImages": "false",
        "keelson:platform": '{"edge":{"replicas":2}}',
        "keelson:externalSecrets": '["grafana-admin"]',
        "keelson:secrets": '{"edge-tls":{"tls.key":"k","tls.crt":"c"}}',
        "kubernetes:context": "elsewhere",
      },
      secret,
    );
    expect(settings).toMatchObject({
      profile: "prod",
      buildImages: false,
      platform: { edge: { replicas: 2 } },
      externalSecrets: ["grafana-admin"],
    });
    expect(settings.secretKeys).toEqual({ "edge-tls": ["tls.crt", "tls.key"] });
  });

  it("lists every problem at once, in the project's error format", () => {
    const raw = {
      "keelson:profile": "staging",
      "keelson:buildImages": "yes",
      "keelson:bogus": "1",
      "keelson:platform": "{not json",
      "keelson:externalSecrets": '["UPPER"]',
      "keelson:secrets": JSON.stringify({ Bad_Name: { k: "hunter2" }, ok: { "bad key!": "x", n: 5 } }),
    };
    expect(() => parseStackConfig(raw, secret)).toThrow(
      [
        "Stack config is invalid (8 problems):",
        `  - 'keelson:platform' must be valid JSON, got "{not json"`,
        `  - 'keelson:profile' must be one of "dev", "prod", got "staging"`,
        `  - 'keelson:buildImages' must be one of "true", "false", got "yes"`,
        `  - 'keelson:externalSecrets.0' must be a DNS-1123 subdomain (lower-case labels separated by '.'), got "UPPER"`,
        `  - 'keelson:bogus' must be a known field (unknown key), got "1"`,
        `  - 'keelson:secrets.Bad_Name' must be a Secret name (DNS-1123 subdomain), got "Bad_Name"`,
        `  - 'keelson:secrets.ok.bad key!' must be a Secret key ([-._a-zA-Z0-9]+), got "bad key!"`,
        `  - 'keelson:secrets.ok.n' must be a string, got (secret)`,
      ].join("\n"),
    );
  });

  it("refuses secret inputs set without --secret, and a password without a user", () => {
    expect(() => parseStackConfig({ "keelson:secrets": "{}", "keelson:registryPassword": "pw" }, () => false)).toThrow(
      [
        "Stack config is invalid (3 problems):",
        "  - 'keelson:secrets' must be set with --secret (pulumi config set --secret ...), got a plaintext value",
        "  - 'keelson:registryPassword' must be set with --secret (pulumi config set --secret ...), got a plaintext value",
        "  - 'keelson:registryUsername' must be set when keelson:registryPassword is, got nothing",
      ].join("\n"),
    );
  });

  it("never puts a secret value into an error message", () => {
    // A marker no message text contains, so finding it means the value leaked.
    const value = fc.string().map((tail) => `S3CR3T-${tail}`);
    fc.assert(
      fc.property(value, fc.constantFrom("Bad Name", "ok"), fc.boolean(), (v, name, nested) => {
        const doc = nested ? { [name]: { key: { deeper: v } } } : { [name]: { "bad key!": v }, other: v };
        try {
          parseStackConfig({ "keelson:secrets": JSON.stringify(doc), "keelson:bogus": "1" }, secret);
        } catch (error) {
          return !(error as Error).message.includes(v);
        }
        return false;
      }),
    );
  });
});
