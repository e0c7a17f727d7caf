import type { PlatformConfigInput } from "./schema";

export const PROFILE_NAMES = ["dev", "prod"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/**
 * Profiles are overlays on the schema defaults. The defaults are the dev shape (single replicas, small
 * requests, emptyDir); prod adds high availability, persistent volumes and disruption budgets.
 * Each section is owned by the addon of the same name.
 */
export const PROFILES: Readonly<Record<ProfileName, PlatformConfigInput>> = {
  dev: {},
  prod: {
    platform: { podDisruptionBudgets: true, storage: "persistentVolume" },
    edge: { replicas: 3, service: { type: "LoadBalancer" }, autoscaling: { enabled: true } },
    dns: {
      replicas: 2,
      resources: { requests: { cpuMilli: 100, memoryMiB: 70 }, limits: { cpuMilli: 1000, memoryMiB: 170 } },
      autoscaler: { enabled: true },
      nodeLocal: { enabled: true },
    },
    ui: { replicas: 2 },
    monitoring: {
      metricsServer: { replicas: 2 },
      prometheus: {
        replicas: 2,
        expectedActiveSeries: 200_000,
        retention: { days: 15, sizeGiB: 40 },
        storageSizeGiB: 50,
        resources: { requests: { cpuMilli: 250, memoryMiB: 1536 }, limits: { cpuMilli: 2000, memoryMiB: 4096 } },
      },
      alertmanager: { replicas: 2 },
    },
    logging: {
      store: {
        retentionDays: 14,
        storageSizeGiB: 50,
        expectedIngestMiBPerDay: 2000,
        resources: { requests: { cpuMilli: 250, memoryMiB: 512 }, limits: { cpuMilli: 2000, memoryMiB: 2048 } },
      },
    },
  },
};

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}
