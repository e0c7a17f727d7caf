#!/usr/bin/env bash
# Builds the real CoreDNS binary from its Go module, cached outside the repo (see lib.sh):
#   ${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}/coredns-<version>/bin/coredns
#
#   bash scripts/tools/build-coredns.sh                          # build once, then reuse
#   COREDNS_VERSION=1.15.0 bash scripts/tools/build-coredns.sh   # another release
#
# How: `go install github.com/coredns/coredns@v<version>`. Unlike etcd or Kubernetes, the CoreDNS
# module has no replace directives, so `go install pkg@version` builds it with exactly its own
# go.mod/go.sum and no wrapper module is needed; the committed core/plugin/zplugin.go gives the
# upstream default plugin set (hosts, forward, cache, kubernetes, ...).
# Progress goes to stderr with UTC timestamps; the last stdout line is the binary path.
#
# Environment: COREDNS_VERSION (without the v), KEELSON_TOOLS, KEELSON_GO_JOBS (go -p, default 1: keeps
# a 2-core machine usable); GOMODCACHE/GOCACHE/GOPROXY as usual (empty folders give a cold build).
set -euo pipefail
LOG_TAG=coredns
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Pinned release: the newest v1.14.x the Go module proxy lists (v1.14.x needs go >= 1.25).
COREDNS_VERSION=${COREDNS_VERSION:-1.14.7}
require_version COREDNS_VERSION "$COREDNS_VERSION"
jobs=$(go_jobs)

build_coredns() {
  local t0 t1 ms
  t0=$(date +%s%N)
  log "go install github.com/coredns/coredns@v$COREDNS_VERSION with $(go env GOVERSION), -p $jobs, CGO_ENABLED=0, -trimpath"
  # From the empty src/ folder, so no go.mod around can interfere; a caller's -mod=... in GOFLAGS
  # would make `go install pkg@version` fail, so GOFLAGS is reset to lib.sh's -buildvcs=false.
  (cd "$DIR/src" && GOFLAGS=-buildvcs=false GOBIN="$DIR/bin" \
    go install -p "$jobs" -trimpath -ldflags "-s -w" "github.com/coredns/coredns@v$COREDNS_VERSION")
  local out
  out=$("$DIR/bin/coredns" -version) || die "the built binary does not run"
  printf '%s\n' "$out" | sed 's/^/  /' >&2
  grep -qx "CoreDNS-$COREDNS_VERSION" <<<"$out" || die "the built binary is not CoreDNS-$COREDNS_VERSION"
  t1=$(date +%s%N)
  ms=$(((t1 - t0) / 1000000))
  log "build wall time: $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s"
}

run_build coredns "$COREDNS_VERSION" build_coredns coredns
printf '%s\n' "$(tool_dir coredns "$COREDNS_VERSION")/bin/coredns"
