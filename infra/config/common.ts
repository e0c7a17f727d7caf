import { z } from "zod";

/**
 * Shared field types. Every string that can reach a rendered config file (nginx.conf, Corefile, YAML)
 * is constrained here to a safe alphabet, so no config value can smuggle in a directive.
 */

/** RFC 1123 DNS label, as Kubernetes requires for most object names. */
export const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "a DNS-1123 label (lower-case letters, digits, '-'; at most 63 characters)");

/** RFC 1123 subdomain (dotted DNS name). */
export const dnsSubdomain = z
  .string()
  .max(253, "a DNS name of at most 253 characters")
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    "a DNS-1123 subdomain (lower-case labels separated by '.')",
  );

export const positiveInt = z.number().int().min(1);
export const nonNegativeInt = z.number().int().min(0);
export const port = z.number().int().min(1).max(65535);

/** Requests and limits of one container, in units a reader does not have to decode. */
export const resourcesSchema = z
  .strictObject({
    requests: z.strictObject({ cpuMilli: positiveInt.max(64000), memoryMiB: positiveInt.max(262144) }),
    limits: z.strictObject({ cpuMilli: positiveInt.max(64000), memoryMiB: positiveInt.max(262144) }),
  })
  .superRefine((r, ctx) => {
    if (r.limits.cpuMilli < r.requests.cpuMilli) {
      ctx.addIssue({ code: "custom", path: ["limits", "cpuMilli"], message: `>= requests.cpuMilli (${r.requests.cpuMilli})` });
    }
    if (r.limits.memoryMiB < r.requests.memoryMiB) {
      ctx.addIssue({ code: "custom", path: ["limits", "memoryMiB"], message: `>= requests.memoryMiB (${r.requests.memoryMiB})` });
    }
  });
export type ResourcesConfig = z.infer<typeof resourcesSchema>;

export function resources(cpuMilli: [number, number], memoryMiB: [number, number]): ResourcesConfig {
  return {
    requests: { cpuMilli: cpuMilli[0], memoryMiB: memoryMiB[0] },
    limits: { cpuMilli: cpuMilli[1], memoryMiB: memoryMiB[1] },
  };
}

/**
 * A reference to a key of a Kubernetes Secret. Keelson never takes secret values in config:
 * the Secret is created out of band (or by `pulumi up` from stack secrets) and only referenced.
 */
export const secretKeyRef = z.strictObject({
  name: dnsSubdomain,
  key: z.string().regex(/^[-._a-zA-Z0-9]{1,253}$/, "a Secret key ([-._a-zA-Z0-9]+)"),
});
export type SecretKeyRef = z.infer<typeof secretKeyRef>;

/**
 * The grammar of image references in distribution/reference (what registries and the kubelet parse):
 * an optional registry host[:port], then lower-case path components separated by '/'.
 */
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]{1,5})?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*";
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "sha256:[a-f0-9]{64}";

/** A registry with an optional path prefix, e.g. `registry.example.com:5000/team`. */
export const REGISTRY_PATTERN = new RegExp(`^${DOMAIN}(?:/${PATH_COMPONENT})*$`);
const IMAGE_REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::(${TAG}))?(?:@(${DIGEST}))?$`);

/** The tag of an image reference (`registry/name:tag[@digest]`), if it has one. */
export function imageTag(ref: string): string | undefined {
  return IMAGE_REFERENCE.exec(ref)?.[1];
}

/** A container image reference pinned by tag (never `latest`) or digest. */
export const imageRef = z
  .string()
  .regex(IMAGE_REFERENCE, "an image reference (registry/name:tag[@sha256:…], lower-case name)")
  .refine((ref) => {
    const [, tag, digest] = IMAGE_REFERENCE.exec(ref) ?? [];
    return digest !== undefined || (tag !== undefined && tag !== "latest");
  }, "pinned to a version tag (not 'latest') or a digest");

/** A Kubernetes quantity of storage in GiB, as a whole number. */
export const sizeGiB = z.number().int().min(1).max(65536);
