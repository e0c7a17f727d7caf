/**
 * The cdk8s app: config in, charts-out/<profile>/ written deterministically and atomically.
 *   npm run synth [-- --profile dev --config keelson.yaml --out charts-out]
 * Every profile is synthesized in memory first; nothing is written unless all of them succeed.
 */
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, resolveConfig } from "./config";
import { AddonGraphError } from "./charts";
import { parseSynthArgs } from "./synth/cli-args";
import { readConfigFile } from "./synth/config-file";
import { renderOutputFiles, summarize, synthesizePlatform, writeTreeAtomically } from "./synth";

async function main(): Promise<void> {
  const args = parseSynthArgs(process.argv.slice(2));
  const userConfig = args.configFile === undefined ? {} : await readConfigFile(args.configFile);
  const results = args.profiles.map((profile) => synthesizePlatform(resolveConfig(profile, userConfig), profile));
  for (const platform of results) {
    const target = join(args.outDir, platform.profile);
    writeTreeAtomically(target, renderOutputFiles(platform));
    // `cdk8s synth` expects manifests in its own output folder (which it empties first); give it a copy.
    const cdk8sOut = process.env.CDK8S_OUTDIR;
    if (cdk8sOut) {
      mkdirSync(cdk8sOut, { recursive: true });
      cpSync(target, join(cdk8sOut, platform.profile), { recursive: true });
    }
    for (const line of summarize(platform)) console.log(line);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof AddonGraphError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  console.error("synth failed: charts-out/ was not changed");
  process.exit(1);
});
