import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { ETCD_BACKUP_JOB, type EtcdBackupConfig } from "../../config/etcd-backup";
import { NAMESPACE } from "../../config/namespaces";
import { resourceRequirements, restrictedContainerSecurityContext, workloadLabels, imagePullPolicy } from "../workload-defaults";

export interface EtcdBackupCronJobProps {
  readonly backup: EtcdBackupConfig;
}

export const ETCD_BACKUP_NAME = "etcd-backup";
const WORK = "/work";
const BACKUP = "/backup";
const PKI = "/pki";

/**
 * The rotation step, run by BusyBox `sh` after the snapshot was saved and verified into the emptyDir.
 * A fixed script: its only inputs are the environment variables RETENTION (an integer, validated),
 * SNAPSHOT (the verified file) and BACKUP_DIR. The copy lands under a temporary name and is renamed, so
 * a half-written file never looks like a snapshot; then all but the newest RETENTION snapshots go, and
 * `last-success` gets the Unix time (for a file-based alert; the CronJob's lastSuccessfulTime says the same).
 */
export const ROTATE_SCRIPT = [
  "set -eu",
  'ts="$(date -u +%Y%m%dT%H%M%SZ)"',
  'cp "$SNAPSHOT" "$BACKUP_DIR/.snapshot-$ts.db.part"',
  'mv "$BACKUP_DIR/.snapshot-$ts.db.part" "$BACKUP_DIR/snapshot-$ts.db"',
  'ls -1 "$BACKUP_DIR" | grep -E \'^snapshot-[0-9]{8}T[0-9]{6}Z[.]db$\' | sort -r | tail -n "+$((RETENTION + 1))" | while read -r old; do rm -f "$BACKUP_DIR/$old"; done',
  'date -u +%s > "$BACKUP_DIR/.last-success.part"',
  'mv "$BACKUP_DIR/.last-success.part" "$BACKUP_DIR/last-success"',
  'echo "etcd snapshot $BACKUP_DIR/snapshot-$ts.db saved, verified, retention $RETENTION"',
].join("\n");

function etcdctlArgs(b: EtcdBackupConfig): string[] {
  return [
    `--endpoints=${b.endpoint}`,
    `--cacert=${PKI}/${b.pki.caFile}`,
    `--cert=${PKI}/${b.pki.certFile}`,
    `--key=${PKI}/${b.pki.keyFile}`,
    "--dial-timeout=20s",
    "--command-timeout=10m",
  ];
}

// Exception to runAsNonRoot: kubeadm's etcd client key is root-owned with mode 0600 on the host, and a
// hostPath volume ignores fsGroup. Root here has no capability, no privilege escalation and a
// read-only root filesystem; the key is mounted read-only.
const ROOT_WITHOUT_CAPABILITIES: k8s.SecurityContext = {
  ...restrictedContainerSecurityContext(),
  runAsNonRoot: false,
  runAsUser: 0,
  runAsGroup: 0,
};
const WORK_MOUNT = { name: "work", mountPath: WORK };

function step(b: EtcdBackupConfig, name: string, command: string[], mounts: k8s.VolumeMount[]): k8s.Container {
  return {
    name,
    image: b.image,
    imagePullPolicy: imagePullPolicy(b.image),
    command,
    resources: resourceRequirements(b.resources),
    securityContext: ROOT_WITHOUT_CAPABILITIES,
    volumeMounts: [WORK_MOUNT, ...mounts],
  };
}

function steps(b: EtcdBackupConfig): { init: k8s.Container[]; main: k8s.Container } {
  const snapshot = `${WORK}/snapshot.db`;
  const save = step(
    b,
    "snapshot",
    ["etcdctl", ...etcdctlArgs(b), "snapshot", "save", snapshot],
    [{ name: "pki", mountPath: PKI, readOnly: true }],
  );
  // Reads the whole file and checks its hash; a torn or corrupt snapshot fails the job here.
  const verify = step(b, "verify", ["etcdutl", "snapshot", "status", snapshot, "--write-out=table"], []);
  const rotate: k8s.Container = {
    ...step(b, "rotate", ["sh", "-c", ROTATE_SCRIPT], [{ name: "backup", mountPath: BACKUP }]),
    image: b.rotateImage,
    imagePullPolicy: imagePullPolicy(b.rotateImage),
    env: [
      { name: "RETENTION", value: String(b.retention) },
      { name: "SNAPSHOT", value: snapshot },
      { name: "BACKUP_DIR", value: BACKUP },
    ],
  };
  return { init: [save, verify], main: rotate };
}

function volumes(b: EtcdBackupConfig): k8s.Volume[] {
  const backup: k8s.Volume =
    "hostPath" in b.volume
      ? { name: "backup", hostPath: { path: b.volume.hostPath, type: "DirectoryOrCreate" } }
      : { name: "backup", persistentVolumeClaim: { claimName: b.volume.persistentVolumeClaim } };
  return [{ name: "work", emptyDir: {} }, { name: "pki", hostPath: { path: b.pki.hostPath, type: "Directory" } }, backup];
}

function podSpec(b: EtcdBackupConfig): k8s.PodSpec {
  const { init, main } = steps(b);
  return {
    restartPolicy: "Never",
    serviceAccountName: ETCD_BACKUP_NAME,
    automountServiceAccountToken: false,
    // Exception to no-host-access: etcd listens on the control-plane node's 127.0.0.1 (kubeadm),
    // and its client certificate is a file on that node.
    hostNetwork: true,
    dnsPolicy: "ClusterFirstWithHostNet",
    securityContext: { seccompProfile: { type: "RuntimeDefault" } },
    nodeSelector: { "node-role.kubernetes.io/control-plane": "" },
    tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
    initContainers: init,
    containers: [main],
    volumes: volumes(b),
  };
}

/**
 * etcd snapshots on a control-plane node: `etcdctl snapshot save` into an emptyDir, `etcdutl snapshot
 * status` on it, then BusyBox copies it to the backup volume and keeps the newest `retention`.
 * A job succeeds only when all three steps do, so `status.lastSuccessfulTime` of the CronJob
 * (kube_cronjob_status_last_successful_time) is the last verified backup.
 */
export class EtcdBackupCronJob extends Construct {
  constructor(scope: Construct, id: string, props: EtcdBackupCronJobProps) {
    super(scope, id);
    const b = props.backup;
    const labels = workloadLabels(ETCD_BACKUP_NAME, "backup");
    new k8s.KubeServiceAccount(this, "service-account", {
      metadata: { name: ETCD_BACKUP_NAME, namespace: NAMESPACE.kubeSystem, labels },
      automountServiceAccountToken: false,
    });
    new k8s.KubeCronJob(this, "cronjob", {
      metadata: { name: ETCD_BACKUP_NAME, namespace: NAMESPACE.kubeSystem, labels },
      spec: {
        schedule: b.schedule,
        timeZone: "Etc/UTC",
        concurrencyPolicy: "Forbid",
        startingDeadlineSeconds: ETCD_BACKUP_JOB.startingDeadlineSeconds,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 1,
            activeDeadlineSeconds: ETCD_BACKUP_JOB.activeDeadlineSeconds,
            template: {
              metadata: { labels },
              spec: podSpec(b),
            },
          },
        },
      },
    });
  }
}
