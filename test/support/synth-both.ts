import { PROFILE_NAMES, resolveConfig } from "../../infra/config";
import { synthesizePlatform, type SynthesizedPlatform } from "../../infra/synth";

/** A fresh in-memory synth of every profile with the default config. */
export function synthesizeAllProfiles(overlay: unknown = {}): SynthesizedPlatform[] {
  return PROFILE_NAMES.map((profile) => synthesizePlatform(resolveConfig(profile, overlay), profile));
}
