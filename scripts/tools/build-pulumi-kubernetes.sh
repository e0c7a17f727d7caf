#!/usr/bin/env bash
# Builds pulumi-resource-kubernetes from github.com/pulumi/pulumi-kubernetes/provider/v4 and installs it into
# the PULUMI_HOME under the tools cache as plugin "resource kubernetes $PULUMI_KUBERNETES_VERSION" (the version
# the npm @pulumi/kubernetes package asks the engine for; plugin selection is by exact version).
# The module's main package embeds two gitignored files (schema-embed.json, terraform-mapping-embed.json) that
# are not in the module zip; the module's own generate.go writes them from the committed schema.json and
# terraform-mapping.json, so the build copies the module, runs generate.go, then builds.
# Needs the pulumi CLI (build-pulumi.sh) for the plugin install.
set -euo pipefail
LOG_TAG=pulumi-kubernetes
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROVIDER_MODULE=github.com/pulumi/pulumi-kubernetes/provider/v4
# What the binary reports about itself: the module version it is really built from (see versions.sh).
PROVIDER_STAMP=${PULUMI_KUBERNETES_PROVIDER_MODULE_VERSION#v}

build_pulumi_kubernetes() {
  local pulumi_bin; pulumi_bin="$(tool_dir pulumi "$PULUMI_VERSION")/bin/pulumi"
  [ -x "$pulumi_bin" ] || die "pulumi CLI missing: run scripts/tools/build-pulumi.sh first"
  log "downloading $PROVIDER_MODULE@$PULUMI_KUBERNETES_PROVIDER_MODULE_VERSION"
  local moddir; moddir=$(mod_field "$PROVIDER_MODULE@$PULUMI_KUBERNETES_PROVIDER_MODULE_VERSION" Dir)
  [ -d "$moddir" ] || die "module not served: $PROVIDER_MODULE@$PULUMI_KUBERNETES_PROVIDER_MODULE_VERSION"
  rm -rf "$DIR/src" && cp -r "$moddir" "$DIR/src" && chmod -R u+w "$DIR/src"
  cd "$DIR/src"
  # `replace .../sdk/v4 => ../sdk` points outside the module zip; use the published sdk module instead
  # (go mod tidy drops it again if the provider does not import it).
  go mod edit -dropreplace=github.com/pulumi/pulumi-kubernetes/sdk/v4
  log "go mod tidy (provider)"
  go mod tidy
  log "generating schema-embed.json and terraform-mapping-embed.json (upstream generate.go)"
  (cd cmd/pulumi-resource-kubernetes && VERSION=$PROVIDER_STAMP go run generate.go)
  [ -s cmd/pulumi-resource-kubernetes/schema-embed.json ] || die "schema-embed.json not generated"
  log "compiling pulumi-resource-kubernetes"
  gobuild -ldflags "-s -w -X $PROVIDER_MODULE/pkg/version.Version=$PROVIDER_STAMP" \
    -o "$DIR/bin/pulumi-resource-kubernetes" ./cmd/pulumi-resource-kubernetes
  install_plugin "$pulumi_bin"
}

install_plugin() {
  local pulumi_home="$KEELSON_TOOLS/pulumi-home"
  mkdir -p "$pulumi_home"
  log "installing plugin resource kubernetes $PULUMI_KUBERNETES_VERSION into $pulumi_home"
  PULUMI_HOME=$pulumi_home PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true \
    "$1" plugin install resource kubernetes "$PULUMI_KUBERNETES_VERSION" --reinstall \
    --file "$DIR/bin/pulumi-resource-kubernetes" --non-interactive >&2
  PULUMI_HOME=$pulumi_home PULUMI_SKIP_UPDATE_CHECK=true "$1" plugin ls >&2
}

run_build pulumi-kubernetes "$PULUMI_KUBERNETES_VERSION" build_pulumi_kubernetes pulumi-resource-kubernetes
# The plugin cache may have been wiped while the binary stayed cached: reinstall when missing.
if [ ! -x "$KEELSON_TOOLS/pulumi-home/plugins/resource-kubernetes-v$PULUMI_KUBERNETES_VERSION/pulumi-resource-kubernetes" ]; then
  DIR=$(tool_dir pulumi-kubernetes "$PULUMI_KUBERNETES_VERSION") install_plugin "$(tool_dir pulumi "$PULUMI_VERSION")/bin/pulumi"
fi
