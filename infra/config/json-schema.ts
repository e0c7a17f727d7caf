import { z } from "zod";
import { platformConfigSchema } from "./schema";

/** JSON Schema of the user config file (input shape: every field optional), for editor completion and checks. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(platformConfigSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    ...schema,
    $id: "https://keelson.dev/schema/keelson-config.schema.json",
    title: "Keelson platform config",
    description: "Merged over a profile (dev or prod). Unknown keys are errors.",
  };
}

export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
