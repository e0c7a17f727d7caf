import { z } from "zod";
import { dnsLabel, dnsSubdomain, positiveInt } from "./common";

/**
 * Where a GitOps controller finds the synthesized manifests. `cdk8s synth` writes an Argo CD Application
 * and Flux objects for it under charts-out/<profile>/gitops/ (see docs/deploy.md).
 */
export const gitopsSchema = z.strictObject({
  /**
   * Git URL of the repository that holds charts-out/ (https://, ssh:// or git@host:path).
   * @default "https://git.example.com/platform/keelson.git"
   */
  repoURL: z
    .string()
    .max(2048, "a URL of at most 2048 characters")
    .regex(
      /^(https:\/\/|ssh:\/\/|git@)[A-Za-z0-9][-A-Za-z0-9.]*(:[0-9]{1,5})?[:/][-A-Za-z0-9._~/]*[A-Za-z0-9_]$/,
      "a Git URL (https://host/path, ssh://host/path or git@host:path)",
    )
    .default("https://git.example.com/platform/keelson.git"),
  /** Branch the controllers follow. @default "main" */
  branch: z
    .string()
    .regex(/^[A-Za-z0-9][-A-Za-z0-9._/]{0,199}$/, "a branch name ([-A-Za-z0-9._/], not starting with a symbol)")
    .refine((b) => !b.includes("..") && !b.endsWith("/") && !b.endsWith(".lock"), "a valid Git branch name")
    .default("main"),
  /** Folder of the synth output inside the repository (charts-out/<profile> lives below it). @default "charts-out" */
  path: z
    .string()
    .regex(
      /^[A-Za-z0-9_][-A-Za-z0-9._]*(\/[A-Za-z0-9_][-A-Za-z0-9._]*)*$/,
      "a relative path without '..' (segments of [-A-Za-z0-9._])",
    )
    .default("charts-out"),
  argocd: z
    .strictObject({
      /** Namespace Argo CD runs in (Applications live there). @default "argocd" */
      namespace: dnsLabel.default("argocd"),
      /** Argo CD project of the Application. @default "default" */
      project: dnsLabel.default("default"),
      /** API server the Application deploys to; the cluster Argo CD runs in by default. @default "https://kubernetes.default.svc" */
      destinationServer: z
        .string()
        .regex(/^https:\/\/[A-Za-z0-9][-A-Za-z0-9.]*(:[0-9]{1,5})?(\/[-A-Za-z0-9._~/]*)?$/, "an https:// API server URL")
        .default("https://kubernetes.default.svc"),
    })
    .prefault({}),
  flux: z
    .strictObject({
      /** Namespace the Flux controllers run in (GitRepository and Kustomizations live there). @default "flux-system" */
      namespace: dnsLabel.default("flux-system"),
      /** How often Flux fetches the repository and reconciles each chart. @default 10 */
      intervalMinutes: positiveInt.max(1440).default(10),
      /** How long Flux waits for a chart's objects to become ready before its dependents may start. @default 5 */
      timeoutMinutes: positiveInt.max(1440).default(5),
      /** Secret (in the Flux namespace) with Git credentials, for a private repository; null for a public one. @default null */
      secretName: dnsSubdomain.nullable().default(null),
    })
    .prefault({}),
});
export type GitopsConfig = z.infer<typeof gitopsSchema>;
