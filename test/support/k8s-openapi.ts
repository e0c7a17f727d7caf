import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The Kubernetes version whose OpenAPI schema manifests are validated against (same as the e2e bench). */
export const KUBERNETES_VERSION = "v1.36.2";

const INSTALL_HINT =
  "Go is needed to fetch the Kubernetes OpenAPI schema (module k8s.io/kubernetes): install Go 1.26 " +
  "(https://go.dev/dl) or `apt-get install -y golang`, then run `GOFLAGS=-mod=mod go mod download k8s.io/kubernetes@" +
  KUBERNETES_VERSION +
  "`";

/**
 * Path of api/openapi-spec/swagger.json from the k8s.io/kubernetes Go module. The module is downloaded
 * once into the Go module cache (outside the repository) and reused; no other network access.
 */
export function kubernetesSwaggerPath(): string {
  let output: string;
  try {
    output = execFileSync("go", ["mod", "download", "-json", `k8s.io/kubernetes@${KUBERNETES_VERSION}`], {
      encoding: "utf8",
      env: { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" },
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    throw new Error(`${INSTALL_HINT}\n(${(error as Error).message})`);
  }
  const dir = (JSON.parse(output) as { Dir?: string }).Dir;
  const path = dir ? join(dir, "api", "openapi-spec", "swagger.json") : "";
  if (!existsSync(path)) throw new Error(`swagger.json not found in ${dir ?? "(no module dir)"}. ${INSTALL_HINT}`);
  return path;
}

export interface Swagger {
  definitions: Record<string, Record<string, unknown>>;
}

export function loadKubernetesSwagger(): Swagger {
  return JSON.parse(readFileSync(kubernetesSwaggerPath(), "utf8")) as Swagger;
}
