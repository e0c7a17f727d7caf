import fc from "fast-check";
import { fuzzCase } from "./config-arbitrary";
import { runCase } from "./verify-case";
const samples = fc.sample(fuzzCase(), { numRuns: Number(process.argv[2] ?? 200), seed: Number(process.argv[3] ?? 7) });
const t = Date.now();
const count: Record<string, number> = {};
const broken = new Map<string, number>();
for (const c of samples) {
  const o = runCase(c);
  count[o.kind] = (count[o.kind] ?? 0) + 1;
  if (o.kind === "broken")
    for (const p of o.problems) {
      const k = p.slice(0, 230);
      broken.set(k, (broken.get(k) ?? 0) + 1);
    }
}
console.log(count, "ms", Date.now() - t);
for (const [k, n] of [...broken.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(n, k);
