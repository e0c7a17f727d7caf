import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../infra/config";
import { secretUses } from "../../infra/deploy/secret-refs";
import { synthesizePlatform } from "../../infra/synth";
import { isSecretValue, valueOf } from "../deploy/support/pulumi-double";
import { runProgram, type ProgramRun } from "../deploy/support/run-program";
import { CHARTS_OUT, REPO_ROOT, filesUnder } from "./support/manifests";
import {
  CREDENTIAL_PATTERNS,
  concretePaths,
  encodingsOf,
  leakedCanaries,
  matchesSchemaPath,
  secretInputs,
} from "./support/secret-scan";

/**
 * Distinctive secret values set through every secret input (Pulumi stack secrets, Secret references in
 * the config, and the environment of `npm run synth`) must never reach charts-out/ or any plain
 * (non-secret) value of the Pulumi program: only the data of the Kubernetes Secrets Pulumi creates.
 */
const CANARY = (what: string) => `KeelsonCanary${what.replace(/[^A-Za-z0-9]/g, "")}Q7v2Zx9`;

/** A config using every kind of Secret reference Keelson has (test: "covers every secret input"). */
const OVERLAY = {
  edge: {
    upstreams: {
      app: { servers: [{ address: "app.example.test:8080" }], egressCidrs: ["192.0.2.0/24"] },
      secure: {
        servers: [{ address: "secure.example.test:8443" }],
        egressCidrs: ["192.0.2.0/24"],
        tls: { caSecret: { name: "canary-upstream-ca", key: "ca.crt" } },
      },
    },
    defaultVirtualHost: {
      tls: { secretName: "canary-default-tls" },
      routes: {
        admin: {
          path: "/admin",
          upstream: "app",
          basicAuth: { realm: "admin", secret: { name: "canary-default-auth", key: "htpasswd" } },
        },
      },
    },
    virtualHosts: {
      shop: {
        serverNames: ["shop.example.test"],
        tls: { secretName: "canary-shop-tls" },
        routes: {
          root: {
            path: "/",
            upstream: "app",
            basicAuth: { realm: "shop", secret: { name: "canary-shop-auth", key: "htpasswd" } },
          },
        },
      },
    },
  },
  gitops: { flux: { secretName: "canary-flux-git" } },
  monitoring: {
    grafana: { adminUser: { name: "canary-grafana", key: "user" }, adminPassword: { name: "canary-grafana", key: "password" } },
    alertmanager: {
      receivers: [
        { name: "hook", webhook: { urlSecret: { name: "canary-webhook", key: "url" } } },
        { name: "chat", slack: { apiUrlSecret: { name: "canary-slack", key: "api-url" }, channel: "#alerts" } },
      ],
      defaultReceiver: "hook",
    },
  },
};

/** keelson:secrets with a distinctive value for every key of every Secret the platform references. */
function stackSecrets(): Record<string, Record<string, string>> {
  const platform = synthesizePlatform(resolveConfig("dev", OVERLAY), "dev");
  const doc: Record<string, Record<string, string>> = {};
  for (const use of secretUses(platform)) {
    for (const key of use.keys) (doc[use.name] ??= {})[key] = CANARY(`${use.name}${key}`);
  }
  return doc;
}

const SECRETS = stackSecrets();
const REGISTRY_PASSWORD = CANARY("registrypassword");
const CANARIES = [...Object.values(SECRETS).flatMap((keys) => Object.values(keys)), REGISTRY_PASSWORD];

describe("secret inputs", () => {
  it("the test config covers every secret input of the config schema", () => {
    const inputs = secretInputs();
    expect(inputs.length).toBeGreaterThan(0);
    const paths = concretePaths(OVERLAY);
    expect(inputs.filter((input) => !paths.some((p) => matchesSchemaPath(p, input)))).toEqual([]);
  });

  it("every Secret the config references gets a distinctive stack secret", () => {
    expect(Object.keys(SECRETS).length).toBeGreaterThanOrEqual(7);
    expect(new Set(CANARIES).size).toBe(CANARIES.length);
  });
});

