import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SecretPlan } from "./secret-plan";

/** Labels of the Secrets Pulumi creates: they are Pulumi's, never in charts-out/ and never a GitOps controller's. */
export const PULUMI_SECRET_LABELS = { "app.kubernetes.io/part-of": "keelson", "app.kubernetes.io/managed-by": "pulumi" } as const;

function base64Values(values: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => [key, Buffer.from(value, "utf8").toString("base64")]),
  );
}

/**
 * Creates one Kubernetes Secret from stack secrets (`pulumi config set --secret --path
 * 'keelson:secrets.<name>.<key>' …`): the only place Keelson handles secret values. `data` is a Pulumi
 * secret, so it is encrypted in the state and masked in every output.
 */
export function createPlatformSecret(
  plan: SecretPlan,
  values: pulumi.Output<Record<string, Record<string, string>>>,
  opts: pulumi.CustomResourceOptions,
): k8s.core.v1.Secret {
  return new k8s.core.v1.Secret(
    `secret-${plan.namespace}/${plan.name}`,
    {
      metadata: { name: plan.name, namespace: plan.namespace, labels: { ...PULUMI_SECRET_LABELS } },
      type: plan.type,
      data: pulumi.secret(values.apply((all) => base64Values(all[plan.name]))),
    },
    opts,
  );
}
