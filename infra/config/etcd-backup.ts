import { z } from "zod";
import { dnsSubdomain, imageRef, resources, resourcesSchema } from "./common";
import { longestCronIntervalSeconds } from "./cron";

const absolutePath = z.string().regex(/^(\/[A-Za-z0-9._-]+)+$/, "an absolute path ([A-Za-z0-9._-] segments)");
const fileName = z.string().regex(/^[A-Za-z0-9._-]{1,255}$/, "a file name ([A-Za-z0-9._-])");

/**
 * Five cron fields (minute hour day-of-month month day-of-week) of digits, `*`, `/`, `,` and `-`, in range
 * and running at least once (parsed as the CronJob controller parses them: infra/config/cron.ts).
 */
const CRON_FIELDS = /^[0-9*/,-]+( [0-9*/,-]+){4}$/;
const CRON_RULE =
  "a cron schedule of five fields like '0 */6 * * *' that runs (minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-6)";
// The regex also lands in the JSON schema (editor hints); the refinement adds ranges and "runs at all".
const cronSchedule = z
  .string()
  .regex(CRON_FIELDS, CRON_RULE)
  .refine((s) => !CRON_FIELDS.test(s) || longestCronIntervalSeconds(s) !== undefined, CRON_RULE);

/**
 * The CronJob's deadlines: a run that cannot start within `startingDeadlineSeconds` of its time is
 * skipped, and a run is failed after `activeDeadlineSeconds` (a snapshot of a healthy etcd takes seconds).
 */
export const ETCD_BACKUP_JOB = { startingDeadlineSeconds: 600, activeDeadlineSeconds: 1800 } as const;

const volumeSchema = z.union([
  z.strictObject({
    /** A directory on the control-plane node (copy it off the node with your host backups). */
    hostPath: absolutePath,
  }),
  z.strictObject({
    /** An existing PersistentVolumeClaim in kube-system. */
    persistentVolumeClaim: dnsSubdomain,
  }),
]);

/**
 * etcd snapshots for self-managed control planes (kubeadm layout): a CronJob on a control-plane node
 * that runs `etcdctl snapshot save`, verifies the file with `etcdutl snapshot status` (etcd 3.6 moved
 * `snapshot status` out of etcdctl), then keeps the newest `retention` snapshots. A run succeeds only
 * when all three steps do, so the CronJob's `status.lastSuccessfulTime` (kube-state-metrics:
 * `kube_cronjob_status_last_successful_time`) is the last good backup; a `last-success` file with the
 * Unix time is written next to the snapshots as well.
 */
export const etcdBackupSchema = z.strictObject({
  /** Only for `platform.clusterType: self-managed`. @default false */
  enabled: z.boolean().default(false),
  /** @default "17 *\/6 * * *" (every six hours, at minute 17) */
  schedule: cronSchedule.default("17 */6 * * *"),
  /** Snapshots kept; older ones are deleted after a verified new one is in place. @default 7 */
  retention: z.number().int().min(1).max(1000).default(7),
  /** etcd v3.6.8 release image (etcdctl and etcdutl; distroless), the version scripts/tools/versions.sh builds. */
  image: imageRef.default("gcr.io/etcd-development/etcd:v3.6.8"),
  /** For the rotation step (the etcd image has no shell): BusyBox 1.37.0, Docker official image. */
  rotateImage: imageRef.default("docker.io/library/busybox:1.37.0"),
  /** etcd client URL, reached over the node's network (kubeadm: etcd listens on 127.0.0.1:2379). @default "https://127.0.0.1:2379" */
  endpoint: z
    .string()
    .regex(/^https:\/\/[0-9.]+:\d{1,5}$/, "an https URL of an IPv4 address and port like 'https://127.0.0.1:2379'")
    .default("https://127.0.0.1:2379"),
  /** Folder on the node with etcd's CA and a client certificate (kubeadm: /etc/kubernetes/pki/etcd). */
  pki: z
    .strictObject({
      /** @default "/etc/kubernetes/pki/etcd" */
      hostPath: absolutePath.default("/etc/kubernetes/pki/etcd"),
      /** @default "ca.crt" */
      caFile: fileName.default("ca.crt"),
      /** @default "healthcheck-client.crt" (kubeadm's etcd client certificate) */
      certFile: fileName.default("healthcheck-client.crt"),
      /** @default "healthcheck-client.key" */
      keyFile: fileName.default("healthcheck-client.key"),
    })
    .prefault({}),
  /** Where snapshots go. @default { hostPath: "/var/backups/etcd" } */
  volume: volumeSchema.default({ hostPath: "/var/backups/etcd" }),
  /** @default 50m/500m CPU, 64/256 MiB (per step) */
  resources: resourcesSchema.default(resources([50, 500], [64, 256])),
});
export type EtcdBackupConfig = z.infer<typeof etcdBackupSchema>;

/**
 * Age of the last successful backup past which the EtcdBackupTooOld alert fires: twice the longest gap
 * between two scheduled runs (so one failed run alone never fires it; EtcdBackupJobFailed reports that),
 * plus the longest a run may start late and take (`ETCD_BACKUP_JOB`). Default schedule `17 *\/6 * * *`:
 * 2 × 6 h + 40 min = 12 h 40 min.
 */
export function etcdBackupMaxAgeSeconds(backup: Pick<EtcdBackupConfig, "schedule">): number {
  const interval = longestCronIntervalSeconds(backup.schedule);
  if (interval === undefined) throw new Error(`etcdBackup.schedule ${JSON.stringify(backup.schedule)} never runs`);
  return 2 * interval + ETCD_BACKUP_JOB.startingDeadlineSeconds + ETCD_BACKUP_JOB.activeDeadlineSeconds;
}
