import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { NAMESPACE, type PlatformConfig } from "../../config";
import {
  ALERTMANAGER_SECRETS_DIR,
  referencedSecrets,
  renderAlertmanagerConfig,
} from "../../render/alertmanager/render-alertmanager";
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

export interface AlertmanagerProps {
  readonly config: PlatformConfig;
}

const NAME = APP.alertmanager;
const HEADLESS = "alertmanager-headless";
const CONFIG_DIR = "/etc/alertmanager/config";
const ALERTMANAGER_UID = 65534;

/** `--cluster.*` flags: gossip between replicas (deduplicated notifications, shared silences); off for one replica. */
function clusterArgs(replicas: number): string[] {
  if (replicas === 1) return ["--cluster.listen-address="];
  const peers = Array.from(
    { length: replicas },
    (_, i) => `--cluster.peer=${NAME}-${i}.${HEADLESS}.${NAMESPACE.monitoring}.svc:${PORTS.alertmanagerCluster}`,
  );
  return [`--cluster.listen-address=0.0.0.0:${PORTS.alertmanagerCluster}`, ...peers];
}

/** Each referenced Secret mounted read-only at <secrets dir>/<secret name>/, only the referenced keys. */
function secretVolumes(config: PlatformConfig): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
  const byName = new Map<string, string[]>();
  for (const ref of referencedSecrets(config.monitoring.alertmanager))
    byName.set(ref.name, [...(byName.get(ref.name) ?? []), ref.key]);
  const names = [...byName.keys()].sort();
  return {
    volumes: names.map((name, i) => ({
      name: `secret-${i}`,
      secret: { secretName: name, defaultMode: 0o440, items: byName.get(name)!.map((key) => ({ key, path: key })) },
    })),
    mounts: names.map((name, i) => ({ name: `secret-${i}`, mountPath: `${ALERTMANAGER_SECRETS_DIR}/${name}`, readOnly: true })),
  };
}

function alertmanagerContainer(config: PlatformConfig, mounts: k8s.VolumeMount[]): k8s.Container {
  const am = config.monitoring.alertmanager;
  const cluster = PORTS.alertmanagerCluster;
  const clusterPorts = [
    { name: "cluster-tcp", port: cluster },
    { name: "cluster-udp", port: cluster, protocol: "UDP" as const },
  ];
  return hardenedContainer({
    name: "alertmanager",
    image: am.image,
    resources: am.resources,
    args: [
      `--config.file=${CONFIG_DIR}/alertmanager.yml`,
      "--storage.path=/alertmanager",
      `--web.listen-address=:${PORTS.alertmanager}`,
      ...clusterArgs(am.replicas),
    ],
    ports: [{ name: "web", port: PORTS.alertmanager }, ...(am.replicas > 1 ? clusterPorts : [])],
    readinessProbe: httpProbe("/-/ready", "web"),
    livenessProbe: httpProbe("/-/healthy", "web"),
    volumeMounts: [
      { name: "config", mountPath: CONFIG_DIR, readOnly: true },
      { name: "data", mountPath: "/alertmanager" },
      ...mounts,
    ],
  });
}

function alertmanagerPodTemplate(config: PlatformConfig, configText: string): k8s.PodTemplateSpec {
  const secrets = secretVolumes(config);
  return podTemplate(
    NAME,
    "alerting",
    {
      automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext(ALERTMANAGER_UID),
      containers: [alertmanagerContainer(config, secrets.mounts)],
      volumes: [
        { name: "config", configMap: { name: "alertmanager-config" } },
        // Notification log and silences; replicas share them by gossip, so emptyDir is enough.
        { name: "data", emptyDir: { sizeLimit: k8s.Quantity.fromString("64Mi") } },
        ...secrets.volumes,
      ],
    },
    { [CONFIG_HASH_ANNOTATION]: configHash(configText) },
  );
}

/**
 * Alertmanager as a StatefulSet: routing, grouping and inhibition from typed config; receivers' URLs and
 * tokens only as files of mounted Secrets. No reload endpoint is exposed: a config change rolls the pods
 * (config hash on the pod template), and replicas keep silences through gossip.
 */
export class Alertmanager extends Construct {
  constructor(scope: Construct, id: string, { config }: AlertmanagerProps) {
    super(scope, id);
    const am = config.monitoring.alertmanager;
    const ref = { name: NAME, namespace: NAMESPACE.monitoring, component: "alerting" };
    const text = renderAlertmanagerConfig(am);
    serviceAccount(this, { ...ref, automount: false });
    configMap(this, { ...ref, name: "alertmanager-config", data: { "alertmanager.yml": text } });
    new k8s.KubeStatefulSet(this, "statefulset", {
      metadata: objectMeta(ref),
      spec: {
        replicas: am.replicas,
        serviceName: HEADLESS,
        podManagementPolicy: "Parallel",
        selector: { matchLabels: selectorLabels(NAME) },
        template: alertmanagerPodTemplate(config, text),
      },
    });
    service(this, { ...ref, ports: [{ name: "web", port: PORTS.alertmanager }] });
    service(this, {
      ...ref,
      name: HEADLESS,
      selectorName: NAME,
      headless: true,
      ports: [{ name: "cluster", port: PORTS.alertmanagerCluster }],
    });
    disruptionBudget(this, config.platform, ref);
  }
}
