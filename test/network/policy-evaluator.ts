/**
 * Test double: a stand-in for the CNI that enforces NetworkPolicy (kube-router, Calico, Cilium), which
 * needs a node's kernel and cannot run on these machines. A small NetworkPolicy evaluator with Kubernetes
 * semantics (networking.k8s.io/v1), for tests that ask "is this path open?" of the synthesized policies: a pod is isolated for a direction once any policy
 * selecting it lists that direction; then a packet passes only if some rule of those policies matches
 * the peer and the port. Traffic needs both the source's egress and the destination's ingress.
 * Supports what Keelson emits: matchLabels selectors, namespaceSelector by kubernetes.io/metadata.name,
 * IPv4 ipBlock (with except), numeric ports.
 */
import type { Obj } from "./objects";

export interface Pod {
  readonly kind: "pod";
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}
export interface Address {
  readonly kind: "ip";
  readonly ip: string;
}
export type Actor = Pod | Address;

type Selector = { matchLabels?: Record<string, string> } | undefined;
type Peer = { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: { cidr: string; except?: string[] } };
type Rule = { to?: Peer[]; from?: Peer[]; ports?: { port?: number; protocol?: string }[] };

function matches(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base = "", bitsText = "0"] = cidr.split("/");
  if (ip.includes(":") || base.includes(":")) return base === "::" && ip.includes(":"); // only ::/0 is used for IPv6
  const bits = Number(bitsText);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (ipv4ToInt(ip) & mask) >>> 0 === (ipv4ToInt(base) & mask) >>> 0;
}

function peerMatches(peer: Peer, other: Actor, policyNamespace: string): boolean {
  if (peer.ipBlock !== undefined) {
    return (
      other.kind === "ip" && inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(other.ip, c))
    );
  }
  if (other.kind !== "pod") return false;
  const nsOk =
    peer.namespaceSelector === undefined
      ? other.namespace === policyNamespace
      : matches(peer.namespaceSelector, { "kubernetes.io/metadata.name": other.namespace });
  return nsOk && matches(peer.podSelector, other.labels);
}

function ruleMatches(rule: Rule, peers: Peer[] | undefined, other: Actor, port: number, protocol: string, ns: string): boolean {
  const peerOk = peers === undefined || peers.length === 0 || peers.some((p) => peerMatches(p, other, ns));
  const portOk =
    rule.ports === undefined ||
    rule.ports.length === 0 ||
    rule.ports.some((p) => (p.port === undefined || p.port === port) && (p.protocol ?? "TCP") === protocol);
  return peerOk && portOk;
}

function side(
  policies: readonly Obj[],
  pod: Pod,
  direction: "Egress" | "Ingress",
  other: Actor,
  port: number,
  protocol: string,
): boolean {
  const selecting = policies.filter(
    (p) =>
      p.metadata.namespace === pod.namespace &&
      matches(p.spec.podSelector, pod.labels) &&
      (p.spec.policyTypes ?? ["Ingress"]).includes(direction),
  );
  if (selecting.length === 0) return true; // not isolated
  const key = direction === "Egress" ? "egress" : "ingress";
  return selecting.some((p) =>
    ((p.spec[key] ?? []) as Rule[]).some((r) =>
      ruleMatches(r, direction === "Egress" ? r.to : r.from, other, port, protocol, p.metadata.namespace!),
    ),
  );
}

/** Whether `from` may open `port/protocol` to `to` under `policies` (all NetworkPolicies of the platform). */
export function allowed(policies: readonly Obj[], from: Actor, to: Actor, port: number, protocol: "TCP" | "UDP"): boolean {
  const egress = from.kind === "ip" || side(policies, from, "Egress", to, port, protocol);
  const ingress = to.kind === "ip" || side(policies, to, "Ingress", from, port, protocol);
  return egress && ingress;
}
