#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kube-scheduler and kubectl from k8s.io/kubernetes
# through a wrapper module. The published k8s.io/kubernetes go.mod requires every staging module at
# v0.0.0 (with `=> ./staging/...` replaces that a dependent module ignores), so the wrapper maps each
# k8s.io/<staging> module to its published v0.<minor>.<patch> release.
# The binaries are version-stamped (component-base and client-go version packages): an unstamped
# apiserver reports v0.0.0 and the Pulumi Kubernetes provider refuses such a cluster.
set -euo pipefail
LOG_TAG=kubernetes
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_kubernetes() {
  local kv="v$KUBERNETES_VERSION" sv="v0.${KUBERNETES_VERSION#1.}" minor
  minor=$(cut -d. -f2 <<<"$KUBERNETES_VERSION")
  init_wrapper_module kubernetes
  log "downloading k8s.io/kubernetes@$kv"
  local gomod commit date
  gomod=$(mod_field "k8s.io/kubernetes@$kv" GoMod)
  [ -s "$gomod" ] || die "k8s.io/kubernetes@$kv is not served by the module proxy"
  # shellcheck disable=SC2016 # a JavaScript template literal, not a shell expansion
  commit=$(go mod download -json "k8s.io/kubernetes@$kv" | node -e '
    let s = ""; process.stdin.on("data", d => (s += d)).on("end", () => {
      const j = JSON.parse(s); process.stdout.write(`${j.Origin?.Hash ?? ""} ${j.Time ?? ""}`); });')
  date=${commit#* }; commit=${commit%% *}
  # Staging modules: required at v0.0.0 and/or replaced to ./staging in the upstream go.mod.
  local mods m n=0
  mods=$({ grep -oE '^[[:space:]]*k8s\.io/[a-z0-9-]+ v0\.0\.0$' "$gomod" | awk '{print $1}'
           grep -oE '^[[:space:]]*k8s\.io/[a-z0-9-]+ => \./staging' "$gomod" | awk '{print $1}'; } | sort -u)
  for m in $mods; do go mod edit -replace="$m=$m@$sv"; n=$((n + 1)); done
  log "mapped $n staging modules to $sv"
  grep -E '^godebug ' "$gomod" | awk '{print $2}' | while read -r kv2; do go mod edit -godebug="$kv2"; done
  cat >tools.go <<'GO'
//go:build tools

// Package tools pins the Kubernetes commands this wrapper module builds.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  go mod edit -require="k8s.io/kubernetes@$kv"
  log "go mod tidy (downloads the dependency graph)"
  go mod tidy
  local ldf="-s -w" p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldf="$ldf -X $p.gitVersion=$kv -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
    ldf="$ldf -X $p.gitCommit=$commit -X $p.buildDate=$date"
  done
  for p in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    log "compiling $p"
    local t0; t0=$(date +%s)
    gobuild -ldflags "$ldf" -o "$DIR/bin/$p" "k8s.io/kubernetes/cmd/$p"
    log "compiled $p in $(($(date +%s) - t0)) s"
  done
  "$DIR/bin/kube-apiserver" --version >&2
  "$DIR/bin/kubectl" version --client >&2
  "$DIR/bin/kube-apiserver" --version | grep -qx "Kubernetes $kv" || die "kube-apiserver is not stamped $kv"
}

run_build kubernetes "$KUBERNETES_VERSION" build_kubernetes kube-apiserver kube-controller-manager kube-scheduler kubectl
