import { z } from "zod";

/** Cluster-level logging: node collector and log store. */
export const loggingSchema = z.strictObject({
  /** @default true */
  enabled: z.boolean().default(true),
});
export type LoggingConfig = z.infer<typeof loggingSchema>;
