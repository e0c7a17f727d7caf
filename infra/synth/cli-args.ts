import { parseArgs } from "node:util";
import { ConfigError, isProfileName, PROFILE_NAMES, type ProfileName } from "../config";

export interface SynthArgs {
  readonly profiles: readonly ProfileName[];
  readonly configFile?: string;
  readonly outDir: string;
}

/** Parses `--profile <name>` (repeatable; default: every profile), `--config <file>`, `--out <dir>`. */
export function parseSynthArgs(argv: readonly string[]): SynthArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      profile: { type: "string", multiple: true },
      config: { type: "string" },
      out: { type: "string", default: "charts-out" },
    },
    strict: true,
  });
  const requested = values.profile ?? [...PROFILE_NAMES];
  const unknown = requested.filter((p) => !isProfileName(p));
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map((p) => `'--profile' must be one of ${PROFILE_NAMES.join(", ")}, got ${JSON.stringify(p)}`),
      "Command line",
    );
  }
  return { profiles: requested as ProfileName[], configFile: values.config, outDir: values.out };
}
