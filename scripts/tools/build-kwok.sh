#!/usr/bin/env bash
# Builds the kwok controller (sigs.k8s.io/kwok/cmd/kwok) and copies the Stage definitions it needs
# (node initialize + lease heartbeat, pod ready/complete/delete, PVC provision/PV bind/delete) out of the
# same module into <dir>/stages/, and kwok's "kwok-volume" default StorageClass into <dir>/manifests/.
set -euo pipefail
LOG_TAG=kwok
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_kwok() {
  init_wrapper_module kwok
  cat >tools.go <<'GO'
//go:build tools

// Package tools pins the kwok controller this wrapper module builds.
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
GO
  go mod edit -require="sigs.k8s.io/kwok@v$KWOK_VERSION"
  log "go mod tidy (sigs.k8s.io/kwok@v$KWOK_VERSION)"
  go mod tidy
  log "compiling kwok"
  gobuild -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION" -o "$DIR/bin/kwok" sigs.k8s.io/kwok/cmd/kwok
  local moddir st
  moddir=$(mod_field "sigs.k8s.io/kwok@v$KWOK_VERSION" Dir)
  rm -rf "$DIR/stages" && mkdir -p "$DIR/stages"
  for st in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
            pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml \
            volume/fast/pvc-provision.yaml volume/fast/pv-bind.yaml volume/fast/pvc-delete.yaml \
            volume/fast/pv-delete.yaml; do
    cp "$moddir/kustomize/stage/$st" "$DIR/stages/"
  done
  # Not a Stage: the default StorageClass whose PVCs the volume stages bind (applied by cluster/up.sh).
  rm -rf "$DIR/manifests" && mkdir -p "$DIR/manifests"
  cp "$moddir/kustomize/stage/volume/fast/storage-class.yaml" "$DIR/manifests/"
  chmod -R u+w "$DIR/stages" "$DIR/manifests"
  "$DIR/bin/kwok" --version >&2 || true
}

run_build kwok "$KWOK_VERSION" build_kwok kwok
