/**
 * A small platform that exercises every path of the deploy program the real addons may not (yet): a
 * three-level dependency graph, a CRD and an instance of it, an APIService, a Deployment running a
 * Keelson-built image and reading a Secret, and the Services behind the stack outputs. The objects are
 * ordinary synthesized charts (cdk8s), so the program treats them exactly like the real ones.
 */
import { ApiObject, Chart } from "cdk8s";
import type { Construct } from "constructs";
import type { Addon, AddonContext } from "../../../infra/charts";
import { namespacesAddon } from "../../../infra/charts/namespaces-chart";
import { builtImage, NAMESPACE } from "../../../infra/config";

type Build = (chart: Chart, context: AddonContext) => void;

function fixture(name: string, dependsOn: string[], build: Build): Addon {
  return {
    name,
    description: `fixture ${name}`,
    dependsOn,
    enabled: () => true,
    create: (scope: Construct, context: AddonContext) => {
      const chart = new Chart(scope, name, { disableResourceNameHashes: true });
      build(chart, context);
      return chart;
    },
  };
}

function service(chart: Chart, namespace: string, name: string, type: string, port: { name: string; port: number }): void {
  new ApiObject(chart, `${namespace}-${name}`, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace, labels: { "app.kubernetes.io/name": name } },
    spec: { type, selector: { "app.kubernetes.io/name": name }, ports: [{ ...port, targetPort: port.port }] },
  });
}

const widgetsCrd: Build = (chart) => {
  new ApiObject(chart, "crd", {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.fixture.keelson.dev" },
    spec: {
      group: "fixture.keelson.dev",
      names: { kind: "Widget", plural: "widgets" },
      scope: "Namespaced",
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
        },
      ],
    },
  });
};

const edgeApp: Build = (chart, { config }) => {
  new ApiObject(chart, "deployment", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "edge", namespace: NAMESPACE.edge },
    spec: {
      selector: { matchLabels: { "app.kubernetes.io/name": "edge" } },
      template: {
        metadata: { labels: { "app.kubernetes.io/name": "edge" } },
        spec: {
          containers: [
            {
              name: "nginx",
              image: builtImage(config.images, "edge-nginx"),
              env: [{ name: "BASIC_AUTH", valueFrom: { secretKeyRef: { name: "edge-basic-auth", key: "htpasswd" } } }],
            },
          ],
        },
      },
    },
  });
  service(chart, NAMESPACE.edge, "edge", "LoadBalancer", { name: "http", port: 80 });
  service(chart, NAMESPACE.edge, "backend", "ClusterIP", { name: "http", port: 8080 });
};

const metricsApi: Build = (chart) => {
  service(chart, NAMESPACE.monitoring, "grafana", "ClusterIP", { name: "http", port: 3000 });
  new ApiObject(chart, "apiservice", {
    apiVersion: "apiregistration.k8s.io/v1",
    kind: "APIService",
    metadata: { name: "v1.fixture.keelson.dev" },
    spec: {
      group: "fixture.keelson.dev",
      version: "v1",
      service: { name: "grafana", namespace: NAMESPACE.monitoring },
      groupPriorityMinimum: 100,
      versionPriority: 10,
    },
  });
};

const widget: Build = (chart) => {
  new ApiObject(chart, "widget", {
    apiVersion: "fixture.keelson.dev/v1",
    kind: "Widget",
    metadata: { name: "w", namespace: NAMESPACE.ui },
  });
  service(chart, NAMESPACE.ui, "dashboard", "ClusterIP", { name: "https", port: 8443 });
};

/** namespaces → crds, edge-app → metrics-api (→ edge-app) → widgets (→ crds, metrics-api). */
export const FIXTURE_ADDONS: readonly Addon[] = [
  namespacesAddon,
  fixture("crds", ["namespaces"], widgetsCrd),
  fixture("edge-app", ["namespaces"], edgeApp),
  fixture("metrics-api", ["edge-app"], metricsApi),
  fixture("widgets", ["crds", "metrics-api"], widget),
];
