#!/usr/bin/env bash
# bench/tools-cold.sh: times a fully cold build of every tool scripts/setup.sh builds, as a fresh CI
# machine would run it: empty tools cache, empty Go build cache, empty Go module cache (so every module
# is downloaded from the proxy again), KEELSON_GO_JOBS=$(nproc) as in setup. The caches you use every day
# are not touched: everything goes to a temp dir (about 20 GiB while it runs), removed afterwards.
#
#   bash bench/tools-cold.sh          # prints build-all.sh's per-tool summary and the total
#   KEEP=1 bash bench/tools-cold.sh   # keep the temp dir (its path is printed)
#
# Run it on an otherwise idle machine: the builds use every core, and anything else running stretches them.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d /tmp/keelson-tools-cold.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT

export KEELSON_TOOLS=$WORK/tools GOCACHE=$WORK/go-build GOMODCACHE=$WORK/gomod KEELSON_GO_JOBS=${KEELSON_GO_JOBS:-$(nproc)}
t0=$(date +%s)
echo "tools-cold: start in $WORK, $(nproc) CPUs, KEELSON_GO_JOBS=$KEELSON_GO_JOBS, load average $(cut -d' ' -f1-3 /proc/loadavg)"
bash "$REPO/scripts/tools/build-all.sh" 2>&1 | grep --line-buffered -v '^go: downloading '
echo "tools-cold: every tool built cold in $(($(date +%s) - t0)) s, load average after $(cut -d' ' -f1-3 /proc/loadavg)"
