import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { ConfigError, showValue } from "../../config/errors";
import type { CidrEndpoint, Connection, PodEndpoint } from "../../config/connections";
import { isCidr } from "../../config/network";

export interface ConnectionPoliciesProps {
  readonly connections: readonly Connection[];
  /** Namespaces Keelson owns: only these get policies (never kube-system or a user's namespace). */
  readonly ownedNamespaces: readonly string[];
}

const NAME_RE = /^[a-z0-9]([-a-z0-9]{0,54}[a-z0-9])?$/;

function endpointProblems(side: "from" | "to", e: PodEndpoint | CidrEndpoint): string[] {
  if (e.kind === "pods") return [];
  const bad = [e.cidr, ...(e.except ?? [])].filter((c) => !isCidr(c));
  return bad.map((c) => `'${side}.cidr' must be a CIDR block (e.g. '10.0.0.0/8'), got ${showValue(c)}`);
}

/** Every problem with the declared connections, as `Connection <name>: '<field>' must be <rule>, got <value>`. */
export function connectionProblems(connections: readonly Connection[]): string[] {
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

function peer(e: PodEndpoint | CidrEndpoint): k8s.NetworkPolicyPeer {
  if (e.kind === "cidr")
    return { ipBlock: { cidr: e.cidr, ...(e.except && e.except.length > 0 ? { except: [...e.except] } : {}) } };
  return {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": e.namespace } },
    podSelector: { matchLabels: { ...e.podLabels } },
  };
}

function ports(c: Connection): k8s.NetworkPolicyPort[] {
  return c.ports.map((p) => ({ port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol }));
}

function metadata(c: Connection, direction: "egress" | "ingress", namespace: string): k8s.ObjectMeta {
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
 * The policy of one side of a connection: Egress on the `from` pods towards `to`, or Ingress on the `to`
 * pods from `from`; none when that side is not pods in a namespace Keelson owns.
 */
function sidePolicy(scope: Construct, c: Connection, direction: "egress" | "ingress", owned: ReadonlySet<string>): void {
  const [self, other] = direction === "egress" ? [c.from, c.to] : [c.to, c.from];
  if (self.kind !== "pods" || !owned.has(self.namespace)) return;
  const rule = direction === "egress" ? { to: [peer(other)], ports: ports(c) } : { from: [peer(other)], ports: ports(c) };
  new k8s.KubeNetworkPolicy(scope, `${c.name}-${direction}`, {
    metadata: metadata(c, direction, self.namespace),
    spec: {
      podSelector: { matchLabels: { ...self.podLabels } },
      policyTypes: [direction === "egress" ? "Egress" : "Ingress"],
      [direction]: [rule],
    },
  });
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
      sidePolicy(this, c, "egress", owned);
      sidePolicy(this, c, "ingress", owned);
    }
  }
}
