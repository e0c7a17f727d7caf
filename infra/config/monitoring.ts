import { z } from "zod";

/** Resource monitoring: metrics-server, Prometheus, alerts, dashboards. */
export const monitoringSchema = z.strictObject({
  /** @default true */
  enabled: z.boolean().default(true),
});
export type MonitoringConfig = z.infer<typeof monitoringSchema>;
