/**
 * Fails when the committed generated files differ from a fresh generation:
 * charts-out/<profile>/ (every profile, default config), the config JSON Schema and the platform diagram source.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { PROFILE_NAMES, resolveConfig } from "../infra/config";
import { renderConfigJsonSchema } from "../infra/config/json-schema";
import { renderOutputFiles, synthesizePlatform } from "../infra/synth";
import { renderPlatformDot } from "./diagram/render-dot";

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function expectedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const profile of PROFILE_NAMES) {
    const platform = synthesizePlatform(resolveConfig(profile), profile);
    for (const [name, content] of renderOutputFiles(platform)) files.set(join("charts-out", profile, name), content);
  }
  files.set("schema/keelson-config.schema.json", renderConfigJsonSchema());
  const dot = renderPlatformDot();
  files.set("docs/platform.dot", dot);
  files.set("docs/platform.svg", execFileSync("dot", ["-Tsvg"], { input: dot, encoding: "utf8" }));
  return files;
}

function main(): void {
  const expected = expectedFiles();
  const problems: string[] = [];
  for (const [path, content] of expected) {
    if (!existsSync(path)) problems.push(`missing: ${path}`);
    else if (readFileSync(path, "utf8") !== content) problems.push(`differs: ${path}`);
  }
  for (const path of listFiles("charts-out").map((p) => relative(".", p))) {
    if (!expected.has(path)) problems.push(`not generated (stale): ${path}`);
  }
  if (problems.length > 0) {
    console.error(`Generated files are out of date (${problems.length}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    console.error("Run: npm run generate   (synth + schema + diagram), then commit the result.");
    process.exit(1);
  }
  console.log(`synth:check: ${expected.size} generated files match the committed tree`);
}

main();
