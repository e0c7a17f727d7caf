import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";

/** Pods in a namespace, or an address block. */
export type NetworkPeer =
  | { readonly kind: "pods"; readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> }
  | { readonly kind: "cidr"; readonly cidr: string; readonly except?: readonly string[] };

export interface NetworkRule {
  readonly peer: NetworkPeer;
  readonly ports: readonly { readonly port: number; readonly protocol: "TCP" | "UDP" }[];
}

export interface PodNetworkPolicyProps {
  readonly name: string;
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  /** Allowed sources; `undefined` leaves ingress unrestricted by this policy. */
  readonly ingress?: readonly NetworkRule[];
  /** Allowed destinations; `undefined` leaves egress unrestricted by this policy. */
  readonly egress?: readonly NetworkRule[];
  /** Why these paths exist (annotation). */
  readonly reason: string;
}

function peer(p: NetworkPeer): k8s.NetworkPolicyPeer {
  if (p.kind === "cidr") return { ipBlock: { cidr: p.cidr, except: p.except ? [...p.except] : undefined } };
  return {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": p.namespace } },
    podSelector: { matchLabels: { ...p.podLabels } },
  };
}

function ports(rule: NetworkRule): k8s.NetworkPolicyPort[] {
  return rule.ports.map((p) => ({ port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol }));
}

/**
 * One NetworkPolicy for a set of pods, from allow rules: the pods may receive only `ingress` and send
 * only `egress` (in namespaces with default-deny, these are the only open paths).
 */
export class PodNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: PodNetworkPolicyProps) {
    super(scope, id);
    const policyTypes = [...(props.ingress ? ["Ingress"] : []), ...(props.egress ? ["Egress"] : [])];
    new k8s.KubeNetworkPolicy(this, "policy", {
      metadata: { name: props.name, namespace: props.namespace, annotations: { "keelson.dev/reason": props.reason } },
      spec: {
        podSelector: { matchLabels: { ...props.podLabels } },
        policyTypes,
        ingress: props.ingress?.map((rule) => ({ from: [peer(rule.peer)], ports: ports(rule) })),
        egress: props.egress?.map((rule) => ({ to: [peer(rule.peer)], ports: ports(rule) })),
      },
    });
  }
}
