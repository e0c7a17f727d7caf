import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Replaces `targetDir` with exactly `files`, atomically from a reader's point of view: everything is
 * written to a sibling temporary folder first and swapped in with renames. If writing fails, the
 * temporary folder is removed and `targetDir` is left as it was.
 */
export function writeTreeAtomically(targetDir: string, files: ReadonlyMap<string, string>): void {
  const parent = dirname(targetDir);
  mkdirSync(parent, { recursive: true });
  const staging = join(parent, `.synth-tmp-${process.pid}-${Date.now()}`);
  const previous = `${staging}-previous`;
  try {
    mkdirSync(staging);
    for (const [name, content] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const path = join(staging, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  let hadPrevious = true;
  try {
    renameSync(targetDir, previous);
  } catch {
    hadPrevious = false;
  }
  try {
    renameSync(staging, targetDir);
  } catch (error) {
    if (hadPrevious) renameSync(previous, targetDir);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(previous, { recursive: true, force: true });
}
