import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";

/**
 * Byte-for-byte comparison with <dir>/<name>; UPDATE_GOLDEN=1 rewrites the file. A missing golden file
 * fails (it is never written silently, which would make the test pass on any output).
 */
export function expectGolden(dir: string, name: string, text: string): void {
  const path = join(dir, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, text);
  }
  expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run ${dir}`).toBe(true);
  expect(text).toBe(readFileSync(path, "utf8"));
}
