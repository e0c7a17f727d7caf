import type { GitopsConfig } from "../config/gitops";
import type { ProfileName } from "../config";
import type { KubeObject } from "./synthesize";

/** Name of the Argo CD Application that syncs one profile's charts. */
export function argoApplicationName(profile: ProfileName): string {
  return `keelson-${profile}`;
}

/**
 * One Argo CD Application for the whole profile folder (charts-out/<profile>, built by kustomize from its
 * kustomization.yaml). Ordering inside the sync comes from the `argocd.argoproj.io/sync-wave` annotation
 * every synthesized object carries: Argo CD applies wave N only after every object of the earlier waves is
 * healthy, and within a wave applies Namespaces and CRDs first and APIServices last (its kind order).
 */
export function renderArgoApplication(gitops: GitopsConfig, profile: ProfileName): KubeObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: {
      name: argoApplicationName(profile),
      namespace: gitops.argocd.namespace,
      labels: { "app.kubernetes.io/part-of": "keelson" },
    },
    spec: {
      project: gitops.argocd.project,
      source: { repoURL: gitops.repoURL, targetRevision: gitops.branch, path: `${gitops.path}/${profile}` },
      // No destination namespace: every synthesized object names its own namespace.
      destination: { server: gitops.argocd.destinationServer },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        // Server-side apply: client-side apply stores the whole object in an annotation, which large CRDs
        // overflow ("metadata.annotations: Too long", kube-prometheus#1511, prometheus-community/helm-charts#2317).
        syncOptions: ["ServerSideApply=true"],
        retry: { limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "3m" } },
      },
    },
  };
}
