import { ApiObject, App, Chart } from "cdk8s";
import { describe, expect, it } from "vitest";
import { checkovSuppressionsOf, suppressCheckov, validateCheckovSuppression } from "../../infra/constructs/checkov";
import { applySecurityExceptions, checkovSuppressionsFor } from "../../infra/constructs/security-exceptions";
import { IMAGE_DIGEST_SUPPRESSION, SECURITY_EXCEPTIONS, showObjectRef } from "../../infra/security/exceptions";
import { freshProfiles } from "./support/fresh-synth";
import { describeObject, metadataOf, type Json } from "./support/manifests";

function scratchObject(annotations?: Record<string, string>): ApiObject {
  const chart = new Chart(new App({ outdir: "/nonexistent-keelson-never-written" }), "c", { disableResourceNameHashes: true });
  return new ApiObject(chart, "o", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "o", namespace: "n", annotations } });
}

describe("suppressCheckov", () => {
  it("writes checkov.io/skip<N> with the next free N and keeps the first reason of a check", () => {
    const object = scratchObject({ "checkov.io/skip1": "CKV_K8S_8=probe lives on a sidecar port" });
    suppressCheckov(object, "CKV_K8S_9", "readiness is the sidecar's, see above");
    suppressCheckov(object, "CKV_K8S_9", "a second, different reason");
    expect(object.toJson().metadata.annotations).toEqual({
      "checkov.io/skip1": "CKV_K8S_8=probe lives on a sidecar port",
      "checkov.io/skip2": "CKV_K8S_9=readiness is the sidecar's, see above",
    });
    expect(checkovSuppressionsOf(object.toJson().metadata.annotations).map((s) => s.check)).toEqual(["CKV_K8S_8", "CKV_K8S_9"]);
  });

  it.each([
    [
      { check: "K8S_43", reason: "a valid reason here" },
      "Checkov suppression: 'check' must be a check id like CKV_K8S_43, got \"K8S_43\"",
    ],
    [
      { check: "CKV_K8S_43", reason: "short" },
      "Checkov suppression CKV_K8S_43: 'reason' must be one line of 10 to 500 characters without '=', got \"short\"",
    ],
    [{ check: "CKV_K8S_43", reason: "a=b is how Checkov splits" }, "without '='"],
    [{ check: "CKV_K8S_43", reason: "two\nlines of reason" }, "one line"],
  ])("rejects %j", (suppression, message) => {
    expect(() => validateCheckovSuppression(suppression)).toThrow(message);
  });
});

describe("applySecurityExceptions", () => {
  function deployment(image: string): Json {
    const chart = new Chart(new App({ outdir: "/nonexistent-keelson-never-written" }), "c", { disableResourceNameHashes: true });
    new ApiObject(chart, "d", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d", namespace: "keelson-edge" },
      spec: { template: { spec: { containers: [{ name: "c", image }] } } },
    });
    applySecurityExceptions(chart);
    applySecurityExceptions(chart); // idempotent
    return chart.toJson()[0] as Json;
  }

  it("suppresses the digest check only where an image has no digest", () => {
    expect(checkovSuppressionsOf(metadataOf(deployment("quay.io/x/y:1.0")).annotations)).toEqual([IMAGE_DIGEST_SUPPRESSION]);
    expect(metadataOf(deployment(`quay.io/x/y:1.0@sha256:${"0".repeat(64)}`)).annotations).toBeUndefined();
  });

  it("derives an object's suppressions from its declared exceptions, then the digest one for a tag-pinned workload", () => {
    const declared = SECURITY_EXCEPTIONS.find((e) => showObjectRef(e.object) === "Deployment kube-system/coredns")!.checkov!;
    const coredns = (image: string): Json => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "coredns", namespace: "kube-system" },
      spec: { template: { spec: { containers: [{ name: "coredns", image }] } } },
    });
    expect(declared.length).toBeGreaterThan(0);
    expect(checkovSuppressionsFor(coredns("quay.io/x/y:1.0"))).toEqual([...declared, IMAGE_DIGEST_SUPPRESSION]);
    expect(checkovSuppressionsFor(coredns(`quay.io/x/y:1.0@sha256:${"0".repeat(64)}`))).toEqual(declared);
    expect(checkovSuppressionsFor({ ...coredns("quay.io/x/y:1.0"), kind: "ConfigMap" })).toEqual([]);
  });
});

describe("infra/security/exceptions.ts", () => {
  it("has valid, one-line reasons everywhere", () => {
    for (const e of SECURITY_EXCEPTIONS) {
      for (const s of e.checkov ?? []) validateCheckovSuppression(s);
      for (const r of [...(e.hardening ?? []), ...(e.rbac ?? [])]) {
        expect(r.reason, showObjectRef(e.object)).toMatch(/^[^\n=]{10,500}$/);
      }
    }
  });

  it("declares each object once", () => {
    const refs = SECURITY_EXCEPTIONS.map((e) => showObjectRef(e.object));
    expect(refs.filter((r, i) => refs.indexOf(r) !== i)).toEqual([]);
  });

  it("is applied to what the registry synthesizes (ADDONS are wrapped with withSecurityExceptions)", () => {
    const missing = freshProfiles().flatMap((p) =>
      p.objects.flatMap((o) => {
        const present = checkovSuppressionsOf(metadataOf(o).annotations);
        return checkovSuppressionsFor(o)
          .filter((e) => !present.some((s) => s.check === e.check && s.reason === e.reason))
          .map((e) => `${p.profile}: ${describeObject(o)} lacks ${e.check}`);
      }),
    );
    expect(missing).toEqual([]);
  });
});
