import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { checkovSuppressionsOf } from "../../infra/constructs/checkov";
import { ensureCheckov, runCheckov, showCheckovResult, type CheckovRun } from "./support/checkov";
import { fixtureDeployment, fixtureDeploymentWithViolation } from "./support/fixture-workload";
import { CHARTS_OUT, REPO_ROOT, chartsOutProfiles, describeObject, loadChartsOut, metadataOf } from "./support/manifests";

/**
 * Checkov (PyPI, pinned in scripts/checkov.sh, cached venv outside the repo) over every charts-out/<profile>/
 * and every images/<name>/Dockerfile: zero failed checks. Suppressions live on the objects, with reasons.
 */
const DOCKERFILES = readdirSync(join(REPO_ROOT, "images"))
  .map((name) => join("images", name, "Dockerfile"))
  .filter((path) => {
    try {
      return readFileSync(join(REPO_ROOT, path)).length > 0;
    } catch {
      return false;
    }
  });

/** Kinds no Checkov Kubernetes check applies to. */
const UNCHECKED_KINDS = ["Namespace", "Kustomization", "NetworkPolicy"];

let work: string;
beforeAll(() => {
  ensureCheckov();
  work = mkdtempSync(join(tmpdir(), "keelson-checkov-fixture-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("Checkov over the real output", () => {
  let run: CheckovRun;
  beforeAll(() => {
    run = runCheckov([...chartsOutProfiles().map((p) => join(CHARTS_OUT, p)), ...DOCKERFILES.map((d) => join(REPO_ROOT, d))]);
  });

  it("scans every profile and every Dockerfile without parsing errors", () => {
    expect(chartsOutProfiles().length).toBeGreaterThanOrEqual(2);
    expect(DOCKERFILES.length).toBeGreaterThan(0);
    expect(run.parsingErrors).toEqual([]);
    // Checkov writes no Kubernetes report when no object has a check (only Namespaces, say).
    const checkable = chartsOutProfiles().some((p) =>
      loadChartsOut(p).some((l) => !UNCHECKED_KINDS.includes(String(l.object.kind))),
    );
    expect([...new Set(run.reports.map((r) => r.check_type))].sort()).toEqual(
      checkable ? ["dockerfile", "kubernetes"] : ["dockerfile"],
    );
  });

  it("finds zero failed checks", () => {
    expect([...new Set(run.failed.map((r) => `${r.check_id} (${r.check_name}) on ${r.resource}`))].sort()).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it("skips only what the objects' annotations suppress, with their reasons", () => {
    const annotated = new Set<string>();
    for (const profile of chartsOutProfiles()) {
      for (const { object } of loadChartsOut(profile)) {
        for (const s of checkovSuppressionsOf(metadataOf(object).annotations)) annotated.add(`${s.check}=${s.reason}`);
      }
    }
    for (const skipped of run.skipped) {
      expect(annotated, showCheckovResult(skipped)).toContain(`${skipped.check_id}=${skipped.check_result.suppress_comment}`);
    }
  });
});

describe("Checkov fails on a new violation", () => {
  function scanWith(objects: unknown[]): CheckovRun {
    const dir = mkdtempSync(join(work, "profile-"));
    cpSync(join(CHARTS_OUT, "dev"), dir, { recursive: true });
    writeFileSync(join(dir, "fixture.k8s.yaml"), objects.map((o) => stringify(o)).join("---\n"));
    return runCheckov([dir]);
  }

  // The fixture is scanned inside a copy of charts-out/dev (its namespaces and NetworkPolicies are context
  // for Checkov's graph checks); only results on the fixture's own resource are asserted.
  const on = (resource: string) => (r: { resource: string }) => r.resource === resource;

  it("passes a workload built from the shared secure defaults (the control)", () => {
    const run = scanWith([fixtureDeployment("fixture-clean")]);
    expect(run.failed.filter(on("Deployment.keelson-edge.fixture-clean")).map(showCheckovResult)).toEqual([]);
    expect(run.passed.filter(on("Deployment.keelson-edge.fixture-clean")).length).toBeGreaterThan(20);
  });

  it("fails the same workload with allowPrivilegeEscalation: true, naming check and object", () => {
    const broken = fixtureDeploymentWithViolation("fixture-broken");
    const run = scanWith([broken]);
    expect(run.exitCode).toBe(1);
    expect(run.failed.filter(on("Deployment.keelson-edge.fixture-broken")).map((r) => r.check_id)).toEqual(["CKV_K8S_20"]);
    expect(describeObject(broken as never)).toBe("Deployment keelson-edge/fixture-broken");
  });

  it("fails a Dockerfile whose last USER is root", () => {
    const dir = join(work, "image");
    mkdirSync(dir, { recursive: true });
    const original = readFileSync(join(REPO_ROOT, DOCKERFILES[0]!), "utf8");
    writeFileSync(join(dir, "Dockerfile"), `${original.trimEnd()}\nUSER root\n`);
    const run = runCheckov([join(dir, "Dockerfile")]);
    expect(run.exitCode).toBe(1);
    expect(run.failed.map((r) => r.check_id)).toContain("CKV_DOCKER_8");
  });
});
