import { App, Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import { resources } from "../../../infra/config";
import { applySecurityExceptions } from "../../../infra/constructs/security-exceptions";
import {
  imagePullPolicy,
  resourceRequirements,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  workloadLabels,
} from "../../../infra/constructs/workload-defaults";
import type { Json } from "./manifests";

export const FIXTURE_NAMESPACE = "keelson-edge";

/**
 * A Deployment built only from the shared secure defaults (infra/constructs/workload-defaults.ts) plus the
 * automatic suppressions: what every addon's workload looks like. Checkov must pass it; the Checkov test
 * then breaks one field and Checkov must fail it.
 */
export function fixtureDeployment(name: string): Json {
  const app = new App({ outdir: "/nonexistent-keelson-never-written" });
  const chart = new Chart(app, name, { disableResourceNameHashes: true });
  const labels = workloadLabels(name, "fixture");
  const image = "registry.example.com/keelson/fixture:0.1.0";
  const probe = { httpGet: { path: "/healthz", port: k8s.IntOrString.fromNumber(8080) }, periodSeconds: 10 };
  new k8s.KubeDeployment(chart, "deployment", {
    metadata: { name, namespace: FIXTURE_NAMESPACE, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: restrictedPodSecurityContext(),
          containers: [
            {
              name: "main",
              image,
              imagePullPolicy: imagePullPolicy(image),
              securityContext: restrictedContainerSecurityContext(),
              resources: resourceRequirements(resources([10, 20], [16, 32])),
              ports: [{ name: "http", containerPort: 8080 }],
              livenessProbe: probe,
              readinessProbe: probe,
            },
          ],
        },
      },
    },
  });
  applySecurityExceptions(chart);
  return chart.toJson()[0] as Json;
}

/** The same Deployment with one new violation: privilege escalation allowed (Checkov CKV_K8S_20). */
export function fixtureDeploymentWithViolation(name: string): Json {
  const deployment = fixtureDeployment(name) as Json & {
    spec: { template: { spec: { containers: { securityContext: Record<string, unknown> }[] } } };
  };
  deployment.spec.template.spec.containers[0]!.securityContext.allowPrivilegeEscalation = true;
  return deployment;
}
