import { z } from "zod";
import { imageRef, REGISTRY_PATTERN } from "./common";

/**
 * Images Keelson builds from images/<name>/Dockerfile. `pulumi up` replaces these references with the
 * registry digest of the build (`repoDigest`); `cdk8s synth` uses them as written.
 */
export const imagesSchema = z.strictObject({
  /** Registry the built images are pushed to and pulled from. @default "registry.example.com/keelson" */
  registry: z
    .string()
    .regex(REGISTRY_PATTERN, "a registry host[:port] with an optional lower-case path")
    .default("registry.example.com/keelson"),
  /** Tag of Keelson-built images when no digest is known. @default "0.1.0" */
  tag: z
    .string()
    .regex(/^[\w][\w.-]{0,127}$/, "an image tag")
    .refine((t) => t !== "latest", "a version (not 'latest')")
    .default("0.1.0"),
  /** Per-image overrides (name → full reference), e.g. digests injected by `pulumi up`. @default {} */
  overrides: z.record(z.string().regex(/^[a-z0-9-]+$/, "an image name"), imageRef).default({}),
});
export type ImagesConfig = z.infer<typeof imagesSchema>;

/** The reference for a Keelson-built image: an override (e.g. a digest from the build) or registry/name:tag. */
export function builtImage(images: ImagesConfig, name: string): string {
  return images.overrides[name] ?? `${images.registry}/${name}:${images.tag}`;
}
