/**
 * Sums the CPU and memory requests in charts-out/<profile>/ per component (chart) and prints them next
 * to the anchors' figures. Exits non-zero when the dev profile exceeds its budget.
 *   npx tsx bench/footprint.ts [--profile dev] [--nodes 3] [--dir charts-out]
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { ANCHORS, DEV_BUDGET, addUp, objectRequests, type Footprint, type ObjectLike } from "./footprint-lib";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const profile = arg("profile", "dev");
const nodes = Number(arg("nodes", "3"));
const dir = join(arg("dir", "charts-out"), profile);

const fmt = (f: Footprint): string =>
  `${String(Math.round(f.cpuMilli)).padStart(6)}m ${f.memoryMiB.toFixed(0).padStart(7)}Mi (${(f.memoryMiB / 1024).toFixed(2)} GiB)`;

const rows = readdirSync(dir)
  .filter((f) => f.endsWith(".k8s.yaml"))
  .sort()
  .map((file) => {
    const objects = parseAllDocuments(readFileSync(join(dir, file), "utf8"))
      .map((d) => d.toJS() as ObjectLike)
      .filter((o) => o !== null);
    return {
      component: file.replace(/\.k8s\.yaml$/, ""),
      footprint: addUp(objects.map((o) => objectRequests(o, nodes, objects))),
    };
  });
const total = addUp(rows.map((r) => r.footprint));

console.log(`Requests in ${dir} (${nodes} nodes; DaemonSets × nodes, Deployments/StatefulSets × replicas)`);
for (const r of rows) console.log(`  ${r.component.padEnd(24)} ${fmt(r.footprint)}`);
console.log(`  ${"TOTAL".padEnd(24)} ${fmt(total)}`);
console.log("Anchors (requests as shipped, 3 nodes; /work/shared/notes/performance-anchors.md §4):");
for (const a of ANCHORS) {
  console.log(
    `  ${a.name.padEnd(80)} ${fmt(a.footprint)}  Keelson/anchor: CPU ${(total.cpuMilli / a.footprint.cpuMilli).toFixed(2)}, memory ${(total.memoryMiB / a.footprint.memoryMiB).toFixed(2)}`,
  );
}
if (profile === "dev") {
  const ok = total.cpuMilli <= DEV_BUDGET.cpuMilli && total.memoryMiB <= DEV_BUDGET.memoryMiB;
  console.log(`Dev budget ${fmt(DEV_BUDGET)}: ${ok ? "within" : "EXCEEDED"}`);
  if (!ok) process.exit(1);
}
