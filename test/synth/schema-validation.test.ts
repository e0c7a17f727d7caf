import { beforeAll, describe, expect, it } from "vitest";
import { KubernetesSchemaValidator } from "../support/k8s-schema";
import { synthesizeAllProfiles } from "../support/synth-both";

let validator: KubernetesSchemaValidator;

beforeAll(() => {
  validator = new KubernetesSchemaValidator();
});

describe("every synthesized object against the Kubernetes OpenAPI schema (strict, offline)", () => {
  for (const platform of synthesizeAllProfiles()) {
    it(`profile ${platform.profile}: all objects are valid`, () => {
      const objects = platform.charts.flatMap((c) => c.objects);
      validator.addCustomResourceDefinitions(objects);
      const problems = objects.flatMap((o) => validator.validate(o));
      expect(problems).toEqual([]);
      expect(objects.length).toBeGreaterThan(0);
    });
  }

  it("rejects an object with an unknown field, naming it", () => {
    const bad = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "x", namespace: "keelson-edge", lables: { a: "b" } },
      data: { a: "b" },
    };
    expect(validator.validate(bad)).toEqual(["ConfigMap keelson-edge/x: /metadata must NOT have additional properties 'lables'"]);
  });

  it("rejects an unknown field deep in a pod template and a wrong type", () => {
    const bad = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d", namespace: "n" },
      spec: {
        replicas: "two",
        selector: { matchLabels: { a: "b" } },
        template: {
          metadata: { labels: { a: "b" } },
          spec: { containers: [{ name: "c", image: "i:1", securityContext: { runAsNonRot: true } }] },
        },
      },
    };
    const problems = validator.validate(bad);
    expect(problems).toContain("Deployment n/d: /spec/replicas must be integer");
    expect(problems).toContain(
      "Deployment n/d: /spec/template/spec/containers/0/securityContext must NOT have additional properties 'runAsNonRot'",
    );
  });

  it("rejects a kind the schema does not know", () => {
    expect(validator.validate({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } })).toEqual([
      "Widget w: no schema for example.com/v1/Widget in the Kubernetes OpenAPI schema or a CRD",
    ]);
  });
});
