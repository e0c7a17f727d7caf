import type { Addon } from "./addon";
import { namespacesAddon } from "./namespaces-chart";

/**
 * Every addon Keelson knows, in a stable order (ties in the dependency order keep this order).
 * Add a new addon here, with its `dependsOn`.
 */
export const ADDONS: readonly Addon[] = [namespacesAddon];
