#!/usr/bin/env bash
# End-to-end bench: real kube-apiserver + controllers + kwok fake nodes, on loopback.
#
#   test/e2e/run.sh                 # build tools if missing, cluster up, check every profile, pulumi, down
#   test/e2e/run.sh --self-test     # also prove that the checks catch bad manifests (see fixtures/)
#   test/e2e/run.sh --keep-cluster  # leave the cluster running afterwards (default: stop it if this run
#                                   # started it)
#   test/e2e/run.sh --no-pulumi     # skip the Pulumi step
#   test/e2e/run.sh DIR...          # check these dirs instead of charts-out/dev charts-out/prod
#
# Per profile dir (a kustomization of *.k8s.yaml files, or plain YAML files):
#   1. kubectl apply --server-side --field-manager=keelson-e2e --validate=strict: every object accepted,
#      nothing on stderr (any "Warning:" line, e.g. PodSecurity warn or a deprecated API, is a failure);
#   2. every Deployment/StatefulSet/DaemonSet Ready within KEELSON_E2E_READY_TIMEOUT seconds (kwok marks
#      scheduled pods Running/Ready); a pod rejected by PodSecurity admission fails at once, with its event;
#   3. APIService v1beta1.metrics.k8s.io, if the profile has it, is registered (never Available here);
#   4. delete everything again (waits), so profiles do not see each other's objects.
# Then the Pulumi step (test/e2e/pulumi-step.sh): pulumi up, a second pulumi up --expect-no-changes,
# pulumi destroy, against a local file backend, for the smoke program test/e2e/fixtures/pulumi-smoke and
# for the platform (Pulumi.yaml at the repo root, stack dev, keelson:buildImages=false).
#
# A missing charts-out/<profile> or Pulumi.yaml (both committed) is a failure, not a skip.
# Env: KEELSON_E2E_READY_TIMEOUT (s, default 180), KEELSON_E2E_SKIP_BUILD=1, PULUMI_CONFIG_PASSPHRASE
# (default keelson-e2e), KEELSON_TOOLS, KEELSON_CLUSTER_DIR.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E=$ROOT/test/e2e
# shellcheck source=../../scripts/tools/env.sh
. "$ROOT/scripts/tools/env.sh"
KUBECTL="$KEELSON_TOOLS/kubernetes-$KUBERNETES_VERSION/bin/kubectl"
READY_TIMEOUT=${KEELSON_E2E_READY_TIMEOUT:-180}

log() { printf '%s [e2e] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
kc() { "$KUBECTL" --kubeconfig="$KUBECONFIG" "$@"; }
json() { node "$E2E/lib/k8s-json.mjs" "$@"; }

self_test=0 keep_cluster=0 run_pulumi=1 dirs=()
for a in "$@"; do
  case "$a" in
    --self-test) self_test=1 ;;
    --keep-cluster) keep_cluster=1 ;;
    --no-pulumi) run_pulumi=0 ;;
    -h | --help) sed -n '2,30p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) log "unknown option $a"; exit 2 ;;
    *) dirs+=("$a") ;;
  esac
done

