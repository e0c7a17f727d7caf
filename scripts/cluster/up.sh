#!/usr/bin/env bash
# Starts a local Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver (own CA, PodSecurity
# admission on as by default), kube-controller-manager, kube-scheduler and kwok driving fake Nodes
# (pods are scheduled and marked Running/Ready, no container ever runs).
#
#   scripts/cluster/up.sh      # idempotent: a healthy cluster is left alone; a partial one is restarted
#   scripts/cluster/down.sh    # stops everything and removes the state
#
# State (kubeconfig, PKI, logs, PID files): ${KEELSON_CLUSTER_DIR:-$HOME/.cache/keelson/cluster}
# Binaries: scripts/tools/build-all.sh (cached in ${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

t_start=$(date +%s)

for b in "$BIN_ETCD" "$BIN_APISERVER" "$BIN_KCM" "$BIN_SCHEDULER" "$BIN_KUBECTL" "$BIN_KWOK"; do
  [ -x "$b" ] || die "missing $b: build the tools first with scripts/tools/build-all.sh"
done
command -v openssl >/dev/null || die "openssl missing: apt-get install -y openssl"
command -v curl >/dev/null || die "curl missing: apt-get install -y curl"
command -v node >/dev/null || die "node missing (runs egress-refuser.mjs)"

healthy() {
  local c
  for c in "${COMPONENTS[@]}"; do pid_of "$c" >/dev/null || return 1; done
  [ "$(kc get --raw /readyz 2>/dev/null)" = ok ] || return 1
  kc wait --for=condition=Ready nodes --all --timeout=5s >/dev/null 2>&1
}

if healthy; then
  log "already up and healthy (state: $S); nothing to do"
  exit 0
fi
for c in "${COMPONENTS[@]}"; do
  if pid_of "$c" >/dev/null; then
    log "cluster is partially up or unhealthy: restarting it cleanly"
    "$CLUSTER_LIB_DIR/down.sh"
    break
  fi
done

remove_state_dir
mkdir -p "$PKI" "$LOGS" "$PIDS" "$S/etcd" "$S/flexvolume"
touch "$STATE_MARK"
chmod 700 "$S/etcd" "$PKI"

# ---- PKI ---------------------------------------------------------------------------------------
gen_pki() {
  local ext=$PKI/ext.cnf
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=keelson-e2e-ca" \
    -keyout "$PKI/ca.key" -out "$PKI/ca.crt" 2>/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=keelson-e2e-front-proxy-ca" \
    -keyout "$PKI/front-proxy-ca.key" -out "$PKI/front-proxy-ca.crt" 2>/dev/null
  # sign NAME CA SUBJECT EXTENSIONS
  sign() {
    printf '%s\n' "$4" >"$ext"
    openssl req -newkey rsa:2048 -nodes -subj "$3" -keyout "$PKI/$1.key" -out "$PKI/$1.csr" 2>/dev/null
    openssl x509 -req -in "$PKI/$1.csr" -CA "$PKI/$2.crt" -CAkey "$PKI/$2.key" -CAcreateserial \
      -days 3650 -extfile "$ext" -out "$PKI/$1.crt" 2>/dev/null
    rm -f "$PKI/$1.csr"
  }
  sign apiserver ca "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.96.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  sign admin ca "/O=system:masters/CN=keelson-admin" "basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
  sign front-proxy-client front-proxy-ca "/CN=front-proxy-client" "basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
  openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  rm -f "$ext"
}
gen_pki
log "PKI written to $PKI"

"$BIN_KUBECTL" config --kubeconfig="$KUBECONFIG_FILE" set-cluster keelson \
  --server="https://127.0.0.1:$APISERVER_PORT" --certificate-authority="$PKI/ca.crt" --embed-certs=true >/dev/null
"$BIN_KUBECTL" config --kubeconfig="$KUBECONFIG_FILE" set-credentials keelson-admin \
  --client-certificate="$PKI/admin.crt" --client-key="$PKI/admin.key" --embed-certs=true >/dev/null
"$BIN_KUBECTL" config --kubeconfig="$KUBECONFIG_FILE" set-context keelson --cluster=keelson \
  --user=keelson-admin >/dev/null
"$BIN_KUBECTL" config --kubeconfig="$KUBECONFIG_FILE" use-context keelson >/dev/null
chmod 600 "$KUBECONFIG_FILE"

cat >"$S/egress-selector.yaml" <<EOF
apiVersion: apiserver.k8s.io/v1beta1
kind: EgressSelectorConfiguration
egressSelections:
  - name: cluster
    connection:
      proxyProtocol: HTTPConnect
      transport:
        uds:
          udsName: $EGRESS_SOCK
EOF

# ---- processes ---------------------------------------------------------------------------------
# start NAME CMD... -> runs CMD in its own session, logs to logs/NAME.log, PID in pids/NAME.pid.
start() {
  local name=$1; shift
  # shellcheck disable=SC2016
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$PIDS/$name.pid" "$@" \
    >"$LOGS/$name.log" 2>&1 </dev/null &
  local i
  for i in $(seq 1 50); do [ -s "$PIDS/$name.pid" ] && break; sleep 0.1; done
  log "started $name (pid $(cat "$PIDS/$name.pid"), log $LOGS/$name.log)"
}

# wait_for NAME SECONDS CMD... -> polls CMD until it succeeds; on timeout shows the log and fails.
wait_for() {
  local name=$1 secs=$2 t0; shift 2
  t0=$(date +%s)
  until "$@" >/dev/null 2>&1; do
    if ! pid_of "$name" >/dev/null; then
      tail -n 40 "$LOGS/$name.log" >&2 || true
      die "$name exited during startup (log above: $LOGS/$name.log)"
    fi
    if [ $(($(date +%s) - t0)) -ge "$secs" ]; then
      tail -n 40 "$LOGS/$name.log" >&2 || true
      die "$name not ready after $secs s (log above: $LOGS/$name.log)"
    fi
    sleep 0.5
  done
  log "$name ready after $(($(date +%s) - t0)) s"
}

