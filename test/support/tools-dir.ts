import { homedir } from "node:os";
import { join } from "node:path";

/** Where tools built from Go modules are cached: ${KEELSON_TOOLS:-$HOME/.cache/keelson/tools} (scripts/tools/lib.sh). */
export function toolsDir(): string {
  return process.env.KEELSON_TOOLS ?? join(homedir(), ".cache", "keelson", "tools");
}
