import type { Chart } from "cdk8s";
import type { Construct } from "constructs";
import type { PlatformConfig, ProfileName } from "../config";
import type { Connection } from "../config/connections";

export type { CidrEndpoint, Connection, PodEndpoint } from "../config/connections";

export interface AddonContext {
  readonly config: PlatformConfig;
  readonly profile: ProfileName;
  /** Every connection declared by the enabled addons; the network-policy chart turns them into allow rules. */
  readonly connections: readonly Connection[];
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
