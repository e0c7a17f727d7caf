import fc from "fast-check";
import { arbitraryFor } from "./config-arbitrary";
import { configJsonSchema } from "../../../infra/config/json-schema";
const schema = configJsonSchema() as any;
for (const k of ["monitoring", "edge"]) {
  let t = Date.now();
  const arb = arbitraryFor(schema.properties[k], { hostility: 0, density: 0.3 });
  console.log(k, "build", Date.now() - t); t = Date.now();
  fc.sample(arb, { numRuns: 30, seed: 1 });
  console.log(k, "sample30", Date.now() - t);
}
