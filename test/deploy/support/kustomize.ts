/** Runs the real kustomize (the one built into kubectl, as Argo CD and Flux embed kustomize) on a folder. */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { toolsDir } from "../../support/tools-dir";

const INSTALL_HINT =
  "kubectl (with its built-in kustomize) is required: run scripts/tools/build-kubernetes.sh (builds kubectl into " +
  "$KEELSON_TOOLS/kubernetes-<version>/bin), or install kubectl >= 1.27 and put it on PATH, or set KUBECTL=/path/to/kubectl";

/** kubectl to use: $KUBECTL, the one scripts/tools builds, or the one on PATH. Throws with the install command otherwise. */
export function kubectlPath(): string {
  const tools = toolsDir();
  const candidates = [process.env.KUBECTL, ...["1.36.2"].map((v) => join(tools, `kubernetes-${v}`, "bin", "kubectl"))];
  for (const c of candidates) if (c && existsSync(c)) return c;
  const found = spawnSync("sh", ["-c", "command -v kubectl"], { encoding: "utf8" });
  if (found.status === 0 && found.stdout.trim() !== "") return found.stdout.trim();
  throw new Error(INSTALL_HINT);
}

/** `kubectl kustomize [--load-restrictor …] <dir>`, parsed into objects. Throws with kustomize's message. */
export function kustomizeBuild(
  dir: string,
  loadRestrictor: "LoadRestrictionsRootOnly" | "LoadRestrictionsNone" = "LoadRestrictionsRootOnly",
): Record<string, unknown>[] {
  const text = execFileSync(kubectlPath(), ["kustomize", "--load-restrictor", loadRestrictor, dir], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return parseAllDocuments(text).map((d) => d.toJSON() as Record<string, unknown>);
}
