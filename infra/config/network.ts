import { z } from "zod";

/** Network policy and the optional CNI. */
export const networkSchema = z.strictObject({
  /** Default-deny ingress and egress in every Keelson namespace. @default true */
  defaultDeny: z.boolean().default(true),
});
export type NetworkConfig = z.infer<typeof networkSchema>;
