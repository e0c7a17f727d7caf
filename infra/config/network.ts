import { isIP } from "node:net";
import { z } from "zod";
import { imageRef, port, resources, resourcesSchema } from "./common";

/** True for `a.b.c.d/n` (n ≤ 32) and `ipv6/n` (n ≤ 128) with the address written canonically enough for `isIP`. */
export function isCidr(value: string): boolean {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!match) return false;
  const family = isIP(match[1] ?? "");
  const bits = Number(match[2]);
  return (family === 4 && bits <= 32) || (family === 6 && bits <= 128);
}

/** A CIDR block as NetworkPolicy `ipBlock.cidr` takes it (`10.0.0.0/8`, `fd00::/8`). */
export const cidrBlock = z.string().refine(isCidr, "a CIDR block (e.g. '10.0.0.0/8' or 'fd00::/8')");

/**
 * Where pods reach the Kubernetes API server. NetworkPolicy sees the API server's real endpoint (after
 * the `kubernetes` Service is translated), so these are the control plane's addresses and ports, not
 * 10.96.0.1:443.
 */
const apiServerSchema = z.strictObject({
  /**
   * The API server endpoints' addresses. The default works on any cluster (kwok, kubeadm, EKS, GKE,
   * AKS) because the rule is narrowed by `ports`; set your control-plane CIDR (kubeadm: the control-plane
   * nodes' addresses; managed: the endpoint addresses of `kubectl get endpointslices -l
   * kubernetes.io/service-name=kubernetes`) to narrow it further. @default ["0.0.0.0/0", "::/0"]
   */
  cidrs: z.array(cidrBlock).min(1).max(32).default(["0.0.0.0/0", "::/0"]),
  /** API server ports: 6443 (kubeadm, kwok), 443 (most managed clusters). @default [443, 6443] */
  ports: z.array(port).min(1).max(8).default([443, 6443]),
});

/**
 * The optional CNI for self-managed (kubeadm-style) clusters: kube-router, which routes pod traffic
 * and enforces NetworkPolicy (iptables/ipset) with one DaemonSet and no CRDs. Managed clusters keep
 * their provider's CNI.
 */
const cniSchema = z.strictObject({
  /** Install kube-router as the cluster's CNI. Only for `platform.clusterType: self-managed`. @default false */
  enabled: z.boolean().default(false),
  /** cloudnativelabs/kube-router release tag v2.11.1 (latest tag in the repository; image name per its daemonset/ manifests). */
  image: imageRef.default("docker.io/cloudnativelabs/kube-router:v2.11.1"),
  /** Pod-to-pod routing over BGP between nodes (`--run-router`); off when another component routes. @default true */
  runRouter: z.boolean().default(true),
  /** MTU of the kube-bridge and pod interfaces; null lets kube-router detect it. @default null */
  mtu: z.number().int().min(576).max(9000).nullable().default(null),
  /** @default 100m/500m CPU, 128/256 MiB (upstream requests 250m/250Mi) */
  resources: resourcesSchema.default(resources([100, 500], [128, 256])),
});

/** Network policy and the optional CNI. */
export const networkSchema = z.strictObject({
  /**
   * The nodes' addresses (their InternalIPs): where host-network endpoints listen — kubelets (10250),
   * node-exporter (9100), NodeLocal DNSCache metrics (9253) and, on self-managed clusters,
   * kube-scheduler and kube-controller-manager. A NetworkPolicy cannot select host-network pods (they
   * have the node's IP, not a pod IP), so Prometheus and metrics-server reach them by address. The
   * default works on any cluster because every such rule is also narrowed to its source pods and one
   * port; set the node subnets (kubeadm: the nodes' LAN; EKS/GKE/AKS: the node pools' subnets) to narrow
   * it further. Not the pod CIDR, and not NodeLocal DNSCache's link-local IP (that reaches only the
   * caller's own node). @default ["0.0.0.0/0", "::/0"]
   */
  nodeCidrs: z.array(cidrBlock).min(1).max(32).default(["0.0.0.0/0", "::/0"]),
  /**
   * Default-deny ingress and egress in every Keelson namespace, plus allow rules generated from the
   * connections the addons declare (the only way a path is opened). @default true
   */
  defaultDeny: z.boolean().default(true),
  apiServer: apiServerSchema.prefault({}),
  cni: cniSchema.prefault({}),
});
export type NetworkConfig = z.infer<typeof networkSchema>;
