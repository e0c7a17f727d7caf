import type { EdgeConfig } from "../../config/edge";
import { virtualHostViews } from "../../config/edge-validate";

/** One Secret mounted into the edge pod: which keys land in which files of `dir` (under paths.secretsDir). */
export interface EdgeSecretMount {
  /** Directory under the secrets dir, unique per use. */
  readonly dir: string;
  readonly secretName: string;
  /** Secret key → file name in `dir` (file names are Keelson's, never taken from config). */
  readonly items: readonly { readonly key: string; readonly path: string }[];
}

export const TLS_CERT_FILE = "tls.crt";
export const TLS_KEY_FILE = "tls.key";
export const HTPASSWD_FILE = "htpasswd";
export const CA_FILE = "ca.crt";

export function upstreamCaDir(upstreamName: string): string {
  return `ca-${upstreamName}`;
}

export function tlsDir(vhostKey: string): string {
  return `tls-${vhostKey}`;
}

export function basicAuthDir(vhostKey: string, routeName: string): string {
  return `auth-${vhostKey}-${routeName}`;
}

/** Every Secret the rendered config reads, in a stable order (the renderer and the construct share it). */
export function edgeSecretMounts(edge: EdgeConfig): EdgeSecretMount[] {
  const mounts: EdgeSecretMount[] = [];
  const views = virtualHostViews(edge);
  for (const vh of views) {
    if (vh.tls === undefined) continue;
    mounts.push({
      dir: tlsDir(vh.key),
      secretName: vh.tls.secretName,
      items: [
        { key: "tls.crt", path: TLS_CERT_FILE },
        { key: "tls.key", path: TLS_KEY_FILE },
      ],
    });
  }
  for (const vh of views) {
    for (const routeName of Object.keys(vh.routes).sort()) {
      const auth = vh.routes[routeName]!.basicAuth;
      if (auth === undefined) continue;
      mounts.push({
        dir: basicAuthDir(vh.key, routeName),
        secretName: auth.secret.name,
        items: [{ key: auth.secret.key, path: HTPASSWD_FILE }],
      });
    }
  }
  for (const name of Object.keys(edge.upstreams).sort()) {
    const ca = edge.upstreams[name]!.tls?.caSecret;
    if (ca !== undefined) mounts.push({ dir: upstreamCaDir(name), secretName: ca.name, items: [{ key: ca.key, path: CA_FILE }] });
  }
  return mounts;
}
