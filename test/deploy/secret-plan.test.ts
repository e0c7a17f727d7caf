import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../infra/config";
import { planSecrets } from "../../infra/deploy/secret-plan";
import { secretReferencesOf, secretUses, type SecretUse } from "../../infra/deploy/secret-refs";
import { synthesizePlatform } from "../../infra/synth";
import { FIXTURE_ADDONS } from "./support/fixture-addons";

const use = (name: string, keys: string[], optional = false, namespace = "keelson-edge"): SecretUse => ({
  namespace,
  name,
  keys,
  optional,
  charts: ["edge"],
});

describe("secretUses", () => {
  it("finds the Secrets pod specs reference, with their namespace and keys", () => {
    const platform = synthesizePlatform(resolveConfig("dev"), "dev", FIXTURE_ADDONS);
    expect(secretUses(platform)).toEqual([
      { namespace: "keelson-edge", name: "edge-basic-auth", keys: ["htpasswd"], optional: false, charts: ["edge-app"] },
    ]);
  });
});

describe("secretReferencesOf", () => {
  it("reads env secretKeyRef, envFrom secretRef, secret volumes and projected secrets, keeping optional", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "keelson-ui", annotations: { secret: "not a reference" } },
      spec: {
        containers: [
          {
            name: "c",
            env: [{ name: "A", valueFrom: { secretKeyRef: { name: "a", key: "k" } } }],
            envFrom: [{ secretRef: { name: "b", optional: true } }],
          },
        ],
        volumes: [
          { name: "v", secret: { secretName: "c", items: [{ key: "tls.crt", path: "crt" }] } },
          { name: "w", projected: { sources: [{ secret: { name: "d" } }] } },
        ],
      },
    };
    expect(secretReferencesOf(pod)).toEqual([
      { name: "a", keys: ["k"], optional: false },
      { name: "b", keys: [], optional: true },
      { name: "c", keys: ["tls.crt"], optional: false },
      { name: "d", keys: [], optional: false },
    ]);
  });
});

describe("planSecrets", () => {
  it("creates each provided Secret in every namespace that uses it; TLS key pairs get the TLS type", () => {
    const uses = [
      use("edge-tls", ["tls.crt", "tls.key"]),
      use("shared", ["token"]),
      use("shared", ["token"], false, "keelson-ui"),
    ];
    const plan = planSecrets(uses, { "edge-tls": ["tls.crt", "tls.key"], shared: ["token"] }, []);
    expect(plan.problems).toEqual([]);
    expect(plan.create.map((p) => [p.namespace, p.name, p.type])).toEqual([
      ["keelson-edge", "edge-tls", "kubernetes.io/tls"],
      ["keelson-edge", "shared", "Opaque"],
      ["keelson-ui", "shared", "Opaque"],
    ]);
  });

  it("skips external and optional Secrets, and reports missing keys, unused names and contradictions", () => {
    const uses = [
      use("grafana-admin", ["password", "user"]),
      use("external", ["x"]),
      use("optional", ["y"], true),
      use("volume", []),
    ];
    const plan = planSecrets(uses, { "grafana-admin": ["user"], typo: ["x"], external: ["x"] }, ["external"]);
    expect(plan.create.map((p) => p.name)).toEqual(["grafana-admin"]);
    expect(plan.problems).toEqual([
      `'keelson:externalSecrets' must not list "external", which keelson:secrets provides`,
      `'keelson:secrets.typo' must be a Secret the platform references (external, grafana-admin, optional, volume), got "typo"`,
      "'keelson:secrets.grafana-admin.password' must be set for keelson-edge/grafana-admin (used by edge): pulumi config set --secret --path 'keelson:secrets.grafana-admin.password' <value>, got nothing",
      "'keelson:secrets.volume.<key>' must be set for keelson-edge/volume (used by edge): pulumi config set --secret --path 'keelson:secrets.volume.<key>' <value>, got nothing",
    ]);
  });
});
