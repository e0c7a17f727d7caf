import { selfSignedCert } from "../../../edge/support/certs";
import { CA_DIRS, SECRET_DIRS_WITH_CERTS } from "../cases";

/** The cluster DNS name the rendered `resolver` uses, pointed at loopback for `nginx -t`. */
export const CLUSTER_DNS_HOSTS = { "kube-dns.kube-system.svc.cluster.local": "127.0.0.1" };

/** TLS pairs and CA bundles at the paths the golden configs read (under /etc/nginx/secrets). */
export function certificateFiles(): Record<string, string> {
  const { cert, key } = selfSignedCert(["edge.test"]);
  const files: Record<string, string> = {};
  for (const dir of SECRET_DIRS_WITH_CERTS) Object.assign(files, { [`${dir}/tls.crt`]: cert, [`${dir}/tls.key`]: key });
  for (const dir of CA_DIRS) files[`${dir}/ca.crt`] = cert;
  return files;
}
