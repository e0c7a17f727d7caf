import { z } from "zod";

/** etcd snapshots for self-managed control planes. */
export const etcdBackupSchema = z.strictObject({
  /** @default false */
  enabled: z.boolean().default(false),
});
export type EtcdBackupConfig = z.infer<typeof etcdBackupSchema>;
