import { ConfigError, formatIssues } from "./errors";
import { deepMerge } from "./merge";
import { PROFILES, type ProfileName } from "./profiles";
import { platformConfigSchema, type PlatformConfig } from "./schema";

/**
 * Resolves a config: schema defaults ← profile ← each overlay in order (config file, then stack config).
 * Throws a ConfigError listing every problem at once.
 */
export function resolveConfig(profile: ProfileName, ...overlays: unknown[]): PlatformConfig {
  const merged = overlays.reduce<unknown>((acc, overlay) => deepMerge(acc, overlay), PROFILES[profile]);
  const result = platformConfigSchema.safeParse(merged);
  if (!result.success) {
    throw new ConfigError(formatIssues(result.error.issues, merged));
  }
  return result.data;
}
