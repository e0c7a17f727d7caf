import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../infra/config";
import { renderOutputFiles, synthesizePlatform } from "../../infra/synth";
import { parseAllDocuments } from "yaml";

describe("gitops config", () => {
  it("renders the repository, branch, path and namespaces it is given", () => {
    const gitops = {
      repoURL: "ssh://git.internal:2222/infra/platform.git",
      branch: "release/1.2",
      path: "deploy/charts-out",
      argocd: { namespace: "gitops", project: "platform" },
      flux: { namespace: "flux", intervalMinutes: 3, timeoutMinutes: 15, secretName: "git-ssh" },
    };
    const platform = synthesizePlatform(resolveConfig("prod", { gitops }), "prod");
    const files = renderOutputFiles(platform);
    const [app] = parseAllDocuments(files.get("gitops/argocd/application.yaml")!).map((d) => d.toJSON());
    expect(app.metadata).toMatchObject({ name: "keelson-prod", namespace: "gitops" });
    expect(app.spec.project).toBe("platform");
    expect(app.spec.source).toEqual({ repoURL: gitops.repoURL, targetRevision: "release/1.2", path: "deploy/charts-out/prod" });
    const [source, ...kustomizations] = parseAllDocuments(files.get("gitops/flux/sync.yaml")!).map((d) => d.toJSON());
    expect(source.spec).toEqual({
      interval: "3m",
      url: gitops.repoURL,
      ref: { branch: "release/1.2" },
      secretRef: { name: "git-ssh" },
    });
    expect(kustomizations.map((k) => k.metadata.namespace)).toEqual(platform.charts.map(() => "flux"));
    expect(kustomizations.map((k) => k.spec.path)).toEqual(
      platform.charts.map((c) => `./deploy/charts-out/prod/gitops/flux/charts/${c.name}`),
    );
    expect(kustomizations.map((k) => k.spec.timeout)).toEqual(platform.charts.map(() => "15m"));
  });

  it("rejects values that could smuggle YAML or paths into the GitOps objects, listing each", () => {
    expect(() =>
      resolveConfig("dev", {
        gitops: { repoURL: "https://x/y.git\nkind: Secret", branch: "main\n", path: "../outside", flux: { secretName: "Bad" } },
      }),
    ).toThrow(
      [
        "Keelson config is invalid (4 problems):",
        `  - 'gitops.repoURL' must be a Git URL (https://host/path, ssh://host/path or git@host:path), got "https://x/y.git\\nkind: Secret"`,
        `  - 'gitops.branch' must be a branch name ([-A-Za-z0-9._/], not starting with a symbol), got "main\\n"`,
        `  - 'gitops.path' must be a relative path without '..' (segments of [-A-Za-z0-9._]), got "../outside"`,
        `  - 'gitops.flux.secretName' must be a DNS-1123 subdomain (lower-case labels separated by '.'), got "Bad"`,
      ].join("\n"),
    );
  });
});
