#!/usr/bin/env bash
# Builds the real CoreDNS binary from its Go module and caches it outside the repo.
#
#   scripts/tools/build-coredns.sh            # build (or reuse) and print the binary path
#   COREDNS_VERSION=v1.15.0 scripts/tools/build-coredns.sh
#
# Result: ${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}/coredns-<version>/bin/coredns
# The last line on stdout is the binary path; progress goes to stderr with UTC timestamps.
#
# How: `go install github.com/coredns/coredns@<version>`. The module's go.mod has no replace
# directives, so `go install pkg@version` works and no wrapper module is needed; the committed
# core/plugin/zplugin.go gives the upstream default plugin set (hosts, forward, cache, kubernetes, ...).
#
# Environment:
#   COREDNS_VERSION   module version to build          (default below; must be served by the Go proxy)
#   KEELSON_TOOLS     cache root                       (default $HOME/.cache/keelson/tools)
#   KEELSON_GO_JOBS   go build -p value                (default 1: keeps a 2-core machine usable)
#   GOMODCACHE, GOCACHE, GOPROXY are honoured as usual (point them at empty folders for a cold build).
set -euo pipefail

readonly DEFAULT_VERSION="v1.14.7"
version="${COREDNS_VERSION:-$DEFAULT_VERSION}"
tools="${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}"
jobs="${KEELSON_GO_JOBS:-1}"
dest="$tools/coredns-$version"
bin="$dest/bin/coredns"

log() { printf '%s build-coredns: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [[ ! "$version" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  die "COREDNS_VERSION must look like v1.2.3, got '$version'"
fi
if [[ ! "$jobs" =~ ^[1-9][0-9]*$ ]]; then
  die "KEELSON_GO_JOBS must be a positive integer, got '$jobs'"
fi

# Reuse: a binary that runs and reports the pinned version.
if [[ -x "$bin" ]] && "$bin" -version 2>/dev/null | grep -q "CoreDNS-${version#v}"; then
  log "reusing $bin ($("$bin" -version 2>/dev/null | head -n 1))"
  printf '%s\n' "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "go not found: install Go >= 1.25 (CoreDNS $version needs it)"

start_ns="$(date +%s%N)"
log "building github.com/coredns/coredns@$version with $(GOTOOLCHAIN=local go env GOVERSION) (-p $jobs)"
log "target $bin"

mkdir -p "$dest"
staging="$(mktemp -d "$dest/.staging.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

# Run outside any module so the project's go.mod (if one appears) cannot interfere.
# GOFLAGS is cleared: a caller's -mod=... would make `go install pkg@version` fail.
(
  cd "$staging"
  env GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS= GOBIN="$staging/bin" \
    go install -p "$jobs" -trimpath -ldflags "-s -w" "github.com/coredns/coredns@$version"
) || die "go install github.com/coredns/coredns@$version failed (see output above)"

[[ -x "$staging/bin/coredns" ]] || die "go install finished but $staging/bin/coredns is missing"
log "installed; checking the binary"
"$staging/bin/coredns" -version >&2 || die "the built binary does not run"

# Atomic enough for a cache: rename the staged bin/ into place.
rm -rf "$dest/bin"
mv "$staging/bin" "$dest/bin"

end_ns="$(date +%s%N)"
elapsed_ms=$(((end_ns - start_ns) / 1000000))
log "done: $bin"
log "build wall time: $((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000))) s"
printf '%s\n' "$bin"
