import type { GitopsConfig } from "../config/gitops";
import type { ProfileName } from "../config";
import type { OrderedChart } from "./gitops-order";
import type { KubeObject } from "./synthesize";

/** Name of the Flux GitRepository every Keelson Kustomization reads from. */
export const FLUX_SOURCE_NAME = "keelson";

/** Name of the Flux Kustomization that applies one chart. */
export function fluxKustomizationName(chartName: string): string {
  return `keelson-${chartName}`;
}

/** Folder (relative to charts-out/<profile>/) of the kustomization that holds exactly one chart's file. */
export function fluxChartFolder(chartName: string): string {
  return `gitops/flux/charts/${chartName}`;
}

export function renderFluxGitRepository(gitops: GitopsConfig): KubeObject {
  return {
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "GitRepository",
    metadata: { name: FLUX_SOURCE_NAME, namespace: gitops.flux.namespace, labels: { "app.kubernetes.io/part-of": "keelson" } },
    spec: {
      interval: `${gitops.flux.intervalMinutes}m`,
      url: gitops.repoURL,
      ref: { branch: gitops.branch },
      ...(gitops.flux.secretName === null ? {} : { secretRef: { name: gitops.flux.secretName } }),
    },
  };
}

/**
 * One Flux Kustomization per chart, with `dependsOn` = the chart's dependencies in the addon graph.
 * `wait: true` makes a Kustomization Ready only when all its objects are healthy, so a dependent chart
 * starts only after its dependencies are up (the same gate as Argo CD waves and Pulumi's await).
 */
export function renderFluxKustomization(gitops: GitopsConfig, profile: ProfileName, chart: OrderedChart): KubeObject {
  return {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: {
      name: fluxKustomizationName(chart.name),
      namespace: gitops.flux.namespace,
      labels: { "app.kubernetes.io/part-of": "keelson" },
    },
    spec: {
      ...(chart.dependsOn.length > 0 ? { dependsOn: chart.dependsOn.map((dep) => ({ name: fluxKustomizationName(dep) })) } : {}),
      interval: `${gitops.flux.intervalMinutes}m`,
      timeout: `${gitops.flux.timeoutMinutes}m`,
      path: `./${gitops.path}/${profile}/${fluxChartFolder(chart.name)}`,
      prune: true,
      wait: true,
      sourceRef: { kind: "GitRepository", name: FLUX_SOURCE_NAME },
    },
  };
}
