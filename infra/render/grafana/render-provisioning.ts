import { printYaml } from "../prometheus/print-yaml";

export interface DatasourceSpec {
  readonly name: string;
  readonly type: "prometheus" | "loki";
  readonly url: string;
  readonly isDefault: boolean;
}

/** provisioning/datasources/*.yaml: the uid equals the type, which the dashboards reference. */
export function renderDatasources(datasources: readonly DatasourceSpec[]): string {
  return printYaml({
    apiVersion: 1,
    datasources: datasources.map((d) => ({
      name: d.name,
      type: d.type,
      uid: d.type,
      access: "proxy",
      url: d.url,
      isDefault: d.isDefault,
      editable: false,
    })),
  });
}

/** provisioning/dashboards/*.yaml: a file provider for the dashboards mounted at `path`. */
export function renderDashboardProvider(path: string): string {
  return printYaml({
    apiVersion: 1,
    providers: [
      {
        name: "keelson",
        folder: "Keelson",
        type: "file",
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 60,
        options: { path, foldersFromFilesStructure: false },
      },
    ],
  });
}
