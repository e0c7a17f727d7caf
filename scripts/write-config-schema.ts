/** Writes schema/keelson-config.schema.json from the zod schema (drift-checked by npm run synth:check). */
import { writeFileSync } from "node:fs";
import { renderConfigJsonSchema } from "../infra/config/json-schema";

writeFileSync("schema/keelson-config.schema.json", renderConfigJsonSchema());
console.log("wrote schema/keelson-config.schema.json");
