/**
 * Real image builds: scripts/images/build.sh builds every images/<name>/Dockerfile with buildah
 * (on the local stand-in base, see docs/images.md) under the tag `citest`, so the `dev` images the
 * nginx harness uses are left alone, and runs each image's own check. Then the built images are
 * inspected: non-root USER, OCI labels, HEALTHCHECK, no package caches.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildahGlobalArgs, NGINX_UID, requireImageTools } from "../support/image-nginx";

const REPO = resolve(__dirname, "../..");
const TAG = "citest";
const IMAGES = ["edge-nginx", "demo-backend"] as const;
const BASE = "docker.io/nginxinc/nginx-unprivileged";
/** The edge serves /healthz on its status port (infra/render/nginx/servers.ts), the demo on 8080. */
const HEALTH_PORT = { "edge-nginx": 8081, "demo-backend": 8080 } as const;
const EXPOSED = { "edge-nginx": ["8080/tcp", "8081/tcp", "8443/tcp"], "demo-backend": ["8080/tcp"] } as const;

interface Run {
  readonly code: number;
  readonly output: string;
}

function run(cmd: string, args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((res) => {
    const opts = { env: { ...process.env, ...env }, maxBuffer: 64 << 20 };
    execFile(cmd, args, opts, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
      res({ code, output: `${stdout}${stderr}` });
    });
  });
}

const buildSh = (args: readonly string[], env: Record<string, string> = {}): Promise<Run> =>
  run("bash", [join(REPO, "scripts/images/build.sh"), ...args], { KEELSON_IMAGE_TAG: TAG, ...env });

const buildah = (args: readonly string[]): Promise<Run> => run("buildah", [...buildahGlobalArgs(), ...args]);

/**
 * Runs `cmd` in a fresh working container of `image` (as its USER, or `user`), then removes it. The
 * output goes through a file in a mounted dir, not buildah's relay (see scripts/images/build.sh).
 */
