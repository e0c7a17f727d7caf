import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { NAMESPACE, type PlatformConfig } from "../../config";
import { prometheusConfigModel, renderPrometheusConfig } from "../../render/prometheus/render-config";
import { renderRuleFile } from "../../render/prometheus/render-rules";
import { platformRuleGroups } from "../../render/prometheus/rules";
import { APP, PORTS, podScrapeTargets } from "../../render/prometheus/targets";
import { CONFIG_HASH_ANNOTATION, configHash, restrictedPodSecurityContext } from "../workload-defaults";
import { clusterReader, READ } from "./cluster-reader";
import {
  configMap,
  dataStorage,
  disruptionBudget,
  hardenedContainer,
  httpProbe,
  objectMeta,
  podTemplate,
  selectorLabels,
  service,
  serviceAccount,
} from "./pod-parts";

export interface PrometheusProps {
  readonly config: PlatformConfig;
}

const NAME = APP.prometheus;
const CONFIG_DIR = "/etc/prometheus";
const RULES_DIR = "/etc/prometheus/rules";
const DATA_DIR = "/prometheus";
/** The image's own user (`nobody`). */
const PROMETHEUS_UID = 65534;
export const PROMETHEUS_HEADLESS = "prometheus-headless";

const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/**
 * The rendered files of Prometheus for a config: prometheus.yml and the rule file. `paths` moves the
 * in-pod paths (tests point them at real files, which `promtool check config` requires).
 */
export function prometheusFiles(
  config: PlatformConfig,
  paths: { readonly serviceAccountDir: string; readonly rulesDir: string } = {
    serviceAccountDir: SERVICE_ACCOUNT_DIR,
    rulesDir: RULES_DIR,
  },
): { readonly config: string; readonly rules: string } {
  const p = config.monitoring.prometheus;
  const model = prometheusConfigModel({
    scrapeIntervalSeconds: p.scrapeIntervalSeconds,
    evaluationIntervalSeconds: p.evaluationIntervalSeconds,
    ruleFiles: `${paths.rulesDir}/*.yaml`,
    serviceAccount: { caFile: `${paths.serviceAccountDir}/ca.crt`, tokenFile: `${paths.serviceAccountDir}/token` },
    kubeletInsecureTLS: config.monitoring.kubeletInsecureTLS,
    scrapeAnnotatedServices: p.scrapeAnnotatedServices,
    retentionDays: p.retention.days,
    retentionSizeGiB: p.retention.sizeGiB,
    podTargets: podScrapeTargets(config),
    alertmanager: { namespace: NAMESPACE.monitoring, podLabels: { "app.kubernetes.io/name": APP.alertmanager }, portName: "web" },
  });
  return { config: renderPrometheusConfig(model), rules: renderRuleFile(platformRuleGroups(config)) };
}

/** Retention is in prometheus.yml (`storage.tsdb.retention`), so it changes without a restart too. */
function prometheusArgs(): string[] {
  return [
    `--config.file=${CONFIG_DIR}/prometheus.yml`,
    `--storage.tsdb.path=${DATA_DIR}`,
    // Config and rule changes (ConfigMap updates) are picked up without a restart: Prometheus polls the
    // checksum of its config and rule files and reloads itself (the equivalent of a reload sidecar).
    // (Prometheus 3.13 flags; the former `--enable-feature=auto-reload-config` is deprecated there.)
    "--config.auto-reload",
    "--config.auto-reload-interval=30s",
    // The log store's ruler writes the edge's log-derived metrics here (docs/monitoring.md).
    "--web.enable-remote-write-receiver",
    `--web.listen-address=:${PORTS.prometheus}`,
  ];
}

function prometheusPodTemplate(config: PlatformConfig, dataVolumes: k8s.Volume[]): k8s.PodTemplateSpec {
  const p = config.monitoring.prometheus;
  return podTemplate(NAME, "metrics", {
    automountServiceAccountToken: true,
    securityContext: restrictedPodSecurityContext(PROMETHEUS_UID),
    terminationGracePeriodSeconds: 600,
    containers: [
      hardenedContainer({
        name: "prometheus",
        image: p.image,
        resources: p.resources,
        args: prometheusArgs(),
        ports: [{ name: "web", port: PORTS.prometheus }],
        readinessProbe: httpProbe("/-/ready", "web"),
        livenessProbe: { ...httpProbe("/-/healthy", "web"), failureThreshold: 6 },
        volumeMounts: [
          { name: "config", mountPath: CONFIG_DIR, readOnly: true },
          { name: "rules", mountPath: RULES_DIR, readOnly: true },
          { name: "data", mountPath: DATA_DIR },
        ],
      }),
    ],
    volumes: [
      { name: "config", configMap: { name: "prometheus-config" } },
      { name: "rules", configMap: { name: "prometheus-rules" } },
      ...dataVolumes,
    ],
  });
}

/** Read-only: what Kubernetes service discovery lists and watches, kubelet metrics, the API server's /metrics. */
const PROMETHEUS_RBAC: k8s.PolicyRule[] = [
  { apiGroups: [""], resources: ["nodes", "nodes/metrics", "pods", "services", "endpoints"], verbs: READ },
  { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
  { nonResourceUrLs: ["/metrics"], verbs: ["get"] },
];

/**
 * Prometheus as a StatefulSet (plain, no operator): config and rules in ConfigMaps, read-only RBAC for
 * Kubernetes service discovery, a volume per replica sized by the config (cross-checked against retention).
 */
export class Prometheus extends Construct {
  constructor(scope: Construct, id: string, { config }: PrometheusProps) {
    super(scope, id);
    const p = config.monitoring.prometheus;
    const ref = { name: NAME, namespace: NAMESPACE.monitoring, component: "metrics" };
    const files = prometheusFiles(config);
    // Token needed: Kubernetes service discovery and authenticated scrapes of the API server and kubelets.
    serviceAccount(this, { ...ref, automount: true });
    clusterReader(this, { ...ref, rules: PROMETHEUS_RBAC });
    configMap(this, { ...ref, name: "prometheus-config", data: { "prometheus.yml": files.config } });
    configMap(this, { ...ref, name: "prometheus-rules", data: { "keelson.yaml": files.rules } });
    const storage = dataStorage(config.platform, "data", p.storageSizeGiB);
    new k8s.KubeStatefulSet(this, "statefulset", {
      // The hash is on the StatefulSet, not on the pod template: a config or rule change is reloaded in
      // place (auto-reload) instead of restarting Prometheus, which would replay its WAL.
      metadata: { ...objectMeta(ref), annotations: { [CONFIG_HASH_ANNOTATION]: configHash(files.config, files.rules) } },
      spec: {
        replicas: p.replicas,
        serviceName: PROMETHEUS_HEADLESS,
        podManagementPolicy: "Parallel",
        selector: { matchLabels: selectorLabels(NAME) },
        volumeClaimTemplates: storage.volumeClaimTemplates,
        template: prometheusPodTemplate(config, storage.volumes),
      },
    });
    service(this, { ...ref, ports: [{ name: "web", port: PORTS.prometheus }] });
    service(this, {
      ...ref,
      name: PROMETHEUS_HEADLESS,
      selectorName: NAME,
      headless: true,
      ports: [{ name: "web", port: PORTS.prometheus }],
    });
    disruptionBudget(this, config.platform, ref);
  }
}
