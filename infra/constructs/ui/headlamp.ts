import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import type { UiBackend, UiConfig } from "../../config/ui";
import {
  resourceRequirements,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  imagePullPolicy,
} from "../workload-defaults";
import { uiWorkload } from "./ui-workload";

export interface HeadlampProps {
  readonly ui: UiConfig;
  /** @default false */
  readonly podDisruptionBudget?: boolean;
}

/** The image's user (charts/headlamp/values.yaml: runAsUser 100, runAsGroup 101). */
const HEADLAMP_UID = 100;
const HEADLAMP_GID = 101;
/** Headlamp rewrites index.html for `-base-url` in its static folder: a writable copy lives here. */
const FRONTEND_DIR = "/headlamp-frontend";

function securityContext(): k8s.SecurityContext {
  return { ...restrictedContainerSecurityContext(), runAsUser: HEADLAMP_UID, runAsGroup: HEADLAMP_GID };
}

/** Copies the image's frontend into the writable emptyDir the server serves from. */
function copyFrontend(ui: UiConfig): k8s.Container {
  return {
    name: "copy-frontend",
    image: ui.headlampImage,
    imagePullPolicy: imagePullPolicy(ui.headlampImage),
    command: ["cp", "-R", "/headlamp/frontend/.", `${FRONTEND_DIR}/`],
    resources: resourceRequirements(ui.resources),
    securityContext: securityContext(),
    volumeMounts: [{ name: "frontend", mountPath: FRONTEND_DIR }],
  };
}

function server(ui: UiConfig, containerPort: number): k8s.Container {
  const probe: k8s.Probe = {
    httpGet: { path: `${ui.basePath}/`, port: k8s.IntOrString.fromString("http") },
    periodSeconds: 10,
    timeoutSeconds: 2,
  };
  return {
    name: "headlamp",
    image: ui.headlampImage,
    imagePullPolicy: imagePullPolicy(ui.headlampImage),
    // Appended to the image's entrypoint; a repeated flag overrides the entrypoint's value.
    args: [
      ...["-in-cluster", "-in-cluster-context-name=main", `-html-static-dir=${FRONTEND_DIR}`, "-plugins-dir=/headlamp/plugins"],
      ...[`-base-url=${ui.basePath}`, `-session-ttl=${ui.sessionTtlSeconds}`],
    ],
    // Headlamp keeps its user config (user-plugins) under $HOME/.config: on the /tmp emptyDir.
    env: [{ name: "HOME", value: "/tmp" }],
    ports: [{ name: "http", containerPort, protocol: "TCP" }],
    resources: resourceRequirements(ui.resources),
    securityContext: securityContext(),
    livenessProbe: probe,
    readinessProbe: probe,
    volumeMounts: [
      { name: "frontend", mountPath: FRONTEND_DIR },
      { name: "tmp", mountPath: "/tmp" },
    ],
  };
}

function podSpec(ui: UiConfig, name: string, backend: UiBackend): k8s.PodSpec {
  return {
    serviceAccountName: name,
    // `-in-cluster` builds its API client from the mounted CA and address (rest.InClusterConfig
    // fails without the token file). The account is bound to nothing, so the token grants no
    // access: requests use the logged-in user's token.
    automountServiceAccountToken: true,
    securityContext: { ...restrictedPodSecurityContext(HEADLAMP_UID), runAsGroup: HEADLAMP_GID, fsGroup: HEADLAMP_GID },
    initContainers: [copyFrontend(ui)],
    containers: [server(ui, backend.containerPort)],
    volumes: [
      { name: "frontend", emptyDir: { sizeLimit: k8s.Quantity.fromString("256Mi") } },
      { name: "tmp", emptyDir: { sizeLimit: k8s.Quantity.fromString("64Mi") } },
    ],
  };
}

/**
 * Headlamp in the UI namespace behind a ClusterIP Service (port 80), served under `ui.basePath` for the
 * edge tier. Users log in with their own token or OIDC; the pod's ServiceAccount has no RBAC binding.
 */
export class Headlamp extends Construct {
  constructor(scope: Construct, id: string, props: HeadlampProps) {
    super(scope, id);
    const { ui } = props;
    uiWorkload(this, { ...props, podSpec: (name, backend) => podSpec(ui, name, backend) });
  }
}
