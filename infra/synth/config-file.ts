import { readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../config";

/**
 * Reads a user config file: YAML (`.yaml`/`.yml`/`.json`) or TypeScript/JavaScript with a default export
 * (`export default defineConfig({...})`). Returns the raw document; validation happens in resolveConfig.
 */
export async function readConfigFile(path: string): Promise<unknown> {
  const absolute = resolve(path);
  const extension = extname(absolute);
  if ([".ts", ".mts", ".js", ".mjs"].includes(extension)) {
    // A plain path (not a file:// URL): under Pulumi's CommonJS ts-node, import() becomes require().
    const module = (await import(absolute)) as { default?: unknown };
    const value = module.default;
    // A CommonJS-compiled default export arrives wrapped once more.
    if (value && typeof value === "object" && "default" in value && Object.keys(value).length === 1) {
      return (value as { default: unknown }).default;
    }
    return value;
  }
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    throw new ConfigError(
      [`'--config' must be a readable file, got ${JSON.stringify(path)} (${(error as Error).message})`],
      "Command line",
    );
  }
  try {
    return parse(text, { uniqueKeys: true }) ?? {};
  } catch (error) {
    throw new ConfigError([`'${path}' must be valid YAML: ${(error as Error).message.split("\n")[0]}`], "Config file");
  }
}
