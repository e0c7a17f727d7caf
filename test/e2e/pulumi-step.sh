# shellcheck shell=bash
# The Pulumi part of test/e2e/run.sh (sourced by it; uses its ROOT, E2E, WORK, log and record).
#
# For a Pulumi project, against the local cluster (KUBECONFIG from scripts/tools/env.sh) and a local
# file backend under the cluster state dir:
#   pulumi stack select --create <stack>; pulumi config set ...
#   pulumi up --yes --skip-preview                 (timed)
#   pulumi up --yes --expect-no-changes            (a second up must be a no-op)
#   pulumi destroy --yes; pulumi stack rm --yes
# Two projects:
#   1. smoke: test/e2e/fixtures/pulumi-smoke (a Namespace, a Deployment, a Service), always; it proves
#      the offline toolchain (CLI, language host, Kubernetes provider, npm SDKs) works end to end;
#   2. the platform: Pulumi.yaml at the repo root (program infra/deploy/index.ts), stack dev, config
#      keelson:buildImages=false (a missing Pulumi.yaml is a failure).
# Each runs in a copy of the project under the e2e temp dir (with a node_modules link to the repo's),
# so nothing (Pulumi.<stack>.yaml with the secrets salt, state) is written into the repo.
#
# The platform program asks for every missing Secret value (keelson:secrets.<name>.<key>) by printing the
# `pulumi config set --secret --path ...` command; the runner sets an e2e-only random value for each one
# it names and runs `pulumi up` once more.
#
# The same for the platform, by hand (after `. scripts/tools/env.sh` and `bash scripts/cluster/up.sh`):
#   export PULUMI_BACKEND_URL=file://$KEELSON_CLUSTER_DIR/pulumi-state PULUMI_CONFIG_PASSPHRASE=keelson-e2e
#   mkdir -p "$KEELSON_CLUSTER_DIR/pulumi-state"
#   pulumi stack select --create dev --non-interactive
#   pulumi config set keelson:buildImages false
#   pulumi config set --secret --path 'keelson:secrets.grafana-admin.admin-user' admin      # as asked for
#   pulumi config set --secret --path 'keelson:secrets.grafana-admin.admin-password' e2e-only
#   pulumi up --yes --skip-preview --non-interactive
#   pulumi up --yes --expect-no-changes --non-interactive
#   pulumi destroy --yes --non-interactive && pulumi stack rm dev --yes
# (this writes Pulumi.dev.yaml next to Pulumi.yaml; the runner avoids that by working on a copy).

