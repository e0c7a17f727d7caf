/**
 * The Pulumi program (composition root): `pulumi up` builds the images Keelson uses, creates the
 * Secrets given as stack secrets, and deploys every synthesized chart in the order of the addon graph.
 * It deploys exactly what `npm run synth` writes to charts-out/ (same config resolution, same
 * synthesizePlatform()), with the built image digests injected. See docs/deploy.md.
 */
import { deployPlatform } from "./deploy-platform";
import { readStackSettings } from "./stack-config";

export = async () => {
  const { settings, secrets } = readStackSettings();
  const { outputs } = await deployPlatform(settings, secrets);
  // An address whose addon is disabled is left out rather than exported as undefined.
  const addresses = { edgeAddress: outputs.edgeAddress, uiUrl: outputs.uiUrl, grafanaUrl: outputs.grafanaUrl };
  const defined = Object.fromEntries(Object.entries(addresses).filter(([, value]) => value !== undefined));
  return { charts: outputs.charts, ...defined, images: outputs.images };
};
