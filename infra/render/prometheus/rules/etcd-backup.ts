import { etcdBackupMaxAgeSeconds, type EtcdBackupConfig } from "../../../config/etcd-backup";
import { NAMESPACE } from "../../../config/namespaces";
import { seriesName as s, type AlertRule, type RuleGroup, type SeriesFixture } from "../rules-model";

/** The CronJob the etcd-backup addon creates (infra/constructs/etcd-backup), as kube-state-metrics labels it. */
export const ETCD_BACKUP_CRONJOB = { namespace: NAMESPACE.kubeSystem, cronjob: "etcd-backup" } as const;

const KSM = { job: "kube-state-metrics" };
const CRONJOB = { ...KSM, ...ETCD_BACKUP_CRONJOB };
const SELECT_CRONJOB = `namespace="${ETCD_BACKUP_CRONJOB.namespace}",cronjob="${ETCD_BACKUP_CRONJOB.cronjob}"`;

/**
 * When the last verified backup finished (the CronJob's status.lastSuccessfulTime); a CronJob that has
 * never succeeded counts from its creation, so a backup that fails from the start alerts too.
 */
const LAST_SUCCESS =
  `max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{${SELECT_CRONJOB}}` +
  ` or kube_cronjob_created{${SELECT_CRONJOB}})`;

/**
 * Fixtures: the CronJob with its last success `lastSuccess` seconds from the window's start (undefined:
 * never), created `created` seconds from it (a week before, unless given).
 */
export function cronJobSeries(lastSuccess: number | undefined, created = -7 * 86400): SeriesFixture[] {
  const createdSeries = { series: s("kube_cronjob_created", CRONJOB), values: `${created}x30` };
  if (lastSuccess === undefined) return [createdSeries];
  return [createdSeries, { series: s("kube_cronjob_status_last_successful_time", CRONJOB), values: `${lastSuccess}x30` }];
}

/** 45600 → "12 h 40 min", 1209600 → "336 h". */
function hoursAndMinutes(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest === 0 ? "" : ` ${rest} min`}`;
}

function tooOld(maxAgeSeconds: number): AlertRule {
  const age = hoursAndMinutes(maxAgeSeconds);
  return {
    alert: "EtcdBackupTooOld",
    expr: `time() - ${LAST_SUCCESS} > ${maxAgeSeconds}`,
    for: "5m",
    severity: "critical",
    summary: `The last etcd backup is older than ${age}`,
    description:
      `No etcd snapshot has been saved and verified for more than ${age} (twice the longest gap between ` +
      "scheduled runs plus the job's deadlines): restoring the control plane would lose that much. Check the " +
      "jobs of CronJob kube-system/etcd-backup.",
    tests: {
      // Last success exactly maxAge before the window: too old from the first evaluation on.
      firing: { series: cronJobSeries(-maxAgeSeconds), at: "10m", labels: ETCD_BACKUP_CRONJOB },
      // Last success 20 minutes short of maxAge before the window: still 10 minutes inside it at evaluation.
      silent: { series: cronJobSeries(-maxAgeSeconds + 1200), at: "10m" },
    },
  };
}

/** Fixtures: Job `name` of the CronJob, started `start` seconds from the window's start, failed or not. */
export function jobSeries(
  name: string,
  start: number,
  failed: boolean,
  owner: string = ETCD_BACKUP_CRONJOB.cronjob,
): SeriesFixture[] {
  const job = { ...KSM, namespace: ETCD_BACKUP_CRONJOB.namespace, job_name: name };
  const ownerLabels = { ...job, owner_kind: "CronJob", owner_name: owner, owner_is_controller: "true" };
  return [
    { series: s("kube_job_owner", ownerLabels), values: "1x30" },
    { series: s("kube_job_status_start_time", job), values: `${start}x30` },
    { series: s("kube_job_failed", { ...job, condition: "true" }), values: failed ? "1x30" : "0x30" },
    { series: s("kube_job_failed", { ...job, condition: "false" }), values: failed ? "0x30" : "1x30" },
  ];
}

/**
 * A Job of the CronJob has failed (after its retry) and no run has succeeded since it started. Failed
 * Jobs stay in the history (failedJobsHistoryLimit), so a later success must silence the alert.
 */
const jobFailed: AlertRule = {
  alert: "EtcdBackupJobFailed",
  expr:
    "max by (namespace, job_name) (" +
    `kube_job_status_start_time{namespace="${ETCD_BACKUP_CRONJOB.namespace}"}` +
    ` and on (namespace, job_name) (kube_job_failed{namespace="${ETCD_BACKUP_CRONJOB.namespace}",condition="true"} == 1)` +
    ` and on (namespace, job_name) kube_job_owner{namespace="${ETCD_BACKUP_CRONJOB.namespace}",owner_kind="CronJob",owner_name="${ETCD_BACKUP_CRONJOB.cronjob}"}` +
    `) > on (namespace) group_left () max by (namespace) (${LAST_SUCCESS})`,
  for: "5m",
  severity: "warning",
  summary: "etcd backup job {{ $labels.job_name }} failed",
  description:
    "Job {{ $labels.namespace }}/{{ $labels.job_name }} of CronJob etcd-backup failed (snapshot, verify or rotate) " +
    "and no backup has succeeded since. Its pod logs say which step.",
  tests: {
    firing: {
      series: [...cronJobSeries(-21600), ...jobSeries("etcd-backup-29000000", -600, true)],
      at: "10m",
      labels: { namespace: ETCD_BACKUP_CRONJOB.namespace, job_name: "etcd-backup-29000000" },
    },
    // The same failed job, but a later run succeeded.
    silent: { series: [...cronJobSeries(-600), ...jobSeries("etcd-backup-29000000", -21600, true)], at: "10m" },
  },
};

/** etcd backups (self-managed clusters with etcdBackup.enabled): the last success is recent, jobs do not fail. */
export function etcdBackupRules(backup: Pick<EtcdBackupConfig, "schedule">): RuleGroup {
  return {
    name: "etcd-backup",
    clusters: "control-plane",
    alerts: [tooOld(etcdBackupMaxAgeSeconds(backup)), jobFailed],
  };
}
