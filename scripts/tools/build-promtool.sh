#!/usr/bin/env bash
# Builds promtool at the version of the Prometheus image Keelson runs (monitoring.prometheus.image),
# with Kubernetes service discovery, cached outside the repo (see lib.sh):
#   ${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}/promtool-<version>/bin/promtool
#
#   bash scripts/tools/build-promtool.sh
#
# Why not (only) Debian's `prometheus` package: its promtool (2.42 on bookworm) is built without the
# Kubernetes service discovery, so `promtool check config` rejects every `kubernetes_sd_configs` block
# ("field kubernetes_sd_configs not found"); and it predates Prometheus 3. Rule files are still checked with
# both (test/render/prometheus).
# How: cmd/promtool from the Prometheus module (Apache-2.0), built in a wrapper module that copies the
# Prometheus go.mod's replace directive (which makes `go install pkg@version` refuse it). Prometheus 3.x is
# published as Go module versions v0.3MM.P (3.13.2 = v0.313.2). Build tags `remove_all_sd,enable_kubernetes_sd`
# keep only the Kubernetes discovery (upstream's plugins/plugin_*.go build constraints): a smaller build.
# Progress goes to stderr; the last stdout line is the binary path.
#
# Environment: PROMETHEUS_VERSION (3.x.y), KEELSON_TOOLS, KEELSON_GO_JOBS (go -p, default 1).
set -euo pipefail
LOG_TAG=promtool
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Pinned: kube-prometheus jsonnet/kube-prometheus/versions.json (4d719f1, 2026-08-10) "prometheus": "3.13.2".
PROMETHEUS_VERSION=${PROMETHEUS_VERSION:-3.13.2}
[[ "$PROMETHEUS_VERSION" =~ ^3\.([0-9]+)\.([0-9]+)$ ]] || die "PROMETHEUS_VERSION must look like 3.x.y, got '$PROMETHEUS_VERSION'"
MODULE_VERSION=$(printf 'v0.3%02d.%d' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}")
jobs=$(go_jobs)

build_promtool() {
  local mod=github.com/prometheus/prometheus
  log "go build $mod/cmd/promtool@$MODULE_VERSION (tags remove_all_sd,enable_kubernetes_sd), -p $jobs"
  local upstream_dir
  upstream_dir=$(mod_field "$mod@$MODULE_VERSION" Dir)
  rm -f "$DIR/src/go.mod" "$DIR/src/go.sum"
  (
    cd "$DIR/src"
    export GOFLAGS="-buildvcs=false -mod=mod"
    go mod init keelson.dev/promtool-build >/dev/null 2>&1
    # The same replace directives as upstream's go.mod (single-line form).
    grep -E '^replace ' "$upstream_dir/go.mod" >>go.mod || true
    go get "$mod/cmd/promtool@$MODULE_VERSION"
    go build -p "$jobs" -trimpath -tags remove_all_sd,enable_kubernetes_sd -ldflags "-s -w" -o "$DIR/bin/promtool" "$mod/cmd/promtool"
  )
  "$DIR/bin/promtool" --version >&2 || die "the built binary does not run"
}

run_build promtool "$PROMETHEUS_VERSION" build_promtool promtool
printf '%s\n' "$(tool_dir promtool "$PROMETHEUS_VERSION")/bin/promtool"
