#!/usr/bin/env bash
# Builds every tool (e2e bench and real checkers) missing from the cache, one heavy go build at a time, and prints the wall
# time of each build. Cached tools are reported with the time their cold build took.
#   scripts/tools/build-all.sh            # all tools
#   scripts/tools/build-all.sh --e2e      # what test/e2e needs (etcd kubernetes kwok pulumi pulumi-kubernetes)
#   scripts/tools/build-all.sh etcd kwok  # a subset of: etcd kubernetes kwok pulumi pulumi-kubernetes coredns
#                                         # otelcol promtool amtool
# Cache: ${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}/<name>-<version>/bin/
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOG_TAG=build-all
. "$HERE/lib.sh"

# The local control plane and the Pulumi engine (test/e2e), then the real checkers the unit tests run.
E2E_TOOLS=(etcd kubernetes kwok pulumi pulumi-kubernetes)
ALL=("${E2E_TOOLS[@]}" coredns otelcol promtool amtool)
tools=("$@")
if [ "${1:-}" = --e2e ]; then tools=("${E2E_TOOLS[@]}"); elif [ ${#tools[@]} -eq 0 ]; then tools=("${ALL[@]}"); fi

t_all=$(date +%s)
summary=()
for t in "${tools[@]}"; do
  [ -f "$HERE/build-$t.sh" ] || die "unknown tool '$t' (known: ${ALL[*]})"
  t0=$(date +%s)
  bash "$HERE/build-$t.sh"
  summary+=("$(printf '%-20s %5d s this run' "$t" "$(($(date +%s) - t0))")")
done
log "summary (wall time of this run per tool; a cached tool takes ~0 s):"
for line in "${summary[@]}"; do log "  $line"; done
log "cold build times recorded in the cache (build-seconds):"
for f in "$KEELSON_TOOLS"/*/build-seconds; do
  [ -f "$f" ] && log "  $(printf '%-28s %5s s' "$(basename "$(dirname "$f")")" "$(cat "$f")")"
done
log "all requested tools ready in $(($(date +%s) - t_all)) s"
