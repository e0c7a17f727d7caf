import { z } from "zod";
import { dnsSchema } from "./dns";
import { edgeSchema } from "./edge";
import { etcdBackupSchema } from "./etcd-backup";
import { gitopsSchema } from "./gitops";
import { imagesSchema } from "./images";
import { loggingSchema } from "./logging";
import { monitoringSchema } from "./monitoring";
import { networkSchema } from "./network";
import { platformSchema } from "./platform";
import { uiSchema } from "./ui";

/** The whole platform, as one typed document. Every section has defaults; unknown keys are errors. */
export const platformConfigSchema = z.strictObject({
  /** Editors use this to find the JSON Schema; ignored by Keelson. */
  $schema: z.string().optional(),
  platform: platformSchema.prefault({}),
  images: imagesSchema.prefault({}),
  edge: edgeSchema.prefault({}),
  dns: dnsSchema.prefault({}),
  ui: uiSchema.prefault({}),
  network: networkSchema.prefault({}),
  monitoring: monitoringSchema.prefault({}),
  logging: loggingSchema.prefault({}),
  etcdBackup: etcdBackupSchema.prefault({}),
  gitops: gitopsSchema.prefault({}),
});

/** A fully resolved config: every default applied, every value checked. */
export type PlatformConfig = z.output<typeof platformConfigSchema>;
/** What a user writes: every field optional. */
export type PlatformConfigInput = z.input<typeof platformConfigSchema>;
