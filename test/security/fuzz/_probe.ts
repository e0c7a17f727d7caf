import fc from "fast-check";
import { fuzzCase } from "./config-arbitrary";
import { resolveConfig, ConfigError } from "../../../infra/config";
const t = Date.now();
const samples = fc.sample(fuzzCase(), { numRuns: 300, seed: 42 });
console.log("gen ms", Date.now() - t);
let acc = { valid: [0, 0], hostile: [0, 0] } as Record<string, number[]>;
const errs = new Map<string, number>();
for (const c of samples) {
  try { resolveConfig(c.profile, c.input); acc[c.mode][0]++; } catch (e) {
    acc[c.mode][1]++;
    if (e instanceof ConfigError) for (const p of e.problems) { const k = p.replace(/, got .*/, "").replace(/\.\d+\./g, ".N."); errs.set(k, (errs.get(k) ?? 0) + 1); }
    else console.log("OTHER", e);
  }
}
console.log(acc);
console.log([...errs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25));
console.log(JSON.stringify(samples[3].input).slice(0, 600));