describe("npm run synth (the real CLI) with canaries in the config and the environment", () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "keelson-secrets-"));
    const configFile = join(out, "keelson.json");
    writeFileSync(configFile, JSON.stringify(OVERLAY));
    const pulumiConfig = { "keelson:secrets": JSON.stringify(SECRETS), "keelson:registryPassword": REGISTRY_PASSWORD };
    const env = {
      ...process.env,
      PULUMI_CONFIG: JSON.stringify(pulumiConfig),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(Object.keys(pulumiConfig)),
      KEELSON_SECRETS: JSON.stringify(SECRETS),
      GRAFANA_ADMIN_PASSWORD: CANARIES[0],
      REGISTRY_PASSWORD,
    };
    const result = spawnSync("npx", ["tsx", "infra/main.ts", "--config", configFile, "--out", join(out, "charts-out")], {
      cwd: REPO_ROOT,
      env,
      encoding: "utf8",
      timeout: 300_000,
    });
    expect(result.status, result.stderr).toBe(0);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("writes no secret value, in any encoding, into any output file", () => {
    const root = join(out, "charts-out");
    const files = filesUnder(root);
    expect(files.length).toBeGreaterThan(5);
    const leaks = files.flatMap((f) =>
      leakedCanaries(readFileSync(f, "utf8"), CANARIES).map((c) => `${relative(root, f)}: ${c}`),
    );
    expect(leaks).toEqual([]);
    // The references themselves are there: the canary config was really synthesized.
    expect(files.some((f) => readFileSync(f, "utf8").includes("canary-shop-auth"))).toBe(true);
  });
});

describe("the Pulumi program (engine double) with canaries as stack secrets", () => {
  let run: ProgramRun;
  const plain: string[] = [];
  const secret: string[] = [];
  beforeAll(async () => {
    run = await runProgram(
      {
        "keelson:profile": "dev",
        "keelson:platform": JSON.stringify(OVERLAY),
        "keelson:secrets": JSON.stringify(SECRETS),
        "keelson:registryUsername": "keelson",
        "keelson:registryPassword": REGISTRY_PASSWORD,
      },
      { secretKeys: ["keelson:secrets", "keelson:registryPassword"] },
    );
    // Split every registered input into what the engine stores as secret and what it stores in plain.
    const split = (value: unknown): unknown => {
      if (isSecretValue(value)) {
        secret.push(JSON.stringify((value as { value: unknown }).value));
        return "[secret]";
      }
      if (Array.isArray(value)) return value.map(split);
      if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, split(v)]));
      return value;
    };
    for (const r of run.records) plain.push(JSON.stringify({ type: r.type, name: r.name, inputs: split(r.inputs) }));
  }, 300_000);

  it("puts every stack secret into a Kubernetes Secret, marked secret (the control: values do flow)", () => {
    const stored = secret.join("\n");
    expect(CANARIES.filter((c) => c !== REGISTRY_PASSWORD && leakedCanaries(stored, [c]).length === 0)).toEqual([]);
  });

  it("keeps every secret value out of plain resource inputs", () => {
    const leaks = plain.flatMap((text) => leakedCanaries(text, CANARIES).map((c) => `${c} in ${text.slice(0, 120)}`));
    expect(leaks).toEqual([]);
  });

  it("keeps every secret value out of the stack outputs", async () => {
    const { charts, images, ...urls } = run.deployment.outputs;
    const values = [
      JSON.stringify(charts),
      ...(await Promise.all(Object.values(images).map((o) => valueOf(o)))),
      ...(await Promise.all(
        Object.values(urls)
          .filter((o) => o !== undefined)
          .map((o) => valueOf(o!)),
      )),
    ];
    expect(values.length).toBeGreaterThan(1);
    expect(leakedCanaries(values.join("\n"), CANARIES)).toEqual([]);
  });
});

describe("charts-out/ as committed", () => {
  it("contains no credential-looking value and no Secret with data", () => {
    const hits = filesUnder(CHARTS_OUT).flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return CREDENTIAL_PATTERNS.filter(([, re]) => re.test(text)).map(
        ([what]) => `${relative(REPO_ROOT, file)}: ${what} (${re(text, what)})`,
      );
    });
    expect(hits).toEqual([]);
  });

  it("the credential patterns catch what they are for (the control)", () => {
    const samples = [
      "-----BEGIN PRIVATE KEY-----",
      "user:$apr1$abcd$0123456789",
      "AKIAABCDEFGHIJKLMNOP",
      "xoxb-1234567890-abcdef",
      "url: https://hooks.slack.com/services/T000/B000/XXXX",
      "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig",
      "https://user:hunter2@example.com/",
      "admin_password = hunter2hunter2",
    ];
    for (const sample of samples)
      expect(
        CREDENTIAL_PATTERNS.some(([, r]) => r.test(sample)),
        sample,
      ).toBe(true);
    for (const fine of [
      "credentials_file: /var/run/secrets/token",
      "password_file: /etc/x",
      "secretName: grafana-admin",
      "password: ${GF_PASSWORD}",
    ]) {
      expect(
        CREDENTIAL_PATTERNS.some(([, r]) => r.test(fine)),
        fine,
      ).toBe(false);
    }
    expect(encodingsOf("a b")).toContain("a%20b");
  });
});

function re(text: string, what: string): string {
  const pattern = CREDENTIAL_PATTERNS.find(([w]) => w === what)![1];
  return (pattern.exec(text)?.[0] ?? "").slice(0, 40);
}
