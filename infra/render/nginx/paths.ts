/**
 * Where the rendered nginx.conf points nginx at. The defaults are the edge pod's layout (read-only root
 * filesystem; emptyDirs at /tmp and /var/cache/nginx; Secrets under /etc/nginx/secrets). Tests map them
 * to a temp directory.
 */
export interface NginxPaths {
  /** @default "/tmp/nginx.pid" */
  readonly pidFile: string;
  /** Request bodies and proxy temp files (an emptyDir). @default "/tmp" */
  readonly tempDir: string;
  /** One directory per cache zone (an emptyDir). @default "/var/cache/nginx" */
  readonly cacheDir: string;
  /** Mounted Secrets: TLS certificates and htpasswd files. @default "/etc/nginx/secrets" */
  readonly secretsDir: string;
  /** @default "/etc/nginx/mime.types" (from the image) */
  readonly mimeTypes: string;
  /** CA bundle for upstream TLS verification without a caSecret. @default "/etc/ssl/certs/ca-certificates.crt" (Debian) */
  readonly systemCaBundle: string;
  /** @default "/dev/stdout" */
  readonly accessLog: string;
  /** @default "stderr" (nginx's own stream) */
  readonly errorLog: string;
}

export const DEFAULT_NGINX_PATHS: NginxPaths = {
  pidFile: "/tmp/nginx.pid",
  tempDir: "/tmp",
  cacheDir: "/var/cache/nginx",
  secretsDir: "/etc/nginx/secrets",
  mimeTypes: "/etc/nginx/mime.types",
  systemCaBundle: "/etc/ssl/certs/ca-certificates.crt",
  accessLog: "/dev/stdout",
  errorLog: "stderr",
};

export function resolvePaths(overrides: Partial<NginxPaths> = {}): NginxPaths {
  return { ...DEFAULT_NGINX_PATHS, ...overrides };
}
