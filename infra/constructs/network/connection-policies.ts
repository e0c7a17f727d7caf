import { isIP } from "node:net";
import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { ConfigError, showValue } from "../../config/errors";

/** Structural twins of the addon model's endpoints (infra/charts/addon.ts), so this layer imports nothing above it. */
export interface PathPods {
  readonly kind: "pods";
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}
export interface PathCidr {
  readonly kind: "cidr";
  readonly cidr: string;
  readonly except?: readonly string[];
}
export interface NetworkPath {
  readonly name: string;
  readonly from: PathPods | PathCidr;
  readonly to: PathPods | PathCidr;
  readonly ports: readonly { readonly port: number; readonly protocol: "TCP" | "UDP" }[];
  readonly reason: string;
}

export interface ConnectionPoliciesProps {
  readonly connections: readonly NetworkPath[];
  /** Namespaces Keelson owns: only these get policies (never kube-system or a user's namespace). */
  readonly ownedNamespaces: readonly string[];
}

const NAME_RE = /^[a-z0-9]([-a-z0-9]{0,54}[a-z0-9])?$/;

function isCidr(value: string): boolean {
  const [address = "", bits = "", extra] = value.split("/");
  const family = isIP(address);
  return extra === undefined && /^\d{1,3}$/.test(bits) && family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

function endpointProblems(side: "from" | "to", e: PathPods | PathCidr): string[] {
  if (e.kind === "pods") return [];
  const bad = [e.cidr, ...(e.except ?? [])].filter((c) => !isCidr(c));
  return bad.map((c) => `'${side}.cidr' must be a CIDR block (e.g. '10.0.0.0/8'), got ${showValue(c)}`);
}

/** Every problem with the declared connections, as `Connection <name>: '<field>' must be <rule>, got <value>`. */
export function connectionProblems(connections: readonly NetworkPath[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of connections) {
    const local: string[] = [];
    if (!NAME_RE.test(c.name)) local.push(`'name' must be a DNS-1123 label of at most 56 characters, got ${showValue(c.name)}`);
    if (seen.has(c.name)) local.push(`'name' must be unique among connections, got ${showValue(c.name)}`);
    seen.add(c.name);
    if (c.ports.length === 0) local.push("'ports' must be of length >= 1, got []");
    c.ports.forEach((p, i) => {
      if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535)
        local.push(`'ports.${i}.port' must be a port (1-65535), got ${showValue(p.port)}`);
    });
    if (c.reason.trim() === "" || /[\r\n]/.test(c.reason))
      local.push(`'reason' must be one non-empty line, got ${showValue(c.reason)}`);
    local.push(...endpointProblems("from", c.from), ...endpointProblems("to", c.to));
    problems.push(...local.map((p) => `Connection ${c.name}: ${p}`));
  }
  return problems;
}

function peer(e: PathPods | PathCidr): k8s.NetworkPolicyPeer {
  if (e.kind === "cidr")
    return { ipBlock: { cidr: e.cidr, ...(e.except && e.except.length > 0 ? { except: [...e.except] } : {}) } };
  return {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": e.namespace } },
    podSelector: { matchLabels: { ...e.podLabels } },
  };
}

function ports(c: NetworkPath): k8s.NetworkPolicyPort[] {
  return c.ports.map((p) => ({ port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol }));
}

function metadata(c: NetworkPath, direction: "egress" | "ingress", namespace: string): k8s.ObjectMeta {
  return {
    name: `${c.name}-${direction}`,
    namespace,
    labels: {
      "app.kubernetes.io/part-of": "keelson",
      "app.kubernetes.io/managed-by": "keelson",
      "keelson.dev/connection": c.name,
    },
    annotations: { "keelson.dev/reason": c.reason },
  };
}

/**
 * Allow rules for declared connections: for each connection, an Egress policy on the `from` pods and
 * an Ingress policy on the `to` pods, each only when that side is pods in a namespace Keelson owns.
 * With the namespaces' default-deny policies, these are the only open paths.
 */
export class ConnectionPolicies extends Construct {
  constructor(scope: Construct, id: string, props: ConnectionPoliciesProps) {
    super(scope, id);
    const problems = connectionProblems(props.connections);
    if (problems.length > 0) throw new ConfigError(problems, "Declared connections");
    const owned = new Set(props.ownedNamespaces);
    for (const c of [...props.connections].sort((a, b) => a.name.localeCompare(b.name))) {
      if (c.from.kind === "pods" && owned.has(c.from.namespace)) {
        new k8s.KubeNetworkPolicy(this, `${c.name}-egress`, {
          metadata: metadata(c, "egress", c.from.namespace),
          spec: {
            podSelector: { matchLabels: { ...c.from.podLabels } },
            policyTypes: ["Egress"],
            egress: [{ to: [peer(c.to)], ports: ports(c) }],
          },
        });
      }
      if (c.to.kind === "pods" && owned.has(c.to.namespace)) {
        new k8s.KubeNetworkPolicy(this, `${c.name}-ingress`, {
          metadata: metadata(c, "ingress", c.to.namespace),
          spec: {
            podSelector: { matchLabels: { ...c.to.podLabels } },
            policyTypes: ["Ingress"],
            ingress: [{ from: [peer(c.from)], ports: ports(c) }],
          },
        });
      }
    }
  }
}
