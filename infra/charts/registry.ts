import type { Addon } from "./addon";
import { edgeAddon } from "./edge-chart";
import { namespacesAddon } from "./namespaces-chart";
import { withSecurityExceptions } from "./secured-addon";

/**
 * Every addon Keelson knows, in a stable order (ties in the dependency order keep this order).
 * Add a new addon here, with its `dependsOn`.
 */
// Each addon is wrapped so the security exceptions (infra/security/exceptions.ts) land on its objects.
export const ADDONS: readonly Addon[] = [namespacesAddon, edgeAddon].map(withSecurityExceptions);