T0=$(date +%s)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/keelson-e2e.XXXXXX")
# Why the current profile failed, one reason per line (emptied by check_dir for each profile).
REASONS=$WORK/reasons
passed=0 failed=0 results=()
record() { # record pass|fail NAME DETAIL
  if [ "$1" = pass ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  results+=("$(printf '%-4s %-44s %s' "$1" "$2" "$3")")
}

# ---- tools and cluster -----------------------------------------------------------------------------
if [ "${KEELSON_E2E_SKIP_BUILD:-0}" != 1 ]; then
  bash "$ROOT/scripts/tools/build-all.sh" --e2e
fi
started_cluster=0
if ! bash "$ROOT/scripts/cluster/status.sh" >/dev/null 2>&1; then started_cluster=1; fi
t=$(date +%s)
bash "$ROOT/scripts/cluster/up.sh"
log "cluster ready in $(($(date +%s) - t)) s"
cleanup() {
  rm -rf "$WORK"
  if [ "$started_cluster" = 1 ] && [ "$keep_cluster" = 0 ]; then bash "$ROOT/scripts/cluster/down.sh" || true; fi
}
trap cleanup EXIT

# ---- one profile -----------------------------------------------------------------------------------
# Each step appends its failures to $REASONS and returns non-zero when there are any.

# src_flag DIR -> -k for a kustomization dir, else -f (plain YAML files).
src_flag() { if [ -f "$1/kustomization.yaml" ]; then echo -k; else echo -f; fi; }

# 1. apply_checks DIR: accepted, silent, every object applied.
apply_checks() {
  local dir=$1 want rc=0 src
  src=("$(src_flag "$dir")" "$dir")
  if [ "${src[0]}" = -k ]; then
    want=$(kc kustomize "$dir" | grep -c '^kind:' || true)
  else
    want=$(cat "$dir"/*.yaml | grep -c '^kind:' || true)
  fi
  kc apply --server-side --field-manager=keelson-e2e --validate=strict "${src[@]}" \
    >"$WORK/apply.out" 2>"$WORK/apply.err" || rc=$?
  sed 's/^/  apply: /' "$WORK/apply.out" >&2
  sed 's/^/  apply stderr: /' "$WORK/apply.err" >&2
  [ "$rc" = 0 ] || echo "kubectl apply exited $rc: $(grep -v '^Warning:' "$WORK/apply.err" | head -c 2000)" >>"$REASONS"
  # Strict field validation: client-side apply says "unknown field", server-side apply says "field not
  # declared in schema"; both are rejections (rc != 0) and reported as unknown fields.
  if grep -q 'unknown field\|field not declared in schema' "$WORK/apply.err"; then
    echo "unknown field: $(grep 'unknown field\|field not declared in schema' "$WORK/apply.err" | head -c 2000)" >>"$REASONS"
  fi
  if grep -q '^Warning:' "$WORK/apply.err" && [ "${allow_warnings:-0}" != 1 ]; then
    echo "apply printed warnings: $(grep '^Warning:' "$WORK/apply.err" | head -c 2000)" >>"$REASONS"
  fi
  # Any other stderr line fails too, except kubectl's discovery complaint about an aggregated API
  # that this profile registers and that cannot be Available here (no real metrics-server).
  local other
  other=$(grep -v '^Warning:\|unknown field\|field not declared in schema' "$WORK/apply.err" |
    grep -v "couldn't get resource list for metrics.k8s.io/v1beta1" || true)
  [ "$rc" != 0 ] || [ -z "$other" ] || echo "apply printed to stderr: $other" >>"$REASONS"
  local applied
  applied=$(grep -c 'serverside-applied' "$WORK/apply.out" || true)
  [ "$applied" = "$want" ] || echo "applied $applied of $want objects" >>"$REASONS"
  [ ! -s "$REASONS" ]
}

# 2. the workloads listed in $WORK/objects Ready; PodSecurity rejections fail at once.
ready_checks() {
  local namespaces workloads t0 notready psa ns
  namespaces=$(awk -F'\t' '$2 != "-" {print $2} $1 == "Namespace" {print $3}' "$WORK/objects" | sort -u)
  awk -F'\t' '$1 ~ /^(Deployment|StatefulSet|DaemonSet)$/' "$WORK/objects" >"$WORK/workloads"
  workloads=$(cat "$WORK/workloads")
  t0=$(date +%s)
  if [ -n "$workloads" ]; then
    log "waiting up to $READY_TIMEOUT s for $(wc -l <<<"$workloads") workload(s) to become Ready"
    while :; do
      notready=$(kc get deployments.apps,statefulsets.apps,daemonsets.apps -A -o json 2>/dev/null |
        json notready "$WORK/workloads" || echo "could not list workloads")
      psa=""
      for ns in $namespaces; do
        psa+=$(kc get events -n "$ns" --field-selector reason=FailedCreate -o json 2>/dev/null | json psa || true)
      done
      if [ -n "$psa" ]; then echo "pods rejected by PodSecurity admission: $psa" >>"$REASONS"; break; fi
      [ -n "$notready" ] || break
      if [ $(($(date +%s) - t0)) -ge "$READY_TIMEOUT" ]; then
        echo "not Ready after $READY_TIMEOUT s: $notready" >>"$REASONS"
        kc get pods -A -o wide 2>/dev/null | head -50 >&2 || true
        break
      fi
      sleep 2
    done
    [ -s "$REASONS" ] || log "all workloads Ready after $(($(date +%s) - t0)) s"
  fi
  [ ! -s "$REASONS" ]
}

# 3. metrics APIService registered (not Available: nothing serves it).
apiservice_check() {
  if grep -q $'^APIService\t-\tv1beta1.metrics.k8s.io$' "$WORK/objects"; then
    local as
    as=$(kc get apiservice v1beta1.metrics.k8s.io -o json 2>/dev/null | json apiservice) ||
      echo "APIService v1beta1.metrics.k8s.io not registered" >>"$REASONS"
    [ -z "${as:-}" ] || log "registered: $as"
  fi
}

# check_dir DIR -> 0 when every check passes; the reasons of a failure are in $REASONS.
check_dir() {
  local dir=$1
  : >"$REASONS"
  apply_checks "$dir" || return 1
  # Everything the profile declares exists now.
  kc get "$(src_flag "$dir")" "$dir" -o json 2>"$WORK/get.err" | json objects >"$WORK/objects" ||
    { echo "kubectl get after apply failed: $(head -c 2000 "$WORK/get.err")" >>"$REASONS"; return 1; }
  ready_checks || return 1
  apiservice_check
  [ ! -s "$REASONS" ]
}

# delete_dir DIR -> removes the dir's objects and waits for them (namespaces included) to be gone.
delete_dir() {
  local dir=$1
  kc delete "$(src_flag "$dir")" "$dir" --ignore-not-found --wait=true --timeout=180s >/dev/null 2>"$WORK/delete.err" ||
    { log "delete of $dir failed: $(head -c 1000 "$WORK/delete.err")"; return 1; }
}

# run_profile LABEL DIR -> the normal, must-pass check.
run_profile() {
  local label=$1 dir=$2 t0 secs
  log "=== $label ($dir)"
  t0=$(date +%s)
  if check_dir "$dir"; then
    secs=$(($(date +%s) - t0))
    record pass "$label" "apply+ready ${secs} s"
    log "PASS $label: apply+ready in $secs s"
  else
    secs=$(($(date +%s) - t0))
    record fail "$label" "$(tr '\n' ' ' <"$REASONS" | head -c 400)"
    log "FAIL $label after $secs s:"; sed 's/^/  /' "$REASONS" >&2
  fi
  delete_dir "$dir" || record fail "$label (cleanup)" "kubectl delete failed"
}

# expect_failure LABEL DIR PATTERN [allow-warnings] -> the self-test: the check must fail, for the
# expected reason. With allow-warnings the apply-warning check is switched off, to prove that the next
# layer (pods rejected at creation) catches the problem on its own.
expect_failure() {
  local label=$1 dir=$2 pattern=$3 allow_warnings=0
  [ "${4:-}" != allow-warnings ] || allow_warnings=1
  log "=== self-test $label ($dir): must fail matching /$pattern/"
  if check_dir "$dir"; then
    record fail "self-test $label" "check passed but must fail"
  elif grep -Eq "$pattern" "$REASONS"; then
    record pass "self-test $label" "failed as expected: $(head -c 160 "$REASONS" | tr '\n' ' ')"
  else
    record fail "self-test $label" "failed for another reason: $(head -c 300 "$REASONS" | tr '\n' ' ')"
  fi
  delete_dir "$dir" || record fail "self-test $label (cleanup)" "kubectl delete failed"
}

# ---- profiles --------------------------------------------------------------------------------------
if [ ${#dirs[@]} -eq 0 ]; then
  for p in dev prod; do
    # charts-out/ is committed: a missing profile is a failure, never a silent skip.
    if [ -d "$ROOT/charts-out/$p" ]; then
      dirs+=("$ROOT/charts-out/$p")
    else
      record fail "profile $p" "charts-out/$p missing (run npm run synth)"
    fi
  done
fi
if [ "$self_test" = 1 ]; then
  # Positive control first: the fixture that exercises every check must pass.
  run_profile "fixture good" "$E2E/fixtures/good"
  expect_failure "unknown field" "$E2E/fixtures/bad-unknown-field" '^unknown field: .*resource'
  expect_failure "PodSecurity pod" "$E2E/fixtures/bad-pod-security" 'forbidden: violates PodSecurity'
  expect_failure "PodSecurity deployment, warning" "$E2E/fixtures/bad-pod-security-deployment" \
    '^apply printed warnings: Warning: would violate PodSecurity'
  expect_failure "PodSecurity deployment, pods" "$E2E/fixtures/bad-pod-security-deployment" \
    '^pods rejected by PodSecurity admission' allow-warnings
  expect_failure "warning" "$E2E/fixtures/bad-warning" '^apply printed warnings: Warning:'
fi
for d in "${dirs[@]}"; do
  run_profile "profile ${d#"$ROOT"/}" "$d"
done

# ---- Pulumi ----------------------------------------------------------------------------------------
if [ "$run_pulumi" = 1 ]; then
  # shellcheck source=pulumi-step.sh
  . "$E2E/pulumi-step.sh"
  pulumi_step
fi

# ---- summary ---------------------------------------------------------------------------------------
log "results:"
for r in "${results[@]}"; do log "  $r"; done
log "e2e total $(($(date +%s) - T0)) s"
echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
