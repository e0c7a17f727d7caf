import { z } from "zod";

/** The cluster web UI. */
export const uiSchema = z.strictObject({
  /** @default true */
  enabled: z.boolean().default(true),
});
export type UiConfig = z.infer<typeof uiSchema>;
