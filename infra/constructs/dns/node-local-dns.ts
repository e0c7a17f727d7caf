import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { NODE_LOCAL_DNS_PORTS, type DnsConfig } from "../../config/dns";
import { CONFIG_HASH_ANNOTATION, configHash, resourceRequirements, workloadLabels, imagePullPolicy } from "../workload-defaults";
import { KubeDnsService } from "./kube-dns-service";
import { DNS_NAMES, NODE_LOCAL_SELECTOR } from "./names";

export interface NodeLocalDnsProps {
  readonly dns: DnsConfig;
  /** The rendered NodeLocal Corefile (see infra/render/corefile/node-local-corefile.ts). */
  readonly corefile: string;
}

const WRITABLE_CONF_DIR = "/run/node-cache";

/** node-cache flags: it reads the base Corefile and writes the substituted one into an emptyDir (read-only root). */
function args(dns: DnsConfig): string[] {
  return [
    ...["-localip", `${dns.nodeLocal.localIP},${dns.clusterIP}`],
    ...["-basecorefile", "/etc/coredns/Corefile.base", "-conf", `${WRITABLE_CONF_DIR}/Corefile`],
    ...["-upstreamsvc", DNS_NAMES.nodeLocalUpstreamService],
    ...["-pidfile", `${WRITABLE_CONF_DIR}/node-cache.pid`, "-health-port", String(NODE_LOCAL_DNS_PORTS.health)],
  ];
}

// Exception to the restricted profile, as upstream's nodelocaldns.yaml: node-cache creates a dummy
// interface and iptables NOTRACK rules on the node (NET_ADMIN; iptables opens raw sockets: NET_RAW)
// and binds port 53 on the node's network (NET_BIND_SERVICE). It runs as root for iptables; every
// other capability is dropped, and the root filesystem is read-only.
const NODE_CACHE_SECURITY: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsUser: 0,
  capabilities: { drop: ["ALL"], add: ["NET_ADMIN", "NET_BIND_SERVICE", "NET_RAW"] },
  seccompProfile: { type: "RuntimeDefault" },
};

function container(dns: DnsConfig): k8s.Container {
  const local = dns.nodeLocal;
  return {
    name: "node-cache",
    image: local.image,
    imagePullPolicy: imagePullPolicy(local.image),
    args: args(dns),
    ports: [
      { name: "dns", containerPort: NODE_LOCAL_DNS_PORTS.dns, protocol: "UDP" },
      { name: "dns-tcp", containerPort: NODE_LOCAL_DNS_PORTS.dns, protocol: "TCP" },
      { name: "metrics", containerPort: NODE_LOCAL_DNS_PORTS.metrics, protocol: "TCP" },
    ],
    resources: resourceRequirements(local.resources),
    securityContext: NODE_CACHE_SECURITY,
    livenessProbe: {
      httpGet: { host: local.localIP, path: "/health", port: k8s.IntOrString.fromNumber(NODE_LOCAL_DNS_PORTS.health) },
      initialDelaySeconds: 60,
      timeoutSeconds: 5,
    },
    volumeMounts: [
      { name: "xtables-lock", mountPath: "/run/xtables.lock" },
      { name: "config-volume", mountPath: "/etc/coredns", readOnly: true },
      { name: "conf", mountPath: WRITABLE_CONF_DIR },
    ],
  };
}

function podSpec(dns: DnsConfig): k8s.PodSpec {
  return {
    priorityClassName: "system-node-critical",
    serviceAccountName: DNS_NAMES.nodeLocal,
    // node-cache reads no API object: it learns the kube-dns-upstream IP from Service env variables.
    automountServiceAccountToken: false,
    // On the host network (exception, as upstream): it answers on a link-local address and intercepts the
    // kube-dns cluster IP on each node.
    hostNetwork: true,
    dnsPolicy: "Default",
    securityContext: { seccompProfile: { type: "RuntimeDefault" } },
    tolerations: [
      { key: "CriticalAddonsOnly", operator: "Exists" },
      { operator: "Exists", effect: "NoExecute" },
      { operator: "Exists", effect: "NoSchedule" },
    ],
    nodeSelector: { "kubernetes.io/os": "linux" },
    containers: [container(dns)],
    volumes: [
      { name: "xtables-lock", hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" } },
      { name: "config-volume", configMap: { name: DNS_NAMES.nodeLocal, items: [{ key: "Corefile", path: "Corefile.base" }] } },
      { name: "conf", emptyDir: { medium: "Memory", sizeLimit: k8s.Quantity.fromString("1Mi") } },
    ],
  };
}

/**
 * NodeLocal DNSCache: a node-cache DaemonSet on every node answering on a link-local address and on
 * the kube-dns cluster IP, caching and forwarding cluster names over TCP to `kube-dns-upstream`.
 */
export class NodeLocalDns extends Construct {
  constructor(scope: Construct, id: string, props: NodeLocalDnsProps) {
    super(scope, id);
    const name = DNS_NAMES.nodeLocal;
    const ns = DNS_NAMES.namespace;
    const labels = { ...workloadLabels(name, "dns-cache"), ...NODE_LOCAL_SELECTOR };
    new k8s.KubeServiceAccount(this, "service-account", {
      metadata: { name, namespace: ns, labels },
      automountServiceAccountToken: false,
    });
    new k8s.KubeConfigMap(this, "config", { metadata: { name, namespace: ns, labels }, data: { Corefile: props.corefile } });
    new KubeDnsService(this, "upstream", { name: DNS_NAMES.nodeLocalUpstreamService, metrics: false });
    new k8s.KubeService(this, "metrics", {
      metadata: {
        name,
        namespace: ns,
        labels,
        annotations: { "prometheus.io/scrape": "true", "prometheus.io/port": String(NODE_LOCAL_DNS_PORTS.metrics) },
      },
      spec: {
        clusterIp: "None",
        selector: { ...NODE_LOCAL_SELECTOR },
        ports: [{ name: "metrics", port: NODE_LOCAL_DNS_PORTS.metrics, targetPort: k8s.IntOrString.fromString("metrics") }],
      },
    });
    new k8s.KubeDaemonSet(this, "daemonset", {
      metadata: { name, namespace: ns, labels },
      spec: {
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString("10%") } },
        selector: { matchLabels: { ...NODE_LOCAL_SELECTOR } },
        template: {
          metadata: { labels, annotations: { [CONFIG_HASH_ANNOTATION]: configHash(props.corefile) } },
          spec: podSpec(props.dns),
        },
      },
    });
  }
}
