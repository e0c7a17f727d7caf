/**
 * The CustomResourceDefinitions of the GitOps controllers, from their upstream Go modules (downloaded once
 * into the Go module cache, outside the repository): the schemas the API server validates our Argo CD
 * Application and Flux objects against. Versions: the newest releases whose go.mod the local Go 1.26
 * toolchain accepts (Argo CD v3.6.x and Flux v1.10.x need go >= 1.27).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const CRD_FILES: readonly { module: string; files: readonly string[] }[] = [
  { module: "github.com/argoproj/argo-cd/v3@v3.5.7", files: ["manifests/crds/application-crd.yaml"] },
  {
    module: "github.com/fluxcd/source-controller@v1.9.6",
    files: ["config/crd/bases/source.toolkit.fluxcd.io_gitrepositories.yaml"],
  },
  {
    module: "github.com/fluxcd/kustomize-controller@v1.9.6",
    files: ["config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml"],
  },
];

function moduleDir(module: string): string {
  try {
    const output = execFileSync("go", ["mod", "download", "-json", module], {
      encoding: "utf8",
      env: { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const { Dir, Error: error } = JSON.parse(output) as { Dir?: string; Error?: string };
    if (!Dir) throw new Error(error ?? "no Dir");
    return Dir;
  } catch (error) {
    throw new Error(
      `Go is needed to fetch the GitOps CRDs (module ${module}): install Go 1.26 (https://go.dev/dl) or ` +
        `\`apt-get install -y golang\`, then run \`GOFLAGS=-mod=mod go mod download ${module}\`\n(${(error as Error).message})`,
    );
  }
}

/** The upstream CRDs of Argo CD's Application and Flux's GitRepository and Kustomization. */
export function gitopsCrds(): Record<string, unknown>[] {
  return CRD_FILES.flatMap(({ module, files }) => {
    const dir = moduleDir(module);
    return files.flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), "utf8")).map((d) => d.toJSON() as Record<string, unknown>),
    );
  });
}
