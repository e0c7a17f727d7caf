/** A panel: one query against one datasource. Grid positions are computed by the renderer. */
export interface PanelSpec {
  readonly title: string;
  readonly kind: "timeseries" | "stat" | "logs";
  readonly datasource: "prometheus" | "loki";
  readonly expr: string;
  /** Legend template, e.g. "{{namespace}}". */
  readonly legend?: string;
  /** Grafana unit id, e.g. "percentunit", "bytes", "reqps", "s". */
  readonly unit?: string;
}

export interface DashboardSpec {
  /** Stable uid (URLs and links keep working across re-provisioning). */
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly panels: readonly PanelSpec[];
}
