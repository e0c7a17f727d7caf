import { describe, expect, it } from "vitest";
import {
  resourceRequirements,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
} from "../../infra/constructs/workload-defaults";
import { resources } from "../../infra/config";
import { hardeningFindings, hardeningViolations, isPinnedImage } from "./support/hardening";
import { chartsOutProfiles, loadChartsOut, type Json } from "./support/manifests";

/** A Deployment made only of the shared secure defaults: it must meet every rule. */
function compliantDeployment(): Json {
  return JSON.parse(
    JSON.stringify({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "keelson-edge" },
      spec: {
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: {
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(),
            containers: [
              {
                name: "web",
                image: "registry.example.com/keelson/web:1.2.3",
                securityContext: restrictedContainerSecurityContext(),
                resources: resourceRequirements(resources([10, 20], [16, 32])),
              },
            ],
          },
        },
      },
    }),
  ) as Json;
}

interface SecurityContextLike {
  [field: string]: unknown;
  capabilities?: { add?: string[]; drop?: string[] };
}
interface ContainerLike {
  securityContext: SecurityContextLike;
  resources?: { limits: Record<string, unknown> };
  image: string;
  ports?: unknown[];
}
interface PodLike {
  [field: string]: unknown;
  securityContext: SecurityContextLike;
  containers: ContainerLike[];
}
type DeploymentLike = Json & { spec: { template: { spec: PodLike } } };
type Mutation = (pod: PodLike, container: ContainerLike) => void;

const BREAKS: [string, Mutation][] = [
  [
    "runAsNonRoot",
    (pod, c) => {
      delete pod.securityContext.runAsNonRoot;
      delete c.securityContext.runAsNonRoot;
    },
  ],
  [
    "runAsNonRoot",
    (_pod, c) => {
      c.securityContext.runAsUser = 0;
    },
  ],
  [
    "readOnlyRootFilesystem",
    (_pod, c) => {
      c.securityContext.readOnlyRootFilesystem = false;
    },
  ],
  [
    "allowPrivilegeEscalation",
    (_pod, c) => {
      delete c.securityContext.allowPrivilegeEscalation;
    },
  ],
  [
    "allowPrivilegeEscalation",
    (_pod, c) => {
      c.securityContext.privileged = true;
    },
  ],
  [
    "dropAllCapabilities",
    (_pod, c) => {
      c.securityContext.capabilities = { drop: ["NET_RAW"] };
    },
  ],
  [
    "dropAllCapabilities",
    (_pod, c) => {
      c.securityContext.capabilities = { drop: ["ALL"], add: ["NET_ADMIN"] };
    },
  ],
  [
    "seccompRuntimeDefault",
    (pod, c) => {
      delete pod.securityContext.seccompProfile;
      delete c.securityContext.seccompProfile;
    },
  ],
  [
    "seccompRuntimeDefault",
    (_pod, c) => {
      c.securityContext.seccompProfile = { type: "Unconfined" };
    },
  ],
  [
    "resources",
    (_pod, c) => {
      delete c.resources?.limits.memory;
    },
  ],
  [
    "resources",
    (_pod, c) => {
      delete c.resources;
    },
  ],
  [
    "pinnedImage",
    (_pod, c) => {
      c.image = "registry.example.com/keelson/web:latest";
    },
  ],
  [
    "pinnedImage",
    (_pod, c) => {
      c.image = "registry.example.com:5000/keelson/web";
    },
  ],
  [
    "noServiceAccountToken",
    (pod) => {
      delete pod.automountServiceAccountToken;
    },
  ],
  [
    "noHostAccess",
    (pod) => {
      pod.hostNetwork = true;
    },
  ],
  [
    "noHostAccess",
    (pod) => {
      pod.hostPID = true;
    },
  ],
  [
    "noHostAccess",
    (pod) => {
      pod.volumes = [{ name: "logs", hostPath: { path: "/var/log" } }];
    },
  ],
  [
    "noHostAccess",
    (_pod, c) => {
      c.ports = [{ containerPort: 80, hostPort: 80 }];
    },
  ],
];

describe("container hardening checker", () => {
  it("accepts a workload built from the shared secure defaults", () => {
    expect(hardeningFindings(compliantDeployment())).toEqual([]);
  });

  it.each(BREAKS.map(([rule, mutate], i) => [i, rule, mutate] as const))("case %i: detects a broken %s", (_i, rule, mutate) => {
    const deployment = compliantDeployment() as DeploymentLike;
    const pod = deployment.spec.template.spec;
    mutate(pod, pod.containers[0]!);
    expect(hardeningFindings(deployment).map((f) => f.rule)).toEqual([rule]);
  });

  it("checks init containers and every workload kind, and names the container", () => {
    const cronJob = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "backup", namespace: "kube-system" },
      spec: {
        jobTemplate: {
          spec: {
            template: {
              spec: { containers: [{ name: "main", image: "x:1" }], initContainers: [{ name: "init", image: "y:1" }] },
            },
          },
        },
      },
    };
    const findings = hardeningFindings(cronJob);
    expect(new Set(findings.map((f) => f.container))).toEqual(new Set([undefined, "main", "init"]));
    expect(findings.find((f) => f.container === "init")?.rule).toBe("runAsNonRoot");
  });

  it("tells pinned image references from unpinned ones", () => {
    expect(isPinnedImage("docker.io/nginxinc/nginx-unprivileged:1.30.6-trixie")).toBe(true);
    expect(isPinnedImage(`quay.io/prometheus/prometheus@sha256:${"a".repeat(64)}`)).toBe(true);
    expect(isPinnedImage("localhost:5000/app")).toBe(false);
    expect(isPinnedImage("app:latest")).toBe(false);
    expect(isPinnedImage("app")).toBe(false);
    expect(isPinnedImage("registry.example.com:5000/team/app:v1.2_3")).toBe(true);
    // Accepted by a loose regex, refused by the kubelet (InvalidImageName): ':' inside the repository.
    expect(isPinnedImage("0.:r:Co.O-6L.D-M")).toBe(false);
    expect(isPinnedImage("Registry/App:1.0")).toBe(false);
  });
});

describe.each(chartsOutProfiles())("charts-out/%s workloads", (profile) => {
  it("are all hardened, except where infra/security/exceptions.ts says why", () => {
    const objects = loadChartsOut(profile).map((l) => l.object);
    expect(hardeningViolations(objects)).toEqual([]);
  });
});
