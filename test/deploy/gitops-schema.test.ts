/**
 * The Argo CD Application and the Flux GitRepository/Kustomizations against the controllers' own CRD schemas
 * (from their upstream releases), strictly: an unknown or mistyped field anywhere is an error, as with
 * server-side apply and fieldValidation=Strict.
 */
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { PROFILE_NAMES, resolveConfig } from "../../infra/config";
import { renderOutputFiles, synthesizePlatform } from "../../infra/synth";
import { KubernetesSchemaValidator } from "../support/k8s-schema";
import { gitopsCrds } from "./support/gitops-crds";

describe("GitOps objects against the upstream CRD schemas", () => {
  const validator = new KubernetesSchemaValidator();
  validator.addCustomResourceDefinitions(gitopsCrds());
  const withSecret = { gitops: { flux: { secretName: "git-credentials" } } };

  it.each(PROFILE_NAMES.flatMap((p) => [[p, {}] as const, [p, withSecret] as const]))(
    "profile %s, config %j",
    (profile, overlay) => {
      const files = renderOutputFiles(synthesizePlatform(resolveConfig(profile, overlay), profile));
      const objects = ["gitops/argocd/application.yaml", "gitops/flux/sync.yaml"].flatMap((f) =>
        parseAllDocuments(files.get(f)!).map((d) => d.toJSON() as Record<string, unknown>),
      );
      expect(objects.map((o) => o.kind)).toContain("Application");
      expect(objects.flatMap((o) => validator.validate(o))).toEqual([]);
    },
  );

  it("rejects an object with a field the CRD does not have (the check is strict)", () => {
    const files = renderOutputFiles(synthesizePlatform(resolveConfig("dev"), "dev"));
    const [kustomization] = parseAllDocuments(files.get("gitops/flux/sync.yaml")!)
      .map((d) => d.toJSON() as { kind: string; spec: Record<string, unknown> })
      .filter((o) => o.kind === "Kustomization");
    expect(validator.validate({ ...kustomization, spec: { ...kustomization.spec, dependOn: [] } })).toEqual([
      expect.stringMatching(/additional properties 'dependOn'$/),
    ]);
  });
});