# pulumi_project LABEL SRC_DIR STACK [KEY=VALUE...] -> the up/up/destroy cycle on a copy of SRC_DIR.
pulumi_project() {
  local label=$1 src=$2 stack=$3; shift 3
  local dir="$WORK/pulumi-$stack" out="$WORK/pulumi-$stack.log" kv
  local state="$KEELSON_CLUSTER_DIR/pulumi-state"
  rm -rf "$dir" && mkdir -p "$dir" "$state"
  # The project without its node_modules, .git or generated output; then the repo's node_modules.
  tar -C "$src" --exclude=./node_modules --exclude=./.git --exclude=./.tmp --exclude='./.pulumi*' \
    --exclude='./Pulumi.*.yaml' -cf - . | tar -C "$dir" -xf -
  ln -s "$ROOT/node_modules" "$dir/node_modules"
  # The committed example Pulumi.<stack>.yaml, never a developer's local one (its secure: values belong to
  # another passphrase), minus any secrets salt/key.
  if git -C "$src" cat-file -e "HEAD:./Pulumi.$stack.yaml" 2>/dev/null; then
    git -C "$src" show "HEAD:./Pulumi.$stack.yaml" >"$dir/Pulumi.$stack.yaml"
    sed -i '/^encryptionsalt:/d; /^encryptedkey:/d; /^secretsprovider:/d' "$dir/Pulumi.$stack.yaml"
  fi
  export PULUMI_BACKEND_URL="file://$state"
  export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE:-keelson-e2e}
  export PULUMI_SKIP_CONFIRMATIONS=true PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true
  local p=(pulumi --cwd "$dir" --non-interactive --color never)
  # pstep NAME ARGS... -> one pulumi command, output to the log; a failure is recorded, returns 1.
  # It logs "pulumi ARGS", or "pulumi $SHOWN" when SHOWN is set: a command carrying a secret value sets it.
  pstep() {
    local name=$1; shift
    log "$label: pulumi ${SHOWN:-$*}"
    if ! "${p[@]}" "$@" >"$out" 2>&1; then
      sed 's/^/  pulumi: /' "$out" >&2
      record fail "$label $name" "$(grep -iE 'error' "$out" | head -5 | tr '\n' ' ' | head -c 400)"
      return 1
    fi
    sed 's/^/  pulumi: /' "$out" >&2
  }
  local t0 up_ok=0
  pstep "stack" stack select --create "$stack" || return 0
  for kv in "$@"; do pstep "config" config set --stack "$stack" "${kv%%=*}" "${kv#*=}" || return 0; done
  t0=$(date +%s)
  local up_rc=0 missing
  log "$label: pulumi up --stack $stack --yes --skip-preview"
  "${p[@]}" up --stack "$stack" --yes --skip-preview >"$out" 2>&1 || up_rc=$?
  # The platform program names every Secret value it needs and is missing, as a `pulumi config set
  # --secret --path 'keelson:secrets.<name>.<key>' <value>` command: give each an e2e-only value, retry once.
  missing=$(grep -o "pulumi config set --secret --path 'keelson:secrets\.[A-Za-z0-9._-]*'" "$out" | sort -u |
    sed "s/.*--path '\(.*\)'/\1/" || true)
  if [ "$up_rc" != 0 ] && [ -n "$missing" ]; then
    log "$label: setting e2e-only values for the stack secrets the program asks for: $(tr '\n' ' ' <<<"$missing")"
    for kv in $missing; do
      SHOWN="config set --secret --path $kv <e2e-only value>" \
        pstep "secret" config set --stack "$stack" --secret --path "$kv" "e2e-only-$RANDOM$RANDOM" || return 0
    done
    t0=$(date +%s) up_rc=0
    log "$label: pulumi up --stack $stack --yes --skip-preview (again)"
    "${p[@]}" up --stack "$stack" --yes --skip-preview >"$out" 2>&1 || up_rc=$?
  fi
  sed 's/^/  pulumi: /' "$out" >&2
  if [ "$up_rc" != 0 ]; then
    record fail "$label up" "$(grep -iE 'error' "$out" | head -5 | tr '\n' ' ' | head -c 400)"
  else
    record pass "$label up" "$(($(date +%s) - t0)) s"
    log "$label: pulumi up took $(($(date +%s) - t0)) s"
    grep -oE 'warning: .*' "$out" | sort | uniq -c | sed 's/^/  pulumi warnings (count, text): /' >&2 || true
    up_ok=1
    t0=$(date +%s)
    pstep "up --expect-no-changes" up --stack "$stack" --yes --expect-no-changes &&
      record pass "$label up --expect-no-changes" "$(($(date +%s) - t0)) s"
  fi
  t0=$(date +%s)
  if pstep "destroy" destroy --stack "$stack" --yes; then
    [ "$up_ok" = 0 ] || record pass "$label destroy" "$(($(date +%s) - t0)) s"
    "${p[@]}" stack rm "$stack" --yes --force >/dev/null 2>&1 || true
  fi
}

pulumi_step() {
  if ! command -v pulumi >/dev/null || [ ! -x "$PULUMI_HOME/plugins/resource-kubernetes-v$PULUMI_KUBERNETES_VERSION/pulumi-resource-kubernetes" ]; then
    record fail "pulumi" "pulumi or its kubernetes plugin missing: run bash scripts/tools/build-all.sh"
    return 0
  fi
  pulumi_project "pulumi smoke" "$E2E/fixtures/pulumi-smoke" smoke
  if [ -f "$ROOT/Pulumi.yaml" ]; then
    pulumi_project "pulumi platform" "$ROOT" dev keelson:buildImages=false
  else
    record fail "pulumi platform" "$ROOT/Pulumi.yaml missing (it is committed: restore it)"
  fi
}
