/**
 * The network paths addons declare (data only). Charts declare them; the network-policy constructs turn
 * them into NetworkPolicies. Kept in the config layer so both can import it.
 */

/** Pods selected by labels in one namespace (empty labels: every pod of the namespace). */
export interface PodEndpoint {
  readonly kind: "pods";
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** Addresses outside the cluster's pods: clients on the internet, the API server, a node's host network. */
export interface CidrEndpoint {
  readonly kind: "cidr";
  readonly cidr: string;
  readonly except?: readonly string[];
}

/**
 * A network path an addon needs. Declaring it is the only way to open it: the network-policy chart turns
 * each connection into an egress rule on the `from` side and an ingress rule on the `to` side
 * (only for the sides that are pods Keelson owns).
 */
export interface Connection {
  /** Unique DNS-1123 label; used in NetworkPolicy names. */
  readonly name: string;
  readonly from: PodEndpoint | CidrEndpoint;
  readonly to: PodEndpoint | CidrEndpoint;
  readonly ports: readonly { readonly port: number; readonly protocol: "TCP" | "UDP" }[];
  /** Why the path exists, written into the policy as an annotation. */
  readonly reason: string;
}
