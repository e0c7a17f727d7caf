import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { NAMESPACE, type PlatformConfig } from "../../config";
import { platformDashboards } from "../../render/grafana/dashboards";
import { renderDashboard } from "../../render/grafana/render-dashboard";
import { renderDashboardProvider, renderDatasources, type DatasourceSpec } from "../../render/grafana/render-provisioning";
import { APP, PORTS } from "../../render/prometheus/targets";
import { CONFIG_HASH_ANNOTATION, configHash, restrictedPodSecurityContext } from "../workload-defaults";
import {
  configMap,
  disruptionBudget,
  hardenedContainer,
  httpProbe,
  objectMeta,
  podTemplate,
  selectorLabels,
  service,
  serviceAccount,
} from "./pod-parts";

export interface GrafanaProps {
  readonly config: PlatformConfig;
}

const NAME = APP.grafana;
/** The image runs as any UID (its data directory is an emptyDir owned through fsGroup); a high one avoids host UIDs. */
const GRAFANA_UID = 65532;
const PROVISIONING = "/etc/grafana/provisioning";
const DASHBOARDS_DIR = "/var/lib/grafana-dashboards";
const ADMIN_DIR = "/etc/grafana/admin";

/** The provisioning files and dashboards Grafana reads, by ConfigMap key. */
export function grafanaFiles(config: PlatformConfig): {
  datasources: string;
  provider: string;
  dashboards: Record<string, string>;
} {
  const cluster = config.platform.clusterDomain;
  const datasources: DatasourceSpec[] = [
    {
      name: "Prometheus",
      type: "prometheus",
      url: `http://prometheus.${NAMESPACE.monitoring}.svc.${cluster}:${PORTS.prometheus}`,
      isDefault: true,
    },
  ];
  if (config.logging.enabled) {
    datasources.push({
      name: "Loki",
      type: "loki",
      url: `http://loki.${NAMESPACE.logging}.svc.${cluster}:${PORTS.loki}`,
      isDefault: false,
    });
  }
  const dashboards = platformDashboards({ logging: config.logging.enabled, edge: config.edge.enabled });
  return {
    datasources: renderDatasources(datasources),
    provider: renderDashboardProvider(DASHBOARDS_DIR),
    dashboards: Object.fromEntries(dashboards.map((d) => [`${d.uid}.json`, renderDashboard(d)])),
  };
}

function grafanaEnv(): k8s.EnvVar[] {
  return [
    // Admin login only from the mounted Secret (Grafana's `__FILE` variables), never a value in the manifest.
    { name: "GF_SECURITY_ADMIN_USER__FILE", value: `${ADMIN_DIR}/user` },
    { name: "GF_SECURITY_ADMIN_PASSWORD__FILE", value: `${ADMIN_DIR}/password` },
    { name: "GF_PATHS_PROVISIONING", value: PROVISIONING },
    { name: "GF_PATHS_DATA", value: "/var/lib/grafana" },
    // Console only: the default also writes files under /var/log/grafana, on the read-only root filesystem.
    { name: "GF_LOG_MODE", value: "console" },
    { name: "GF_AUTH_ANONYMOUS_ENABLED", value: "false" },
    { name: "GF_USERS_ALLOW_SIGN_UP", value: "false" },
    { name: "GF_ANALYTICS_REPORTING_ENABLED", value: "false" },
    { name: "GF_ANALYTICS_CHECK_FOR_UPDATES", value: "false" },
    { name: "GF_PLUGINS_PREINSTALL_DISABLED", value: "true" },
  ];
}

/** The admin Secret's two keys as files; one volume when both keys are in the same Secret. */
function adminVolumes(config: PlatformConfig): k8s.Volume[] {
  const { adminUser, adminPassword } = config.monitoring.grafana;
  if (adminUser.name === adminPassword.name) {
    return [
      {
        name: "admin",
        secret: {
          secretName: adminUser.name,
          defaultMode: 0o440,
          items: [
            { key: adminUser.key, path: "user" },
            { key: adminPassword.key, path: "password" },
          ],
        },
      },
    ];
  }
  return [
    {
      name: "admin",
      projected: {
        defaultMode: 0o440,
        sources: [
          { secret: { name: adminUser.name, items: [{ key: adminUser.key, path: "user" }] } },
          { secret: { name: adminPassword.name, items: [{ key: adminPassword.key, path: "password" }] } },
        ],
      },
    },
  ];
}

function grafanaPodTemplate(config: PlatformConfig, hash: string): k8s.PodTemplateSpec {
  const g = config.monitoring.grafana;
  const emptyDir = (name: string, size: string): k8s.Volume => ({ name, emptyDir: { sizeLimit: k8s.Quantity.fromString(size) } });
  return podTemplate(
    NAME,
    "dashboards",
    {
      automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext(GRAFANA_UID),
      containers: [
        hardenedContainer({
          name: "grafana",
          image: g.image,
          resources: g.resources,
          env: grafanaEnv(),
          ports: [{ name: "http", port: PORTS.grafana }],
          readinessProbe: httpProbe("/api/health", "http"),
          livenessProbe: { ...httpProbe("/api/health", "http"), initialDelaySeconds: 30 },
          volumeMounts: [
            { name: "datasources", mountPath: `${PROVISIONING}/datasources`, readOnly: true },
            { name: "dashboard-provider", mountPath: `${PROVISIONING}/dashboards`, readOnly: true },
            { name: "dashboards", mountPath: DASHBOARDS_DIR, readOnly: true },
            { name: "admin", mountPath: ADMIN_DIR, readOnly: true },
            { name: "data", mountPath: "/var/lib/grafana" },
            { name: "tmp", mountPath: "/tmp" },
          ],
        }),
      ],
      volumes: [
        { name: "datasources", configMap: { name: "grafana-datasources" } },
        { name: "dashboard-provider", configMap: { name: "grafana-dashboard-provider" } },
        { name: "dashboards", configMap: { name: "grafana-dashboards" } },
        ...adminVolumes(config),
        emptyDir("data", "256Mi"),
        emptyDir("tmp", "64Mi"),
      ],
    },
    { [CONFIG_HASH_ANNOTATION]: hash },
  );
}

/** Grafana with provisioned datasources (Prometheus, Loki) and dashboards; state is provisioning only, so no volume. */
export class Grafana extends Construct {
  constructor(scope: Construct, id: string, { config }: GrafanaProps) {
    super(scope, id);
    const ref = { name: NAME, namespace: NAMESPACE.monitoring, component: "dashboards" };
    const files = grafanaFiles(config);
    serviceAccount(this, { ...ref, automount: false });
    configMap(this, { ...ref, name: "grafana-datasources", data: { "datasources.yaml": files.datasources } });
    configMap(this, { ...ref, name: "grafana-dashboard-provider", data: { "keelson.yaml": files.provider } });
    configMap(this, { ...ref, name: "grafana-dashboards", data: files.dashboards });
    const dashboards = Object.keys(files.dashboards)
      .sort()
      .map((k) => files.dashboards[k]!);
    new k8s.KubeDeployment(this, "deployment", {
      metadata: objectMeta(ref),
      spec: {
        replicas: 1,
        selector: { matchLabels: selectorLabels(NAME) },
        template: grafanaPodTemplate(config, configHash(files.datasources, files.provider, ...dashboards)),
      },
    });
    service(this, { ...ref, ports: [{ name: "http", port: PORTS.grafana }] });
    disruptionBudget(this, config.platform, ref);
  }
}
