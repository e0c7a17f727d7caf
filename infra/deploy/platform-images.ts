import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { builtImage, type ImagesConfig } from "../config";
import type { SynthesizedPlatform } from "../synth";
import { KeelsonImage } from "./keelson-image";
import type { StackSecrets, StackSettings } from "./stack-config";

/** Folders of images/ that hold a Dockerfile: the images Keelson can build. */
export function buildableImages(projectRoot: string): string[] {
  const dir = join(projectRoot, "images");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "Dockerfile")))
    .map((entry) => entry.name)
    .sort();
}

function imageFields(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) value.forEach((item) => imageFields(item, found));
  else if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === "image" && typeof child === "string") found.add(child);
      else imageFields(child, found);
    }
  }
}

/**
 * The Keelson-built images the synthesized objects use: container images under `images.registry` that are
 * not overridden. An image under the registry without a folder in images/ is an error (it could never be
 * built or pulled).
 */
export function usedKeelsonImages(platform: SynthesizedPlatform, images: ImagesConfig, buildable: readonly string[]): string[] {
  const refs = new Set<string>();
  for (const chart of platform.charts) chart.objects.forEach((o) => imageFields(o, refs));
  const prefix = `${images.registry}/`;
  const names = new Set<string>();
  const problems: string[] = [];
  for (const ref of [...refs].sort()) {
    if (!ref.startsWith(prefix)) continue;
    const name = ref.slice(prefix.length).split(/[:@]/)[0];
    if (builtImage(images, name) !== ref) continue;
    if (buildable.includes(name)) names.add(name);
    else
      problems.push(
        `Image ${ref}: images/${name}/Dockerfile must exist to build it (buildable: ${buildable.join(", ") || "none"})`,
      );
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return [...names].sort();
}

export interface BuiltImages {
  /** Image name → KeelsonImage. */
  readonly images: ReadonlyMap<string, KeelsonImage>;
  /** Image name → the reference pods must use (a digest after a push). */
  readonly refs: Readonly<Record<string, pulumi.Output<string>>>;
  /** The configured references the built ones replace. */
  readonly replacedRefs: readonly string[];
}

/** Builds every Keelson image the platform uses (see usedKeelsonImages). */
export function buildPlatformImages(
  platform: SynthesizedPlatform,
  settings: StackSettings,
  secrets: StackSecrets,
  projectRoot: string,
): BuiltImages {
  const { images: imagesConfig } = platform.config;
  const names = usedKeelsonImages(platform, imagesConfig, buildableImages(projectRoot));
  const images = new Map<string, KeelsonImage>();
  const refs: Record<string, pulumi.Output<string>> = {};
  for (const name of names) {
    const image = new KeelsonImage(name, {
      // Relative to the working directory (the project folder under Pulumi), so state does not depend on the checkout path.
      context: relative(process.cwd(), join(projectRoot, "images", name)),
      imageName: builtImage(imagesConfig, name),
      push: settings.push,
      builderVersion: settings.builderVersion,
      registryUsername: settings.registryUsername,
      registryPassword: secrets.registryPassword,
    });
    images.set(name, image);
    refs[name] = image.imageRef;
  }
  return { images, refs, replacedRefs: names.map((n) => builtImage(imagesConfig, n)) };
}
