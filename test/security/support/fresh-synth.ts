import { PROFILE_NAMES, resolveConfig } from "../../../infra/config";
import { synthesizePlatform } from "../../../infra/synth";
import type { Json } from "./manifests";
import type { ProfileObjects } from "./security-doc";

/** A fresh in-memory synth of every profile with the default config, flattened per profile. */
export function freshProfiles(overlay: unknown = {}): ProfileObjects[] {
  return PROFILE_NAMES.map((profile) => {
    const platform = synthesizePlatform(resolveConfig(profile, overlay), profile);
    return { profile, config: platform.config, objects: platform.charts.flatMap((c) => c.objects) as unknown as Json[] };
  });
}
