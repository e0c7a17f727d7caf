import { z } from "zod";
import { imageRef, positiveInt, resources, resourcesSchema } from "./common";
import { NAMESPACE } from "./namespaces";

/** A Kubernetes RBAC group name as an authenticator (OIDC, client certificates) reports it. */
const groupName = z
  .string()
  .regex(/^[A-Za-z0-9][-A-Za-z0-9_.:@/]{0,252}$/, "a group name ([A-Za-z0-9] then [-A-Za-z0-9_.:@/], at most 253 characters)");

const adminSchema = z
  .strictObject({
    /** Bind `clusterRole` to `group` (write access through the UI). Needs `group`. @default false */
    enabled: z.boolean().default(false),
    /** The group whose members get admin rights (from your authenticator: OIDC groups claim, certificate O=). @default null */
    group: groupName.nullable().default(null),
    /** `admin` (read/write on namespaced objects, secrets and exec included) or `cluster-admin` (everything). @default "admin" */
    clusterRole: z.enum(["admin", "cluster-admin"]).default("admin"),
  })
  .superRefine((admin, ctx) => {
    if (admin.enabled && admin.group === null) {
      ctx.addIssue({ code: "custom", path: ["group"], message: "a group name when admin.enabled is true" });
    }
  });

/**
 * The cluster web UI: Headlamp (kubernetes-sigs, the Dashboard's successor) by default, or the archived
 * Kubernetes Dashboard v2.7. Users log in with their own credentials (a token or OIDC); the shipped
 * `keelson-ui-viewer` ClusterRole is read-only. Reached only through the edge tier, never a LoadBalancer.
 */
export const uiSchema = z.strictObject({
  /** @default true */
  enabled: z.boolean().default(true),
  /** @default "headlamp" */
  kind: z.enum(["headlamp", "dashboard"]).default("headlamp"),
  /** kubernetes-sigs/headlamp tag v0.45.0 (charts/headlamp/Chart.yaml appVersion 0.45.0, image ghcr.io/headlamp-k8s/headlamp). */
  headlampImage: imageRef.default("ghcr.io/headlamp-k8s/headlamp:v0.45.0"),
  /** kubernetes/dashboard tag v2.7.0 (aio/deploy/recommended.yaml), the last manifest-based release. */
  dashboardImage: imageRef.default("docker.io/kubernetesui/dashboard:v2.7.0"),
  /** @default 1 */
  replicas: positiveInt.max(20).default(1),
  /** @default 25m/500m CPU, 64/256 MiB */
  resources: resourcesSchema.default(resources([25, 500], [64, 256])),
  /** The path the edge serves the UI under (Headlamp `-base-url`). @default "/ui" */
  basePath: z
    .string()
    .regex(/^\/[a-z0-9][-a-z0-9]{0,62}$/, "a path of one segment like '/ui' (lower-case letters, digits, '-')")
    .default("/ui"),
  /** Headlamp login session lifetime. @default 28800 (8 hours) */
  sessionTtlSeconds: z.number().int().min(300).max(604800).default(28800),
  /** Groups bound to the read-only `keelson-ui-viewer` role, besides its ServiceAccount. @default [] */
  viewerGroups: z.array(groupName).max(50).default([]),
  admin: adminSchema.prefault({}),
});
export type UiConfig = z.infer<typeof uiSchema>;

/** The read-only role every UI login gets unless the admin binding applies. */
export const UI_VIEWER_ROLE = "keelson-ui-viewer";

/**
 * What the edge tier needs to route to the UI: one Service in the UI namespace, the scheme it speaks,
 * and the path prefix. Headlamp serves under `basePath` itself (keep the prefix); the Dashboard v2.7
 * serves at `/` over HTTPS with a self-signed certificate (strip the prefix, do not verify).
 */
export interface UiBackend {
  readonly service: { readonly name: string; readonly namespace: string; readonly port: number };
  readonly scheme: "http" | "https";
  readonly containerPort: number;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly basePath: string;
  readonly stripPrefix: boolean;
}

export function uiBackend(ui: UiConfig): UiBackend {
  const name = ui.kind === "headlamp" ? "headlamp" : "kubernetes-dashboard";
  const podLabels = { "app.kubernetes.io/name": name, "app.kubernetes.io/component": "ui" };
  return ui.kind === "headlamp"
    ? {
        service: { name, namespace: NAMESPACE.ui, port: 80 },
        scheme: "http",
        containerPort: 4466,
        podLabels,
        basePath: ui.basePath,
        stripPrefix: false,
      }
    : {
        service: { name, namespace: NAMESPACE.ui, port: 443 },
        scheme: "https",
        containerPort: 8443,
        podLabels,
        basePath: ui.basePath,
        stripPrefix: true,
      };
}
