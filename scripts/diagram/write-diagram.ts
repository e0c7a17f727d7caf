/** npm run diagram: writes docs/platform.dot and renders docs/platform.svg with Graphviz. */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { renderPlatformDot } from "./render-dot";

const dot = renderPlatformDot();
writeFileSync("docs/platform.dot", dot);
try {
  const svg = execFileSync("dot", ["-Tsvg"], { input: dot, encoding: "utf8" });
  writeFileSync("docs/platform.svg", svg);
} catch (error) {
  throw new Error(`Graphviz 'dot' failed or is missing: apt-get install -y graphviz\n${(error as Error).message}`);
}
console.log("wrote docs/platform.dot and docs/platform.svg");
