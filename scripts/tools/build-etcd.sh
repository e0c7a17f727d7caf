#!/usr/bin/env bash
# Builds etcd from go.etcd.io/etcd/server/v3 through a wrapper module calling etcdmain.Main
# (the server module has `replace => ../api` lines, so `go install` refuses it).
set -euo pipefail
LOG_TAG=etcd
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_etcd() {
  init_wrapper_module etcd
  cat >main.go <<'GO'
// Wrapper module: the etcd server binary, built from its Go module.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  log "resolving go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
  go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
  go mod tidy
  log "compiling etcd"
  gobuild -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=v$ETCD_VERSION" -o "$DIR/bin/etcd" .
  "$DIR/bin/etcd" --version | sed 's/^/  /' >&2
}

run_build etcd "$ETCD_VERSION" build_etcd etcd
