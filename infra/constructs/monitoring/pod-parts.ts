import { k8s } from "cdk8s-plus-28";
import type { Construct } from "constructs";
import type { PlatformSettings } from "../../config/platform";
import type { ResourcesConfig } from "../../config";
import { imagePullPolicy, resourceRequirements, restrictedContainerSecurityContext, workloadLabels } from "../workload-defaults";

/** Selector labels: the stable subset of workloadLabels a selector may use (selectors are immutable). */
export function selectorLabels(name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "keelson" };
}

export interface ObjectRefProps {
  readonly name: string;
  readonly namespace: string;
  /** app.kubernetes.io/component */
  readonly component: string;
}

export function objectMeta(props: ObjectRefProps): k8s.ObjectMeta {
  return { name: props.name, namespace: props.namespace, labels: workloadLabels(props.name, props.component) };
}

export function configMap(
  scope: Construct,
  props: ObjectRefProps & { readonly data: Record<string, string> },
): k8s.KubeConfigMap {
  return new k8s.KubeConfigMap(scope, `${props.name}-configmap`, { metadata: objectMeta(props), data: props.data });
}

/**
 * A ServiceAccount. `automount` only for workloads that call the API server (discovery, metadata, metrics);
 * the caller says why next to the call.
 */
export function serviceAccount(
  scope: Construct,
  props: ObjectRefProps & { readonly automount: boolean },
): k8s.KubeServiceAccount {
  return new k8s.KubeServiceAccount(scope, `${props.name}-sa`, {
    metadata: objectMeta(props),
    automountServiceAccountToken: props.automount,
  });
}

/** A PodDisruptionBudget allowing one pod down at a time, when the platform asks for budgets. */
export function disruptionBudget(scope: Construct, platform: PlatformSettings, props: ObjectRefProps): void {
  if (!platform.podDisruptionBudgets) return;
  new k8s.KubePodDisruptionBudget(scope, `${props.name}-pdb`, {
    metadata: objectMeta(props),
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selectorLabels(props.name) } },
  });
}

export function httpProbe(path: string, port: number | string, scheme: "HTTP" | "HTTPS" = "HTTP", periodSeconds = 10): k8s.Probe {
  return {
    httpGet: {
      path,
      port: typeof port === "number" ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port),
      scheme,
    },
    periodSeconds,
    timeoutSeconds: 5,
    failureThreshold: 3,
  };
}

/** The data volume of a stateful workload: a claim template on persistent storage, else a bounded emptyDir. */
export function dataStorage(
  platform: PlatformSettings,
  volumeName: string,
  sizeGiB: number,
): { readonly volumes: k8s.Volume[]; readonly volumeClaimTemplates: k8s.KubePersistentVolumeClaimProps[] } {
  const size = k8s.Quantity.fromString(`${sizeGiB}Gi`);
  if (platform.storage === "emptyDir") {
    return { volumes: [{ name: volumeName, emptyDir: { sizeLimit: size } }], volumeClaimTemplates: [] };
  }
  return {
    volumes: [],
    volumeClaimTemplates: [
      {
        metadata: { name: volumeName },
        spec: {
          accessModes: ["ReadWriteOnce"],
          resources: { requests: { storage: size } },
          ...(platform.storageClass === null ? {} : { storageClassName: platform.storageClass }),
        },
      },
    ],
  };
}

/** A ClusterIP Service (or headless, for stable pod DNS names) in front of the pods of `name`. */
export function service(
  scope: Construct,
  props: ObjectRefProps & {
    readonly ports: readonly { name: string; port: number; targetPort?: number }[];
    readonly headless?: boolean;
    readonly selectorName?: string;
  },
): void {
  new k8s.KubeService(scope, `${props.name}-service`, {
    metadata: objectMeta(props),
    spec: {
      ...(props.headless ? { clusterIp: "None", publishNotReadyAddresses: true } : {}),
      selector: selectorLabels(props.selectorName ?? props.name),
      ports: props.ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: k8s.IntOrString.fromNumber(p.targetPort ?? p.port),
        protocol: "TCP",
      })),
    },
  });
}

export interface HardenedContainerProps {
  readonly name: string;
  readonly image: string;
  readonly resources: ResourcesConfig;
  readonly args?: readonly string[];
  readonly env?: readonly k8s.EnvVar[];
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol?: "TCP" | "UDP" }[];
  readonly readinessProbe?: k8s.Probe;
  readonly livenessProbe?: k8s.Probe;
  readonly volumeMounts?: readonly k8s.VolumeMount[];
}

/**
 * `GOMEMLIMIT` for a Go program: 80% of the memory limit, so the runtime keeps its heap under the limit
 * (the rest is head room for goroutine stacks and memory outside the heap).
 */
export function goMemLimit(resources: ResourcesConfig): k8s.EnvVar {
  return { name: "GOMEMLIMIT", value: `${Math.floor(resources.limits.memoryMiB * 0.8)}MiB` };
}

/** A container with the restricted security context, requests and limits, and the image's pull policy. */
export function hardenedContainer(props: HardenedContainerProps): k8s.Container {
  return {
    name: props.name,
    image: props.image,
    imagePullPolicy: imagePullPolicy(props.image),
    ...(props.args ? { args: [...props.args] } : {}),
    ...(props.env ? { env: [...props.env] } : {}),
    ports: props.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol ?? "TCP" })),
    ...(props.readinessProbe ? { readinessProbe: props.readinessProbe } : {}),
    ...(props.livenessProbe ? { livenessProbe: props.livenessProbe } : {}),
    resources: resourceRequirements(props.resources),
    securityContext: restrictedContainerSecurityContext(),
    ...(props.volumeMounts ? { volumeMounts: [...props.volumeMounts] } : {}),
  };
}

/** The pod template of a workload named `name`: recommended labels, its ServiceAccount, the given spec. */
export function podTemplate(
  name: string,
  component: string,
  spec: Omit<k8s.PodSpec, "serviceAccountName">,
  annotations?: Record<string, string>,
): k8s.PodTemplateSpec {
  return {
    metadata: { labels: workloadLabels(name, component), ...(annotations ? { annotations } : {}) },
    spec: { serviceAccountName: name, ...spec },
  };
}
