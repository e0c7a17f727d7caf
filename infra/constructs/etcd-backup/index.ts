export * from "./etcd-backup-cronjob";
