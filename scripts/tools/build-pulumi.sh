#!/usr/bin/env bash
# Builds the Pulumi CLI (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi at $PULUMI_VERSION) and the Node.js
# language host pulumi-language-nodejs next to it (the CLI looks for bundled language hosts beside its
# own executable). Two wrapper modules, one per binary, so their dependency graphs never mix.
# pkg/v3 has `replace => ../sdk` lines, so `go install ...@version` refuses it; the wrapper requires
# pkg/v3 and sdk/v3 at the same version and copies pkg's only non-local replace (clipboard fork).
set -euo pipefail
LOG_TAG=pulumi
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PULUMI_LDFLAGS_VERSION_PKG=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version

build_pulumi_cli() {
  mkdir -p "$DIR/src/cli" && cd "$DIR/src/cli"
  rm -f go.mod go.sum
  cat >go.mod <<GOMOD
module local/keelson/pulumi

go 1.25.11

require (
	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION
)

// The only non-local replace of pkg/go.mod (a dependency's replaces do not apply to this module).
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
GOMOD
  cat >tools.go <<'GO'
//go:build tools

// Package tools pins the Pulumi CLI this wrapper module builds.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO
  log "go mod tidy (pulumi CLI $PULUMI_VERSION)"
  go mod tidy
  grep -q "github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION" go.mod || die "sdk/v3 did not resolve to v$PULUMI_VERSION"
  log "compiling pulumi"
  gobuild -tags osusergo,grpcnotrace -ldflags "-s -w -X $PULUMI_LDFLAGS_VERSION_PKG=v$PULUMI_VERSION" \
    -o "$DIR/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
}

build_language_nodejs() {
  local v=$PULUMI_LANGUAGE_NODEJS_SDK_VERSION
  mkdir -p "$DIR/src/language-nodejs" && cd "$DIR/src/language-nodejs"
  rm -f go.mod go.sum
  printf 'module local/keelson/pulumi-language-nodejs\n\ngo 1.25.11\n\nrequire github.com/pulumi/pulumi/sdk/v3 v%s\n' "$v" >go.mod
  cat >tools.go <<'GO'
//go:build tools

// Package tools pins the Node.js language host this wrapper module builds.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
GO
  log "go mod tidy (pulumi-language-nodejs from sdk/v3 v$v)"
  go mod tidy
  log "compiling pulumi-language-nodejs"
  gobuild -tags osusergo -ldflags "-s -w -X $PULUMI_LDFLAGS_VERSION_PKG=v$v" \
    -o "$DIR/bin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
}

build_pulumi() {
  build_pulumi_cli
  build_language_nodejs
  PULUMI_SKIP_UPDATE_CHECK=true "$DIR/bin/pulumi" version >&2
  [ "$(PULUMI_SKIP_UPDATE_CHECK=true "$DIR/bin/pulumi" version)" = "v$PULUMI_VERSION" ] || die "pulumi is not stamped v$PULUMI_VERSION"
}

run_build pulumi "$PULUMI_VERSION" build_pulumi pulumi pulumi-language-nodejs