async function inImage(image: string, cmd: readonly string[], user?: string): Promise<Run> {
  const from = await buildah(["from", "--pull=never", image]);
  expect(from.code, from.output).toBe(0);
  const ctr = from.output.trim().split("\n").pop() ?? "";
  const dir = fs.mkdtempSync(join(tmpdir(), "keelson-in-image-"));
  fs.chownSync(dir, NGINX_UID, NGINX_UID);
  try {
    const redirect = ["/bin/sh", "-c", 'exec "$@" >/keelson-check/out 2>&1', "sh"];
    const opts = [...(user === undefined ? [] : ["--user", user]), "-v", `${dir}:/keelson-check`];
    const res = await buildah(["run", "--isolation", "chroot", ...opts, ctr, "--", ...redirect, ...cmd]);
    const out = join(dir, "out");
    return { code: res.code, output: fs.existsSync(out) ? fs.readFileSync(out, "utf8") : res.output };
  } finally {
    await buildah(["rm", ctr]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** "1.30.6" >= "1.27.3" */
function versionAtLeast(version: string, min: string): boolean {
  const a = version.split(".").map(Number);
  const b = min.split(".").map(Number);
  for (let i = 0; i < b.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

let build: Run;

beforeAll(async () => {
  requireImageTools();
  build = await buildSh([]);
}, 900_000);

describe("scripts/images/build.sh", () => {
  it("builds every image and each image's own check passes", () => {
    expect(build.code, build.output).toBe(0);
    for (const name of IMAGES) {
      expect(build.output).toMatch(new RegExp(`IMAGE keelson/${name}:${TAG} id=[0-9a-f]{64} digest=sha256:[0-9a-f]{64}`));
      expect(build.output).toContain(`CHECK ${name} ok`);
    }
  });

  it("the images run nginx >= 1.27.3 (upstream `resolve` support)", () => {
    const versions = [...build.output.matchAll(/nginx version: nginx\/(\d+\.\d+\.\d+)/g)].map((m) => m[1] ?? "");
    expect(versions.length).toBeGreaterThanOrEqual(IMAGES.length);
    for (const v of versions) expect(versionAtLeast(v, "1.27.3"), v).toBe(true);
  });

  it("the edge check fails on a broken config, so it can fail", async () => {
    const dir = fs.mkdtempSync(join(tmpdir(), "keelson-broken-"));
    const conf = join(dir, "nginx.conf");
    fs.writeFileSync(conf, "events {}\nhttp { no_such_directive on; }\n");
    try {
      const res = await buildSh(["--check-only", "edge-nginx"], { KEELSON_EDGE_CONF: conf });
      expect(res.code).not.toBe(0);
      expect(res.output).toContain('unknown directive "no_such_directive"');
      expect(res.output).toContain("CHECK edge-nginx failed");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(IMAGES)("image %s", (name) => {
  const ref = `keelson/${name}:${TAG}`;
  const dockerfile = (): string => fs.readFileSync(join(REPO, "images", name, "Dockerfile"), "utf8");
  const config = async (): Promise<Record<string, unknown> & { Labels: Record<string, string> }> => {
    const res = await buildah(["inspect", "--type", "image", ref]);
    expect(res.code, res.output).toBe(0);
    return JSON.parse(res.output).Docker.config;
  };

  it("FROM pins the unprivileged nginx image by an exact >= 1.27.3 version tag", () => {
    const from = [...dockerfile().matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1] ?? "");
    expect(from).toHaveLength(1);
    const tag = new RegExp(`^${BASE}:(\\d+\\.\\d+\\.\\d+)-[a-z]+$`).exec(from[0] ?? "");
    expect(tag, from[0]).not.toBeNull();
    expect(versionAtLeast(tag?.[1] ?? "", "1.27.3")).toBe(true);
  });

  it("runs as the non-root uid 101", async () => {
    expect((await config()).User).toBe("101");
    const id = await inImage(ref, ["id", "-u"]);
    expect(id.output.trim()).toBe("101");
  });

  it("carries the OCI labels", async () => {
    const { Labels } = await config();
    expect(Labels["org.opencontainers.image.title"]).toBe(`keelson-${name}`);
    expect(Labels["org.opencontainers.image.licenses"]).toBe("Apache-2.0");
    expect(Labels["org.opencontainers.image.vendor"]).toBe("Keelson");
    expect(Labels["org.opencontainers.image.version"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(Labels["org.opencontainers.image.description"]?.length).toBeGreaterThan(40);
    expect(dockerfile()).toContain(`FROM ${Labels["org.opencontainers.image.base.name"]}\n`);
    // Built here on the local stand-in base (docs/images.md), and it says so.
    expect(Labels["io.keelson.stand-in"]).toBe("true");
  });

  it("has a HEALTHCHECK on /healthz whose command exists in the image", async () => {
    const cfg = await config();
    const test = (cfg.Healthcheck as { Test?: string[] } | undefined)?.Test ?? [];
    expect(test.slice(0, 2)).toEqual(["CMD", "curl"]);
    expect(test.at(-1)).toBe(`http://127.0.0.1:${HEALTH_PORT[name]}/healthz`);
    expect((await inImage(ref, ["curl", "--version"])).code).toBe(0);
    expect(Object.keys(cfg.ExposedPorts as object).sort()).toEqual(EXPOSED[name]);
  });

  it("has no package caches and an empty /tmp", async () => {
    const script = "find /var/lib/apt/lists /var/cache/apt -type f -not -name lock; find /tmp -mindepth 1";
    const res = await inImage(ref, ["sh", "-c", script], "0");
    expect(res.code, res.output).toBe(0);
    expect(res.output.trim()).toBe("");
  });

  it("keeps /etc/nginx read-only for the nginx user", async () => {
    const res = await inImage(ref, ["sh", "-c", "touch /etc/nginx/x 2>&1; test -w /etc/nginx/nginx.conf && echo writable"]);
    expect(res.output).toContain("Permission denied");
    expect(res.output).not.toContain("writable");
  });
});
