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
    edge: { replicas: 3 },
  },
};

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}
