import { builtImage, NAMESPACE, type PlatformConfig } from "../config";
import type { EdgeConfig } from "../config/edge";
import { mergeEdgeContributions, type EdgeContribution } from "../config/edge-contributions";
import { uiBackend } from "../config/ui";
import { DEMO_BACKEND_NAME, DEMO_BACKEND_PORT, DEMO_BACKEND_SELECTOR } from "../constructs/edge";
import { kubeDnsServiceName } from "../render/nginx";

/** The demo backend behind `/` of the catch-all virtual host, while `edge.demoBackend.enabled`. */
export function demoBackendContribution(config: PlatformConfig): EdgeContribution | undefined {
  if (!config.edge.demoBackend.enabled) return undefined;
  return {
    source: "edge.demoBackend",
    upstreams: {
      [DEMO_BACKEND_NAME]: {
        service: {
          name: DEMO_BACKEND_NAME,
          namespace: NAMESPACE.edge,
          port: DEMO_BACKEND_PORT,
          podLabels: DEMO_BACKEND_SELECTOR,
        },
      },
    },
    routes: [{ name: "demo", route: { path: "/", upstream: DEMO_BACKEND_NAME } }],
  };
}

/**
 * The web UI under `ui.basePath` of the catch-all virtual host, while `ui.enabled` (uiBackend() in
 * infra/config/ui.ts says where it listens). Long read timeouts and websockets: the UI watches resources.
 */
export function uiContribution(config: PlatformConfig): EdgeContribution | undefined {
  if (!config.ui.enabled) return undefined;
  const ui = uiBackend(config.ui);
  return {
    source: "ui",
    upstreams: {
      ui: {
        // One small replica behind a ClusterIP Service; the Service port maps to the pods' port.
        service: { ...ui.service, discovery: "cluster-ip", podPort: ui.containerPort, podLabels: { ...ui.podLabels } },
        // Exception to upstream certificate verification: the Dashboard v2.7 serves a certificate it
        // generates itself (--auto-generate-certificates), so there is no CA to verify against. The hop stays
        // inside the cluster and is limited to the UI pods by NetworkPolicy.
        ...(ui.scheme === "https" ? { tls: { verify: false } } : {}),
      },
    },
    routes: [
      {
        name: "ui",
        route: {
          path: `${ui.basePath}/`,
          upstream: "ui",
          stripPrefix: ui.stripPrefix,
          websocket: true,
          timeouts: { readSeconds: 3600 },
        },
      },
    ],
  };
}

/** Everything that adds routes to the edge, besides the user's own config. */
export const EDGE_CONTRIBUTORS: readonly ((config: PlatformConfig) => EdgeContribution | undefined)[] = [
  demoBackendContribution,
  uiContribution,
];

/**
 * The DNS servers nginx's `resolver` asks, when the config names none: the same server the pods' own
 * resolv.conf points at. With Keelson's DNS addon that is NodeLocal DNSCache's link-local address when it
 * runs, else the kube-dns Service IP (both known from config, so nothing is resolved at start-up);
 * without it, the cluster's kube-dns Service by name (resolved once at start-up).
 */
function clusterResolvers(config: PlatformConfig): string[] {
  if (!config.dns.enabled) return [kubeDnsServiceName(config.platform.clusterDomain)];
  return [config.dns.nodeLocal.enabled ? config.dns.nodeLocal.localIP : config.dns.clusterIP];
}

/** The edge config with every contribution merged in and every cross-reference checked (throws ConfigError). */
export function effectiveEdge(config: PlatformConfig): EdgeConfig {
  const contributions = EDGE_CONTRIBUTORS.map((contribute) => contribute(config)).filter(
    (c): c is EdgeContribution => c !== undefined,
  );
  const edge = mergeEdgeContributions(config.edge, contributions);
  return { ...edge, resolver: { ...edge.resolver, addresses: edge.resolver.addresses ?? clusterResolvers(config) } };
}

/** The demo backend's image (built from images/demo-backend). */
export function demoBackendImage(config: PlatformConfig): string {
  return builtImage(config.images, DEMO_BACKEND_NAME);
}
