import fc from "fast-check";
import { fuzzCase } from "./config-arbitrary";
import { runCase } from "./verify-case";
import { realCheck, type CheckedConfig } from "./real-checkers";
(async () => {
  const samples = fc.sample(fuzzCase(), { numRuns: 150, seed: 5 });
  const accepted: CheckedConfig[] = [];
  samples.forEach((c, i) => { const o = runCase(c); if (o.kind === "accepted") accepted.push({ label: `case ${i}`, config: o.config, files: process.argv[2] === "all" ? o.files : o.files.filter((f) => !/prometheus|alertmanager/.test(f.where)) }); });
  const t = Date.now();
  const r = await realCheck(accepted.slice(0, 20));
  console.log(accepted.length, r.checked, Date.now() - t, "ms");
  for (const f of r.failures) console.log(f.slice(0, 1500));
})();
