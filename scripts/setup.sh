#!/usr/bin/env bash
# Installs everything Keelson's tests need on a fresh Debian machine (run as root, or with sudo available):
# Debian packages for the real checkers, the pinned npm dependencies, and the tools built from Go modules
# (cached outside the repository under ~/.cache/keelson, reused when present).
#   bash scripts/setup.sh            everything (tests + e2e bench)
#   bash scripts/setup.sh --npm-only just `npm ci` (enough for `npm run synth`)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  buildah podman debootstrap   # real image builds (buildah bud --isolation chroot) on locally made bases
  prometheus                   # promtool: check config, check rules, test rules
  graphviz                     # npm run diagram
  dnsmasq-base dnsutils        # a real DNS server and dig for the edge and CoreDNS tests
  busybox                      # runs the etcd-backup rotation script as written for the CronJob
  wrk hyperfine                # benchmarks in bench/
  python3-venv                 # Checkov's virtual environment
  openssl jq curl              # certificates for TLS tests and the local control plane
)

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ "${1:-}" != "--npm-only" ] && [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

echo "setup: npm ci"
npm ci --no-audit --no-fund

if [ "${1:-}" = "--npm-only" ]; then exit 0; fi

# Tools built from Go modules, each cached outside the repository (~/.cache/keelson/tools) and reused:
# the e2e control plane and Pulumi engine, and the real checkers the unit tests run (CoreDNS, the
# OpenTelemetry Collector, promtool/amtool of the Prometheus release the manifests deploy).
# Setup runs alone, so the checkers' cold builds use every core too (KEELSON_GO_JOBS = go -p; their default
# is 1 because a test may build one lazily next to other tests). The e2e tools always use go's default, all cores.
KEELSON_GO_JOBS=${KEELSON_GO_JOBS:-$(nproc)} \
  bash scripts/tools/build-all.sh
# Checkov in its own virtual environment (cached outside the repository).
bash scripts/checkov.sh --install-only
echo "setup: done"
