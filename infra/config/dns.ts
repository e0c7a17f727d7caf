import { z } from "zod";

/** Cluster DNS (CoreDNS). */
export const dnsSchema = z.strictObject({
  /** @default true */
  enabled: z.boolean().default(true),
});
export type DnsConfig = z.infer<typeof dnsSchema>;
