import { dnsLabel } from "../config";
import { renderArgoApplication } from "./gitops-argocd";
import { fluxChartFolder, renderFluxGitRepository, renderFluxKustomization } from "./gitops-flux";
import type { SynthesizedPlatform } from "./synthesize";

/** A YAML document of the GitOps output: a Kubernetes object or a kustomization. */
export type GitopsDocument = Record<string, unknown>;

/** The GitOps folder inside charts-out/<profile>/. */
export const GITOPS_FOLDER = "gitops";

function kustomization(resources: readonly string[]): GitopsDocument {
  return { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: [...resources] };
}

function checkChartNames(platform: SynthesizedPlatform): void {
  const bad = platform.charts.filter((c) => !dnsLabel.safeParse(c.name).success).map((c) => `'${c.name}'`);
  if (bad.length > 0) {
    throw new Error(
      `GitOps output: chart names must be DNS-1123 labels (they name Flux objects and folders), got ${bad.join(", ")}`,
    );
  }
}

/**
 * The GitOps documents of one profile, by path relative to charts-out/<profile>/ (printed by output-files):
 *   gitops/argocd/application.yaml      one Argo CD Application for charts-out/<profile> (sync-waves order it)
 *   gitops/flux/sync.yaml               a GitRepository and one Kustomization per chart, dependsOn = the graph
 *   gitops/flux/charts/<chart>/         one kustomization per chart, pointing at ../../../../<chart>.k8s.yaml
 *   gitops/{argocd,flux}/kustomization.yaml   so `kubectl apply -k` (or a parent Flux/Argo object) takes
 *                                       exactly the bootstrap objects, never the per-chart folders.
 * `chartFile` maps a chart name to its manifest file name in charts-out/<profile>/.
 */
export function renderGitopsDocuments(
  platform: SynthesizedPlatform,
  chartFile: (chartName: string) => string,
): Map<string, readonly GitopsDocument[]> {
  checkChartNames(platform);
  const { gitops } = platform.config;
  const docs = new Map<string, readonly GitopsDocument[]>();
  docs.set(`${GITOPS_FOLDER}/argocd/application.yaml`, [renderArgoApplication(gitops, platform.profile)]);
  docs.set(`${GITOPS_FOLDER}/argocd/kustomization.yaml`, [kustomization(["application.yaml"])]);
  const fluxObjects = [
    renderFluxGitRepository(gitops),
    ...platform.charts.map((c) => renderFluxKustomization(gitops, platform.profile, c)),
  ];
  docs.set(`${GITOPS_FOLDER}/flux/sync.yaml`, fluxObjects);
  docs.set(`${GITOPS_FOLDER}/flux/kustomization.yaml`, [kustomization(["sync.yaml"])]);
  for (const chart of platform.charts) {
    // fluxChartFolder is four levels below charts-out/<profile>/. Flux's kustomize-controller builds with
    // LoadRestrictionsNone on a filesystem confined to the repository checkout (fluxcd/pkg
    // kustomize.SecureBuild), so a file outside the folder but inside the repository may be listed.
    const folder = fluxChartFolder(chart.name);
    const up = folder
      .split("/")
      .map(() => "..")
      .join("/");
    docs.set(`${folder}/kustomization.yaml`, [kustomization([`${up}/${chartFile(chart.name)}`])]);
  }
  return docs;
}
