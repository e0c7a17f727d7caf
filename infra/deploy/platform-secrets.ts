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

/**
 * Creates each planned Secret once: after the Namespace resource it lives in, when a chart creates that
 * namespace (`ensure` returns undefined until that chart's release exists), or at once otherwise.
 */
export class SecretScheduler {
  readonly created = new Map<string, k8s.core.v1.Secret>();

  constructor(
    private readonly values: pulumi.Output<Record<string, Record<string, string>>>,
    private readonly provider: pulumi.ProviderResource,
    /** The chart that creates a namespace, if any; and that namespace's resource once deployed. */
    private readonly namespaceOwner: (namespace: string) => string | undefined,
    private readonly namespaceResource: (namespace: string) => pulumi.Resource | undefined,
  ) {}

  ensure(plan: SecretPlan): k8s.core.v1.Secret | undefined {
    const key = `${plan.namespace}/${plan.name}`;
    const existing = this.created.get(key);
    if (existing) return existing;
    const namespace = this.namespaceResource(plan.namespace);
    if (this.namespaceOwner(plan.namespace) !== undefined && namespace === undefined) return undefined;
    const secret = createPlatformSecret(plan, this.values, { provider: this.provider, dependsOn: namespace ? [namespace] : [] });
    this.created.set(key, secret);
    return secret;
  }
}
