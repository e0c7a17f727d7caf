#!/usr/bin/env bash
# Builds an OpenTelemetry Collector with exactly the components Keelson's log collector config uses,
# so `otelcol-keelson validate --config <file>` checks the rendered config with the real component code
# (unknown keys, wrong types and each component's own Validate()). Cached outside the repo (see lib.sh):
#   ${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}/otelcol-<version>/bin/otelcol-keelson
#
#   bash scripts/tools/build-otelcol.sh
#
# How: the collector's own distribution builder (go.opentelemetry.io/collector/cmd/builder, the tool
# upstream uses for otelcol-contrib) generates a main module from the manifest below and compiles it.
# The component set matches the pods' image, otel/opentelemetry-collector-contrib, which contains all of
# them (see infra/constructs/logging/log-collector-image.ts). All modules are Apache-2.0.
# Progress goes to stderr; the last stdout line is the binary path.
#
# Environment: OTELCOL_VERSION (contrib version without the v), KEELSON_TOOLS, KEELSON_GO_JOBS (go -p,
# default 1: keeps a 2-core machine usable).
set -euo pipefail
LOG_TAG=otelcol
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Pinned: the newest contrib release the Go module proxy lists on 2026-11-28 (contrib v0.165.1, which
# pairs with core v0.165.0 / stable v1.71.0 and k8sattributesprocessor v1.4.1).
OTELCOL_VERSION=${OTELCOL_VERSION:-0.165.1}
CORE_VERSION=${OTELCOL_CORE_VERSION:-0.165.0}
STABLE_VERSION=${OTELCOL_STABLE_VERSION:-1.71.0}
K8SATTRIBUTES_VERSION=${OTELCOL_K8SATTRIBUTES_VERSION:-1.4.1}
jobs=${KEELSON_GO_JOBS:-1}
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "KEELSON_GO_JOBS must be a positive integer, got '$jobs'"

manifest() {
  local contrib=github.com/open-telemetry/opentelemetry-collector-contrib core=go.opentelemetry.io/collector
  cat <<EOF
dist:
  module: keelson.dev/otelcol-keelson
  name: otelcol-keelson
  description: Keelson log collector components (validation build)
  version: $OTELCOL_VERSION
  output_path: $DIR/gen
receivers:
  - gomod: $contrib/receiver/filelogreceiver v$OTELCOL_VERSION
processors:
  - gomod: $contrib/processor/k8sattributesprocessor v$K8SATTRIBUTES_VERSION
  - gomod: $core/processor/batchprocessor v$CORE_VERSION
  - gomod: $core/processor/memorylimiterprocessor v$CORE_VERSION
exporters:
  - gomod: $core/exporter/otlphttpexporter v$CORE_VERSION
extensions:
  - gomod: $contrib/extension/storage v$OTELCOL_VERSION
    import: $contrib/extension/storage/filestorage
  - gomod: $contrib/extension/healthcheckextension v$OTELCOL_VERSION
providers:
  - gomod: $core/confmap/provider/envprovider v$STABLE_VERSION
  - gomod: $core/confmap/provider/fileprovider v$STABLE_VERSION
telemetry:
  gomod: $core/service v$CORE_VERSION
  import: $core/service/telemetry/otelconftelemetry
EOF
}

build_otelcol() {
  manifest >"$DIR/src/builder.yaml"
  log "builder v$CORE_VERSION generating sources, then go build -p $jobs (CGO_ENABLED=0)"
  (cd "$DIR/src" && GOFLAGS="-buildvcs=false -p=$jobs" GOBIN="$DIR/src/bin" \
    go install "go.opentelemetry.io/collector/cmd/builder@v$CORE_VERSION")
  (cd "$DIR/src" && GOFLAGS="-buildvcs=false -p=$jobs" "$DIR/src/bin/builder" --config "$DIR/src/builder.yaml")
  cp "$DIR/gen/otelcol-keelson" "$DIR/bin/otelcol-keelson"
  "$DIR/bin/otelcol-keelson" --version >&2 || die "the built binary does not run"
}

run_build otelcol "$OTELCOL_VERSION" build_otelcol otelcol-keelson
printf '%s\n' "$(tool_dir otelcol "$OTELCOL_VERSION")/bin/otelcol-keelson"
