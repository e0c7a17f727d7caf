import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { NAMESPACE, type PlatformConfig } from "../config";
import { uiBackend } from "../config/ui";
import { Headlamp, KubernetesDashboard, UiRbac } from "../constructs/ui";
import type { Addon, AddonContext, Connection } from "./addon";
import { apiServerConnections } from "./network-connections";

/**
 * The cluster web UI (Headlamp, or the Dashboard v2.7) in its own namespace, with the read-only viewer
 * role. Reached through the edge tier only: the edge adds the route and declares the edge → UI
 * connection (infra/charts/edge-contributions.ts reads uiBackend()).
 */
export class UiChart extends Chart {
  constructor(scope: Construct, id: string, { config }: AddonContext) {
    super(scope, id, { disableResourceNameHashes: true });
    const { ui } = config;
    const pdb = config.platform.podDisruptionBudgets;
    new UiRbac(this, "rbac", { ui });
    if (ui.kind === "headlamp") new Headlamp(this, "headlamp", { ui, podDisruptionBudget: pdb });
    else new KubernetesDashboard(this, "dashboard", { ui, podDisruptionBudget: pdb });
  }
}

/** The UI pods call the API server (with the logged-in user's token). */
export function uiConnections(config: PlatformConfig): Connection[] {
  const backend = uiBackend(config.ui);
  const from = { kind: "pods", namespace: NAMESPACE.ui, podLabels: backend.podLabels } as const;
  return apiServerConnections(config, "ui-to-apiserver", from, "the UI calls the Kubernetes API with the logged-in user's token");
}

export const uiAddon: Addon = {
  name: "ui",
  description: "Cluster web UI (Headlamp or Kubernetes Dashboard v2.7) with a read-only viewer role",
  dependsOn: ["namespaces"],
  enabled: (config) => config.ui.enabled,
  connections: uiConnections,
  create: (scope, context) => new UiChart(scope, "ui", context),
};