start egress-refuser node "$CLUSTER_LIB_DIR/egress-refuser.mjs" "$EGRESS_SOCK"
wait_for egress-refuser 10 test -S "$EGRESS_SOCK"

start etcd "$BIN_ETCD" --name keelson --data-dir "$S/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "keelson=http://127.0.0.1:$ETCD_PEER_PORT" \
  --unsafe-no-fsync --quota-backend-bytes=2147483648 --log-level=warn
etcd_healthy() { curl -fsS "http://127.0.0.1:$ETCD_CLIENT_PORT/health" | grep -q '"health":"true"'; }
wait_for etcd 30 etcd_healthy

start kube-apiserver "$BIN_APISERVER" \
  --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$APISERVER_PORT" \
  --cert-dir="$PKI" --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" \
  --authorization-mode=Node,RBAC --allow-privileged=true \
  --enable-admission-plugins=NodeRestriction \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
  --service-cluster-ip-range="$SERVICE_CIDR" \
  --endpoint-reconciler-type=none \
  --egress-selector-config-file="$S/egress-selector.yaml" \
  --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" \
  --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --proxy-client-cert-file="$PKI/front-proxy-client.crt" --proxy-client-key-file="$PKI/front-proxy-client.key" \
  --profiling=false
apiserver_ready() { [ "$(kc get --raw /readyz 2>/dev/null)" = ok ]; }
wait_for kube-apiserver 120 apiserver_ready

start kube-controller-manager "$BIN_KCM" \
  --kubeconfig="$KUBECONFIG_FILE" \
  --authentication-kubeconfig="$KUBECONFIG_FILE" --authorization-kubeconfig="$KUBECONFIG_FILE" \
  --leader-elect=false --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --cert-dir="$S/kcm-certs" \
  --cluster-name=keelson --root-ca-file="$PKI/ca.crt" \
  --service-account-private-key-file="$PKI/sa.key" --use-service-account-credentials=true \
  --flex-volume-plugin-dir="$S/flexvolume" --profiling=false
start kube-scheduler "$BIN_SCHEDULER" \
  --kubeconfig="$KUBECONFIG_FILE" \
  --authentication-kubeconfig="$KUBECONFIG_FILE" --authorization-kubeconfig="$KUBECONFIG_FILE" \
  --leader-elect=false --bind-address=127.0.0.1 --secure-port="$SCHEDULER_PORT" --cert-dir="$S/scheduler-certs"
kcm_healthy() { curl -fsSk "https://127.0.0.1:$KCM_PORT/healthz" | grep -qx ok; }
scheduler_healthy() { curl -fsSk "https://127.0.0.1:$SCHEDULER_PORT/healthz" | grep -qx ok; }
wait_for kube-controller-manager 60 kcm_healthy
wait_for kube-scheduler 60 scheduler_healthy

# kwok: Stages from the kwok module (node initialize + lease heartbeat, pod ready/complete/delete,
# PVC provision + PV bind/delete).
stage_args=()
for f in "$KWOK_STAGES"/*.yaml; do stage_args+=(--config="$f"); done
[ ${#stage_args[@]} -gt 0 ] || die "no kwok stages in $KWOK_STAGES: rebuild with scripts/tools/build-kwok.sh"
start kwok "$BIN_KWOK" "${stage_args[@]}" \
  --kubeconfig="$KUBECONFIG_FILE" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --node-lease-duration-seconds=40 \
  --cidr="$POD_CIDR" --node-ip=10.0.0.1 \
  --server-address="127.0.0.1:$KWOK_PORT"
kwok_healthy() { curl -fsS "http://127.0.0.1:$KWOK_PORT/healthz" >/dev/null; }
wait_for kwok 30 kwok_healthy

# Default StorageClass "kwok-volume": the kwok volume stages provision and bind its PVCs (no real disk).
kc apply -f "$KEELSON_TOOLS/kwok-$KWOK_VERSION/manifests/storage-class.yaml" >/dev/null

# ---- fake nodes --------------------------------------------------------------------------------
zones=(zone-a zone-b zone-c)
for i in $(seq 1 "$NODE_COUNT"); do
  n="kwok-node-$i"; z=${zones[$(((i - 1) % 3))]}
  kc apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $n
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: $n
    node.kubernetes.io/instance-type: kwok-8cpu-32gi
    topology.kubernetes.io/region: local
    topology.kubernetes.io/zone: $z
    type: kwok
EOF
  kc patch node "$n" --subresource=status --type=merge -p '{"status":{
    "capacity":{"cpu":"8","memory":"32Gi","pods":"110","ephemeral-storage":"100Gi"},
    "allocatable":{"cpu":"8","memory":"32Gi","pods":"110","ephemeral-storage":"100Gi"},
    "nodeInfo":{"architecture":"amd64","operatingSystem":"linux","kubeletVersion":"kwok-v'"$KWOK_VERSION"'"}}}' >/dev/null
done
log "created $NODE_COUNT fake nodes"
nodes_ready() { kc wait --for=condition=Ready nodes --all --timeout=2s; }
wait_for kwok 60 nodes_ready
default_sa() { kc -n default get serviceaccount default; }
wait_for kube-controller-manager 60 default_sa

kc get nodes -L topology.kubernetes.io/zone >&2
log "cluster up in $(($(date +%s) - t_start)) s; export KUBECONFIG=$KUBECONFIG_FILE"
