import { z } from "zod";
import { positiveInt, resources, resourcesSchema } from "./common";

/** The NGINX edge tier: reverse proxy, cache and load balancer. */
export const edgeSchema = z.strictObject({
  /** @default true */
  enabled: z.boolean().default(true),
  /** @default 1 (dev), 3 (prod) */
  replicas: positiveInt.max(1000).default(1),
  /** @default 100m/250m CPU, 64/128 MiB */
  resources: resourcesSchema.default(resources([100, 250], [64, 128])),
});
export type EdgeConfig = z.infer<typeof edgeSchema>;
