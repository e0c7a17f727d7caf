# shellcheck shell=bash
# The Pulumi part of test/e2e/run.sh (sourced by it; uses its ROOT, WORK, log and record).
#
# Against the local cluster (KUBECONFIG from scripts/tools/env.sh) and a local file backend:
#   pulumi stack select --create dev
#   pulumi config set keelson:buildImages false
#   pulumi up --yes --skip-preview                 (timed)
#   pulumi up --yes --expect-no-changes            (a second up must be a no-op)
#   pulumi destroy --yes, pulumi stack rm --yes
# Everything Pulumi writes (state, stack config) stays under the cluster state dir; nothing is written
# into the repo (the stack config goes to --config-file, not to ./Pulumi.dev.yaml).
#
# The same, by hand (from the repo root, after `. scripts/tools/env.sh` and scripts/cluster/up.sh):
#   export PULUMI_BACKEND_URL=file://$KEELSON_CLUSTER_DIR/pulumi-state PULUMI_CONFIG_PASSPHRASE=keelson-e2e
#   cfg=$KEELSON_CLUSTER_DIR/Pulumi.dev.yaml
#   pulumi stack select --create dev --non-interactive
#   pulumi config set --config-file "$cfg" keelson:buildImages false
#   pulumi up --config-file "$cfg" --yes --skip-preview --non-interactive
#   pulumi up --config-file "$cfg" --yes --expect-no-changes --non-interactive
#   pulumi destroy --config-file "$cfg" --yes --non-interactive && pulumi stack rm dev --yes

pulumi_step() {
  if [ ! -f "$ROOT/Pulumi.yaml" ]; then
    log "PULUMI STEP NOT RUN: $ROOT/Pulumi.yaml does not exist yet (see test/e2e/pulumi-step.sh for the commands)"
    if [ "${KEELSON_E2E_REQUIRE_PULUMI:-0}" = 1 ]; then record fail "pulumi" "Pulumi.yaml missing"; fi
    return 0
  fi
  local state="$KEELSON_CLUSTER_DIR/pulumi-state" cfg="$KEELSON_CLUSTER_DIR/Pulumi.dev.yaml" out="$WORK/pulumi.log"
  mkdir -p "$state"
  export PULUMI_BACKEND_URL="file://$state"
  export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE:-keelson-e2e}
  export PULUMI_SKIP_CONFIRMATIONS=true PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true
  local p=(pulumi --cwd "$ROOT" --non-interactive --color never)
  # pstep LABEL ARGS... -> runs one pulumi command, output to the log; records a failure and returns 1.
  pstep() {
    local label=$1; shift
    log "pulumi $label: pulumi $*"
    if ! "${p[@]}" "$@" >"$out" 2>&1; then
      sed 's/^/  pulumi: /' "$out" >&2
      record fail "pulumi $label" "$(grep -iE 'error' "$out" | head -5 | tr '\n' ' ' | head -c 400)"
      return 1
    fi
    sed 's/^/  pulumi: /' "$out" >&2
  }
  local t0 ok=1
  pstep "stack" stack select --create dev || return 0
  pstep "config" config set --config-file "$cfg" keelson:buildImages false || return 0
  t0=$(date +%s)
  if pstep "up" up --config-file "$cfg" --yes --skip-preview; then
    record pass "pulumi up" "$(($(date +%s) - t0)) s"
    log "pulumi up took $(($(date +%s) - t0)) s"
    t0=$(date +%s)
    if pstep "up --expect-no-changes" up --config-file "$cfg" --yes --expect-no-changes; then
      record pass "pulumi up --expect-no-changes" "$(($(date +%s) - t0)) s"
    else
      ok=0
    fi
  else
    ok=0
  fi
  t0=$(date +%s)
  if pstep "destroy" destroy --config-file "$cfg" --yes; then
    record pass "pulumi destroy" "$(($(date +%s) - t0)) s"
    "${p[@]}" stack rm dev --yes --force >/dev/null 2>&1 || true
  fi
  [ "$ok" = 1 ] || log "pulumi step failed (see the output above)"
}
