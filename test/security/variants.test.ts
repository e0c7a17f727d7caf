import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { checkovSuppressionsOf } from "../../infra/constructs/checkov";
import { checkovSuppressionsFor } from "../../infra/constructs/security-exceptions";
import { SECURITY_EXCEPTIONS, showObjectRef } from "../../infra/security/exceptions";
import { ensureCheckov, runCheckov } from "./support/checkov";
import { excusedBy, hardeningFindings, hardeningViolations } from "./support/hardening";
import { describeObject, metadataOf, type Json } from "./support/manifests";
import { excusedRbac, rbacFindings, rbacViolations } from "./support/rbac";
import { distinctVariantObjects, switchVariants, type Variant } from "./support/variants";

/**
 * The security rules over every config one switch away from a profile (each boolean flipped, each enum
 * value), not only the defaults in charts-out/: an option must not be a way around the gate.
 */
let variants: Variant[];
let everyObject: Json[];
beforeAll(() => {
  variants = switchVariants();
  everyObject = distinctVariantObjects(variants);
});

describe("every config one switch away from a profile", () => {
  it("covers opt-in objects (sanity: more variants than profiles, more objects than the defaults)", () => {
    expect(variants.length).toBeGreaterThan(10);
    expect(everyObject.length).toBeGreaterThan(variants[0]!.objects.length);
  });

  it("has only hardened workloads, except where infra/security/exceptions.ts says why", () => {
    const violations = variants.flatMap((v) => hardeningViolations(v.objects).map((line) => `${v.label}: ${line}`));
    expect([...new Set(violations)]).toEqual([]);
  });

  it("grants nothing the RBAC review rejects, except where listed with a reason", () => {
    const violations = variants.flatMap((v) => rbacViolations(v.objects).map((line) => `${v.label}: ${line}`));
    expect([...new Set(violations)]).toEqual([]);
  });
});

describe("infra/security/exceptions.ts against what Keelson can emit", () => {
  it("has no stale entry: each names an object a profile, or one switch away from it, synthesizes", () => {
    const present = new Set(everyObject.map((o) => describeObject(o)));
    expect(SECURITY_EXCEPTIONS.map((e) => showObjectRef(e.object)).filter((r) => !present.has(r))).toEqual([]);
  });

  it("has no unneeded hardening or RBAC exception: each excuses a real finding", () => {
    const used = new Set<unknown>();
    for (const o of everyObject) {
      for (const f of hardeningFindings(o)) used.add(excusedBy(f));
      for (const f of rbacFindings(o)) used.add(excusedRbac(f));
    }
    const unused = SECURITY_EXCEPTIONS.flatMap((e) =>
      [...(e.hardening ?? []), ...(e.rbac ?? [])].filter((x) => !used.has(x)).map((x) => `${showObjectRef(e.object)}: ${x.rule}`),
    );
    expect(unused).toEqual([]);
  });

  it("declares every Checkov suppression found on an object", () => {
    const undeclared = everyObject.flatMap((o) => {
      // Declared in infra/security/exceptions.ts, plus the image-digest suppression on a workload without digests.
      const declared = checkovSuppressionsFor(o);
      return checkovSuppressionsOf(metadataOf(o).annotations)
        .filter((s) => !declared.some((d) => d.check === s.check && d.reason === s.reason))
        .map((s) => `${describeObject(o)}: ${s.check}=${s.reason}`);
    });
    expect(undeclared).toEqual([]);
  });
});

describe("Checkov over every object a single switch turns on", () => {
  let dir: string;
  beforeAll(() => {
    ensureCheckov();
    dir = mkdtempSync(join(tmpdir(), "keelson-checkov-variants-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds zero failed checks", () => {
    // One file per distinct object: an object that differs between variants is scanned in each form.
    mkdirSync(join(dir, "objects"));
    everyObject.forEach((o, i) => writeFileSync(join(dir, "objects", `${String(i).padStart(4, "0")}.yaml`), stringify(o)));
    const run = runCheckov([join(dir, "objects")]);
    expect(run.parsingErrors).toEqual([]);
    expect([...new Set(run.failed.map((r) => `${r.check_id} (${r.check_name}) on ${r.resource}`))].sort()).toEqual([]);
  });
});
