#!/usr/bin/env bash
# Builds amtool, Alertmanager's own config checker, at the version of the Alertmanager image Keelson runs
# (monitoring.alertmanager.image), cached outside the repo (see lib.sh):
#   ${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}/amtool-<version>/bin/amtool
#
#   bash scripts/tools/build-amtool.sh
#
# Why not Debian's prometheus-alertmanager package: it ships 0.25, which predates fields the rendered
# config uses (webhook `url_file`); `amtool check-config` must be the same version as the server.
# How: `go install github.com/prometheus/alertmanager/cmd/amtool@v<version>` (Apache-2.0).
# Progress goes to stderr; the last stdout line is the binary path.
#
# Environment: AMTOOL_VERSION (without the v), KEELSON_TOOLS, KEELSON_GO_JOBS (go -p, default 1).
set -euo pipefail
LOG_TAG=amtool
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Pinned: kube-prometheus jsonnet/kube-prometheus/versions.json (4d719f1, 2026-08-10) "alertmanager": "0.33.1".
AMTOOL_VERSION=${AMTOOL_VERSION:-0.33.1}
require_version AMTOOL_VERSION "$AMTOOL_VERSION"
jobs=$(go_jobs)

build_amtool() {
  (cd "$DIR/src" && GOFLAGS=-buildvcs=false GOBIN="$DIR/bin" \
    go install -p "$jobs" -trimpath -ldflags "-s -w" "github.com/prometheus/alertmanager/cmd/amtool@v$AMTOOL_VERSION")
  "$DIR/bin/amtool" --help >/dev/null || die "the built binary does not run"
}

run_build amtool "$AMTOOL_VERSION" build_amtool amtool
printf '%s\n' "$(tool_dir amtool "$AMTOOL_VERSION")/bin/amtool"
