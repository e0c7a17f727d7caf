import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE, type PlatformConfig } from "../config";
import type { KubeObject, SynthesizedPlatform } from "../synth";

interface ServicePort {
  readonly name?: string;
  readonly port: number;
}

interface ServiceSpec {
  readonly type?: string;
  readonly clusterIP?: string;
  readonly ports?: readonly ServicePort[];
}

const TYPE_PREFERENCE = ["LoadBalancer", "NodePort", "ClusterIP"];

/** Services clients can reach in a namespace (headless Services have no address of their own). */
function reachableServices(platform: SynthesizedPlatform, namespace: string): KubeObject[] {
  return platform.charts
    .flatMap((c) => c.objects)
    .filter((o) => o.kind === "Service" && o.apiVersion === "v1" && o.metadata.namespace === namespace)
    .filter((o) => (o.spec as ServiceSpec | undefined)?.clusterIP !== "None");
}

function rank(service: KubeObject): number {
  const type = (service.spec as ServiceSpec | undefined)?.type ?? "ClusterIP";
  const index = TYPE_PREFERENCE.indexOf(type);
  return index < 0 ? TYPE_PREFERENCE.length : index;
}

/** Which Services of a namespace are the entry point: by recommended label, or any when `fallbackToAny`. */
export interface EntrySelector {
  readonly label: "app.kubernetes.io/component" | "app.kubernetes.io/name";
  readonly value: string;
  readonly fallbackToAny: boolean;
}

/**
 * The entry Service of a namespace: among reachable Services carrying the selector's label (or all of
 * them, when none does and `fallbackToAny`), the most exposed type first (LoadBalancer, NodePort,
 * ClusterIP), then by name.
 */
export function entryService(platform: SynthesizedPlatform, namespace: string, selector: EntrySelector): KubeObject | undefined {
  const reachable = reachableServices(platform, namespace);
  const labelled = reachable.filter((s) => s.metadata.labels?.[selector.label] === selector.value);
  const pool = labelled.length > 0 || !selector.fallbackToAny ? labelled : reachable;
  return pool.sort((a, b) => rank(a) - rank(b) || a.metadata.name.localeCompare(b.metadata.name))[0];
}

/** The port clients use: one named https or http if there is one, else the first. */
export function entryPort(service: KubeObject): ServicePort | undefined {
  const ports = (service.spec as ServiceSpec | undefined)?.ports ?? [];
  return ports.find((p) => p.name === "https") ?? ports.find((p) => p.name === "http") ?? ports[0];
}

function schemeOf(port: ServicePort): "http" | "https" {
  return port.name === "https" || port.port === 443 || port.port === 8443 ? "https" : "http";
}

/** `<host>:<port>` of a Service: the load balancer's address once it has one, else the in-cluster DNS name. */
export function serviceAddress(
  service: KubeObject,
  config: PlatformConfig,
  status?: pulumi.Output<unknown>,
): pulumi.Output<string> | undefined {
  const port = entryPort(service);
  if (port === undefined) return undefined;
  const clusterHost = `${service.metadata.name}.${service.metadata.namespace}.svc.${config.platform.clusterDomain}`;
  const lbHost = (s: unknown): string | undefined => {
    const ingress = (s as { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined)?.loadBalancer
      ?.ingress?.[0];
    return ingress?.ip ?? ingress?.hostname;
  };
  return (status ?? pulumi.output(undefined)).apply((s) => `${lbHost(s) ?? clusterHost}:${port.port}`);
}

/** A URL for a Service's entry port (scheme from the port's name/number). */
export function serviceUrl(
  service: KubeObject,
  config: PlatformConfig,
  status?: pulumi.Output<unknown>,
): pulumi.Output<string> | undefined {
  const port = entryPort(service);
  const address = serviceAddress(service, config, status);
  return port === undefined || address === undefined ? undefined : address.apply((a) => `${schemeOf(port)}://${a}/`);
}

/** The Services behind the stack outputs: the edge tier, the web UI and Grafana (each may be disabled). */
export function outputServices(platform: SynthesizedPlatform): { edge?: KubeObject; ui?: KubeObject; grafana?: KubeObject } {
  const component = "app.kubernetes.io/component";
  return {
    edge: entryService(platform, NAMESPACE.edge, { label: component, value: "edge", fallbackToAny: true }),
    ui: entryService(platform, NAMESPACE.ui, { label: component, value: "ui", fallbackToAny: true }),
    grafana: entryService(platform, NAMESPACE.monitoring, {
      label: "app.kubernetes.io/name",
      value: "grafana",
      fallbackToAny: false,
    }),
  };
}
