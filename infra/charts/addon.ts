import type { Chart } from "cdk8s";
import type { Construct } from "constructs";
import type { PlatformConfig, ProfileName } from "../config";

export interface AddonContext {
  readonly config: PlatformConfig;
  readonly profile: ProfileName;
  /** Every connection declared by the enabled addons; the network-policy chart turns them into allow rules. */
  readonly connections: readonly Connection[];
}

/** Pods selected by labels in one namespace (empty labels: every pod of the namespace). */
export interface PodEndpoint {
  readonly kind: "pods";
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** Addresses outside the cluster's pods: clients on the internet, the API server, a node's host network. */
export interface CidrEndpoint {
  readonly kind: "cidr";
  readonly cidr: string;
  readonly except?: readonly string[];
}

/**
 * A network path an addon needs. Declaring it is the only way to open it: the network-policy chart turns
 * each connection into an egress rule on the `from` side and an ingress rule on the `to` side
 * (only for the sides that are pods Keelson owns).
 */
export interface Connection {
  /** Unique DNS-1123 label; used in NetworkPolicy names. */
  readonly name: string;
  readonly from: PodEndpoint | CidrEndpoint;
  readonly to: PodEndpoint | CidrEndpoint;
  readonly ports: readonly { readonly port: number; readonly protocol: "TCP" | "UDP" }[];
  /** Why the path exists, written into the policy as an annotation. */
  readonly reason: string;
}

/**
 * One deployable unit of the platform: a cdk8s Chart, its place in the dependency graph, and whether the
 * config turns it on. `dependsOn` is data, read by every consumer of ordering (cdk8s, Pulumi, Argo CD
 * sync-waves, Flux). A dependency on a registered addon that the config disables is dropped (the user
 * provides that capability another way); a dependency on an unregistered name is an error.
 */
export interface Addon {
  readonly name: string;
  readonly description: string;
  readonly dependsOn: readonly string[];
  enabled(config: PlatformConfig): boolean;
  /** Network paths this addon needs (see Connection). @default none */
  connections?(config: PlatformConfig): readonly Connection[];
  create(scope: Construct, context: AddonContext): Chart;
}
