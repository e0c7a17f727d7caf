import type { PlatformConfigInput } from "./schema";

/** Typed helper for `keelson.config.ts` files: `export default defineConfig({ ... })`. */
export function defineConfig(config: PlatformConfigInput): PlatformConfigInput {
  return config;
}
