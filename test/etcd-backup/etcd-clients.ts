/**
 * etcdctl and etcdutl for the etcd backup test, built from their Go modules (the Go module proxy) at the
 * etcd version the e2e bench uses (scripts/tools/versions.sh ETCD_VERSION), and cached outside the repo:
 * ${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}/etcd-clients-<version>/bin/{etcdctl,etcdutl}.
 *
 * Both modules carry `replace` lines, so `go install pkg@version` refuses them; a tiny wrapper module
 * requires them and calls their entry points (etcdctl: ctlv3.MustStart; etcdutl: its command tree,
 * rebuilt here because upstream's root command lives in package main).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { toolsDir } from "../support/tools-dir";

const REPO_ROOT = resolve(__dirname, "..", "..");

export function etcdVersion(): string {
  const text = readFileSync(join(REPO_ROOT, "scripts", "tools", "versions.sh"), "utf8");
  const version = /^ETCD_VERSION=([0-9.]+)$/m.exec(text)?.[1];
  if (version === undefined) throw new Error("scripts/tools/versions.sh: 'ETCD_VERSION' must be set, got nothing");
  return version;
}

/** The etcd server binary built by scripts/tools/build-etcd.sh. */
export function etcdServerPath(): string {
  const bin = join(toolsDir(), `etcd-${etcdVersion()}`, "bin", "etcd");
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    throw new Error(`etcd ${etcdVersion()} is missing at ${bin}: build it with \`bash scripts/tools/build-etcd.sh\``);
  }
  return bin;
}

const ETCDCTL_MAIN = `package main

import "go.etcd.io/etcd/etcdctl/v3/ctlv3"

func main() { ctlv3.MustStart() }
`;

const ETCDUTL_MAIN = `package main

import (
	"os"

	"github.com/spf13/cobra"
	"go.etcd.io/etcd/etcdutl/v3/etcdutl"
)

func main() {
	root := &cobra.Command{Use: "etcdutl", Short: "etcdutl (snapshot commands) for Keelson's tests"}
	root.PersistentFlags().StringVarP(&etcdutl.OutputFormat, "write-out", "w", "simple", "output format")
	root.AddCommand(etcdutl.NewSnapshotCommand(), etcdutl.NewVersionCommand())
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
`;

function build(dir: string, version: string): void {
  const src = join(dir, "src");
  rmSync(src, { recursive: true, force: true });
  mkdirSync(join(src, "etcdctl"), { recursive: true });
  mkdirSync(join(src, "etcdutl"), { recursive: true });
  writeFileSync(join(src, "go.mod"), "module local/keelson/etcd-clients\n\ngo 1.24.0\n");
  writeFileSync(join(src, "etcdctl", "main.go"), ETCDCTL_MAIN);
  writeFileSync(join(src, "etcdutl", "main.go"), ETCDUTL_MAIN);
  const env = { ...process.env, GOTOOLCHAIN: "local", CGO_ENABLED: "0", GOFLAGS: "-buildvcs=false" };
  const go = (args: string[]): void => {
    const res = spawnSync("go", args, { cwd: src, env, encoding: "utf8" });
    if (res.status !== 0) throw new Error(`go ${args.join(" ")} failed:\n${res.stderr}`);
  };
  go(["get", `go.etcd.io/etcd/etcdctl/v3@v${version}`, `go.etcd.io/etcd/etcdutl/v3@v${version}`]);
  go(["mod", "tidy"]);
  mkdirSync(join(dir, "bin"), { recursive: true });
  const jobs = process.env.KEELSON_GO_JOBS ?? "1";
  for (const tool of ["etcdctl", "etcdutl"]) {
    go(["build", "-p", jobs, "-trimpath", "-ldflags", "-s -w", "-o", join(dir, "bin", tool), `./${tool}`]);
  }
}

/** Paths of etcdctl and etcdutl; builds them when missing (minutes, cold). */
export function ensureEtcdClients(): { etcdctl: string; etcdutl: string } {
  const version = etcdVersion();
  const dir = join(toolsDir(), `etcd-clients-${version}`);
  const paths = { etcdctl: join(dir, "bin", "etcdctl"), etcdutl: join(dir, "bin", "etcdutl") };
  try {
    for (const p of Object.values(paths)) accessSync(p, constants.X_OK);
    return paths;
  } catch {
    try {
      execFileSync("go", ["version"], { stdio: "ignore" });
    } catch {
      throw new Error(
        "go not found: install Go >= 1.24 (`apt-get install -y golang-go`); etcdctl/etcdutl are built from their Go modules",
      );
    }
    build(dir, version);
    return paths;
  }
}
