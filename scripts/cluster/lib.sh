# shellcheck shell=bash
# Shared settings for scripts/cluster/{up,down,status}.sh. Sourced, not executed.
CLUSTER_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../tools/versions.sh
. "$CLUSTER_LIB_DIR/../tools/versions.sh"

KEELSON_TOOLS=${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}
KEELSON_CLUSTER_DIR=${KEELSON_CLUSTER_DIR:-$HOME/.cache/keelson/cluster}
export KEELSON_TOOLS KEELSON_CLUSTER_DIR

# Every listener is on 127.0.0.1. Ports are off the well-known defaults so that a second etcd or
# apiserver on the machine does not collide; override with the environment.
ETCD_CLIENT_PORT=${KEELSON_ETCD_CLIENT_PORT:-23790}
ETCD_PEER_PORT=${KEELSON_ETCD_PEER_PORT:-23800}
APISERVER_PORT=${KEELSON_APISERVER_PORT:-16443}
KCM_PORT=${KEELSON_KCM_PORT:-20257}
SCHEDULER_PORT=${KEELSON_SCHEDULER_PORT:-20259}
KWOK_PORT=${KEELSON_KWOK_PORT:-20247}
# Must contain 10.96.0.10 (the platform's kube-dns Service clusterIP).
SERVICE_CIDR=${KEELSON_SERVICE_CIDR:-10.96.0.0/12}
# Fake pod IPs that kwok hands out. Nothing ever connects to them: no kube-proxy, no kubelet, and the
# apiserver's cluster-bound egress goes to a refusing proxy (egress-refuser.mjs).
POD_CIDR=${KEELSON_POD_CIDR:-10.244.0.1/16}
NODE_COUNT=${KEELSON_NODE_COUNT:-3}

BIN_ETCD="$KEELSON_TOOLS/etcd-$ETCD_VERSION/bin/etcd"
K8S_BIN="$KEELSON_TOOLS/kubernetes-$KUBERNETES_VERSION/bin"
BIN_APISERVER="$K8S_BIN/kube-apiserver"
BIN_KCM="$K8S_BIN/kube-controller-manager"
BIN_SCHEDULER="$K8S_BIN/kube-scheduler"
BIN_KUBECTL="$K8S_BIN/kubectl"
BIN_KWOK="$KEELSON_TOOLS/kwok-$KWOK_VERSION/bin/kwok"
KWOK_STAGES="$KEELSON_TOOLS/kwok-$KWOK_VERSION/stages"

S=$KEELSON_CLUSTER_DIR
# up.sh and down.sh delete this dir: refuse anything that is not a dedicated absolute subdirectory.
case "$S" in
  / | "${HOME%/}" | "${HOME%/}/") echo "KEELSON_CLUSTER_DIR must not be / or \$HOME, got '$S'" >&2; exit 2 ;;
  /*) ;;
  *) echo "KEELSON_CLUSTER_DIR must be an absolute path, got '$S'" >&2; exit 2 ;;
esac
# up.sh marks the dir it creates; a non-empty dir without the mark is never deleted (a mistyped
# KEELSON_CLUSTER_DIR such as /etc must not be wiped).
STATE_MARK=$S/.keelson-cluster-state

# remove_state_dir -> deletes $S when it is missing, empty or marked by up.sh; refuses anything else.
remove_state_dir() {
  if [ -d "$S" ] && [ -n "$(ls -A "$S")" ] && [ ! -f "$STATE_MARK" ]; then
    echo "KEELSON_CLUSTER_DIR '$S' is not empty and was not created by scripts/cluster/up.sh: not deleting it" >&2
    exit 2
  fi
  rm -rf "$S"
}
PKI=$S/pki
LOGS=$S/logs
PIDS=$S/pids
KUBECONFIG_FILE=$S/kubeconfig
EGRESS_SOCK=$S/egress.sock

# Order matters: started in this order, stopped in reverse.
COMPONENTS=(egress-refuser etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

log() { printf '%s [cluster] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

kc() { "$BIN_KUBECTL" --kubeconfig="$KUBECONFIG_FILE" "$@"; }

# pid_of NAME -> prints the PID of a running component started by up.sh, or fails.
pid_of() {
  local f="$PIDS/$1.pid" pid
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  # Guard against PID reuse: the process must still be the one we started (its cmdline names the
  # component and the state dir).
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$S" || return 1
  printf '%s\n' "$pid"
}

# stop_components NAME... -> TERM each running one (in the given order), wait up to 15 s for all,
# then KILL what is left; removes the PID files.
stop_components() {
  local name pid i pids=() names=()
  for name in "$@"; do
    if pid=$(pid_of "$name"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$name")
    fi
  done
  for i in "${!pids[@]}"; do
    local n
    for n in $(seq 1 30); do [ -d "/proc/${pids[$i]}" ] || break; sleep 0.5; done
    if [ -d "/proc/${pids[$i]}" ]; then
      log "${names[$i]} (pid ${pids[$i]}) did not stop in 15 s: KILL"
      kill -KILL "${pids[$i]}" 2>/dev/null || true
    fi
    log "stopped ${names[$i]} (pid ${pids[$i]})"
  done
  for name in "$@"; do rm -f "$PIDS/$name.pid"; done
}
