import { k8s } from "cdk8s-plus-28";
import type { EdgeConfig } from "../../config/edge";
import { DEFAULT_NGINX_PATHS, edgeSecretMounts, HEALTH_PATH, STUB_STATUS_PATH } from "../../render/nginx";
import { imagePullPolicy, resourceRequirements, restrictedContainerSecurityContext } from "../workload-defaults";

/** uid/gid of the nginx user in the official unprivileged image (and the edge and demo backend images built on it). */
export const NGINX_UID = 101;
/** uid/gid of nginx-prometheus-exporter's image (build/Dockerfile `USER 1001:1001`). */
const EXPORTER_UID = 1001;
export const CONFIG_FILE = "nginx.conf";

const port = (name: string) => k8s.IntOrString.fromString(name);
const mib = (n: number) => k8s.Quantity.fromString(`${n}Mi`);

/** The cache emptyDir: every zone's max_size plus a quarter (nginx trims to max_size only periodically). */
function cacheSizeMiB(edge: EdgeConfig): number {
  const total = Object.values(edge.caches).reduce((sum, zone) => sum + zone.maxSizeMiB, 0);
  return Math.ceil(total * 1.25) + 16;
}

/** Secret volume names: `secret-<n>` in the order of edgeSecretMounts (stable). */
function secretVolumeName(index: number): string {
  return `secret-${index}`;
}

export function edgeVolumes(edge: EdgeConfig, configMapName: string): k8s.Volume[] {
  return [
    { name: "config", configMap: { name: configMapName, items: [{ key: CONFIG_FILE, path: CONFIG_FILE }] } },
    { name: "tmp", emptyDir: { sizeLimit: mib(edge.tempSizeMiB) } },
    { name: "cache", emptyDir: { sizeLimit: mib(cacheSizeMiB(edge)) } },
    ...edgeSecretMounts(edge).map((m, i) => ({
      name: secretVolumeName(i),
      // Readable by the nginx group only (fsGroup 101); the keys map to file names Keelson chose.
      secret: {
        secretName: m.secretName,
        defaultMode: 0o440,
        items: m.items.map((item) => ({ key: item.key, path: item.path })),
      },
    })),
  ];
}

function nginxMounts(edge: EdgeConfig): k8s.VolumeMount[] {
  return [
    { name: "config", mountPath: `/etc/nginx/${CONFIG_FILE}`, subPath: CONFIG_FILE, readOnly: true },
    // The directories the rendered nginx.conf uses (the renderer's defaults are this pod's layout).
    { name: "tmp", mountPath: DEFAULT_NGINX_PATHS.tempDir },
    { name: "cache", mountPath: DEFAULT_NGINX_PATHS.cacheDir },
    ...edgeSecretMounts(edge).map((m, i) => ({
      name: secretVolumeName(i),
      mountPath: `${DEFAULT_NGINX_PATHS.secretsDir}/${m.dir}`,
      readOnly: true,
    })),
  ];
}

function edgeContainerPorts(edge: EdgeConfig, tls: boolean): k8s.ContainerPort[] {
  return [
    { name: "http", containerPort: edge.ports.http, protocol: "TCP" },
    ...(tls ? [{ name: "https", containerPort: edge.ports.https, protocol: "TCP" }] : []),
    { name: "status", containerPort: edge.ports.status, protocol: "TCP" },
  ];
}

/**
 * nginx. The image's entrypoint runs `nginx -e stderr -g "daemon off;"` on /etc/nginx/nginx.conf and
 * stops on SIGQUIT (graceful: in-flight requests finish within worker_shutdown_timeout). preStop waits
 * `drainSeconds` first, so Service endpoints drop the pod before nginx stops accepting.
 */
export function nginxContainer(edge: EdgeConfig, image: string, tls: boolean): k8s.Container {
  const probe = (periodSeconds: number, failureThreshold: number, initialDelaySeconds?: number): k8s.Probe => ({
    httpGet: { path: HEALTH_PATH, port: port("status") },
    initialDelaySeconds,
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 2,
  });
  return {
    name: "nginx",
    image,
    imagePullPolicy: imagePullPolicy(image),
    ports: edgeContainerPorts(edge, tls),
    securityContext: restrictedContainerSecurityContext(),
    resources: resourceRequirements(edge.resources),
    // nginx resolves `resolve` upstream names just after its workers start (milliseconds; until then a
    // pool has no address and answers 502): readiness waits 2 s before the first check.
    readinessProbe: probe(5, 2, 2),
    livenessProbe: probe(10, 3),
    lifecycle: edge.drainSeconds > 0 ? { preStop: { exec: { command: ["sleep", String(edge.drainSeconds)] } } } : undefined,
    volumeMounts: nginxMounts(edge),
  };
}

/** nginx-prometheus-exporter: reads stub_status over loopback, serves /metrics on the named port `metrics`. */
export function exporterContainer(edge: EdgeConfig): k8s.Container {
  const image = edge.exporter.image;
  const probe: k8s.Probe = { httpGet: { path: "/metrics", port: port("metrics") }, periodSeconds: 30, timeoutSeconds: 5 };
  return {
    name: "exporter",
    image,
    imagePullPolicy: imagePullPolicy(image),
    args: [
      `--nginx.scrape-uri=http://127.0.0.1:${edge.ports.status}${STUB_STATUS_PATH}`,
      `--web.listen-address=:${edge.ports.metrics}`,
    ],
    ports: [{ name: "metrics", containerPort: edge.ports.metrics, protocol: "TCP" }],
    securityContext: { ...restrictedContainerSecurityContext(), runAsUser: EXPORTER_UID, runAsGroup: EXPORTER_UID },
    resources: resourceRequirements(edge.exporter.resources),
    readinessProbe: probe,
    livenessProbe: probe,
  };
}
