import type { DashboardSpec, PanelSpec } from "./dashboard-model";

const GRID_WIDTH = 24;

/** Grid width and height of each panel kind. */
const PANEL_SIZE: Readonly<Record<PanelSpec["kind"], { readonly w: number; readonly h: number }>> = {
  stat: { w: 6, h: 4 },
  timeseries: { w: 12, h: 8 },
  logs: { w: 24, h: 12 },
};

/** Lays panels out left to right, wrapping rows, in the order given. */
function layout(panels: readonly PanelSpec[]): { x: number; y: number; w: number; h: number }[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return panels.map((p) => {
    const { w, h } = PANEL_SIZE[p.kind];
    if (x + w > GRID_WIDTH) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const pos = { x, y, w, h };
    x += w;
    rowHeight = Math.max(rowHeight, h);
    return pos;
  });
}

function panelJson(panel: PanelSpec, id: number, gridPos: ReturnType<typeof layout>[number]): Record<string, unknown> {
  return {
    id,
    type: panel.kind,
    title: panel.title,
    gridPos,
    datasource: { type: panel.datasource, uid: panel.datasource },
    targets: [
      {
        refId: "A",
        datasource: { type: panel.datasource, uid: panel.datasource },
        expr: panel.expr,
        ...(panel.legend ? { legendFormat: panel.legend } : {}),
      },
    ],
    ...(panel.unit ? { fieldConfig: { defaults: { unit: panel.unit }, overrides: [] } } : {}),
    options: {},
  };
}

/** Objects' keys in code-unit order (not locale order), so the output is the same everywhere. */
function sortKeys(_key: string, value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Sorted-key JSON with 2-space indentation: the one JSON printer for dashboards. */
function printJson(value: unknown): string {
  return `${JSON.stringify(value, sortKeys, 2)}\n`;
}

/** A Grafana dashboard JSON model (schemaVersion 39) for file provisioning. */
export function renderDashboard(spec: DashboardSpec): string {
  const positions = layout(spec.panels);
  return printJson({
    uid: spec.uid,
    title: spec.title,
    tags: spec.tags,
    editable: false,
    schemaVersion: 39,
    version: 1,
    time: { from: "now-6h", to: "now" },
    refresh: "1m",
    timezone: "utc",
    templating: { list: [] },
    annotations: { list: [] },
    panels: spec.panels.map((p, i) => panelJson(p, i + 1, positions[i]!)),
  });
}
