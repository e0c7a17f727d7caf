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
# them (logging.collector.image in infra/config/logging.ts). All modules are Apache-2.0.
# Progress goes to stderr; the last stdout line is the binary path.
#
# Environment: OTELCOL_VERSION (contrib version without the v), KEELSON_TOOLS, KEELSON_GO_JOBS (go -p,
# default 1: keeps a 2-core machine usable).
set -euo pipefail
LOG_TAG=otelcol
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Pinned to the otelcol-contrib release whose image the DaemonSet runs: open-telemetry/
# opentelemetry-collector-releases distributions/otelcol-contrib/manifest.yaml (ceccc19d, 2026-08-20) builds
# otelcol-contrib 0.159.0 from contrib and core modules v0.159.0 and confmap providers v1.65.0; the module
# versions below are copied from that manifest. Keep in step with logging.collector.image.
OTELCOL_VERSION=${OTELCOL_VERSION:-0.159.0}
CORE_VERSION=$OTELCOL_VERSION
STABLE_VERSION=${OTELCOL_STABLE_VERSION:-1.65.0}
# Both land in builder.yaml (version: and gomod: lines): only release versions.
require_version OTELCOL_VERSION "$OTELCOL_VERSION"
require_version OTELCOL_STABLE_VERSION "$STABLE_VERSION"
jobs=$(go_jobs)

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
  - gomod: $contrib/processor/k8sattributesprocessor v$OTELCOL_VERSION
  - gomod: $core/processor/batchprocessor v$CORE_VERSION
  - gomod: $core/processor/memorylimiterprocessor v$CORE_VERSION
exporters:
  - gomod: $core/exporter/otlphttpexporter v$CORE_VERSION
extensions:
  - gomod: $contrib/extension/storage/filestorage v$OTELCOL_VERSION
  - gomod: $contrib/extension/healthcheckextension v$OTELCOL_VERSION
providers:
  - gomod: $core/confmap/provider/envprovider v$STABLE_VERSION
  - gomod: $core/confmap/provider/fileprovider v$STABLE_VERSION
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
