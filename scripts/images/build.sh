#!/usr/bin/env bash
# build.sh: build images/<name>/Dockerfile as keelson/<name>:dev with buildah, then check each.
#
# Usage: scripts/images/build.sh [--check-only] [name...]   (default: every images/*/Dockerfile)
#   --check-only                        skip the builds, check the images already tagged
#   KEELSON_IMAGE_TAG=dev               tag to build and check: keelson/<name>:<tag>
#   KEELSON_EDGE_CONF=/path/nginx.conf  also `nginx -t` this file in the edge-nginx image,
#                                       mounted where the ConfigMap goes (/etc/nginx/nginx.conf)
# Base images are the local stand-ins made by make-base.sh (run first, reused when cached);
# nothing is pulled. Storage: $KEELSON_CACHE/containers (see lib.sh).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

image_ref() { echo "keelson/$1:${KEELSON_IMAGE_TAG:-dev}"; }

build_one() {
  local name="$1" dir="$KEELSON_REPO_ROOT/images/$1" t0 hash base ref
  [ -f "$dir/Dockerfile" ] || die "no Dockerfile at images/$name/Dockerfile"
  ref="$(image_ref "$name")"
  hash="$(context_sha256 "$dir")"
  base="$(base_id "$dir/Dockerfile")"
  t0="$(now_s)"
  log "building $ref (context sha256 $hash)"
  bh bud --isolation chroot --pull=never --format docker --layers=false \
    --identity-label=false --timestamp 0 \
    --label "io.keelson.context-sha256=$hash" --label "io.keelson.base-id=$base" \
    -t "$ref" -f "$dir/Dockerfile" "$dir" >"$KEELSON_CACHE/build-$name.log" 2>&1 ||
    { tail -n 40 "$KEELSON_CACHE/build-$name.log" >&2; die "build of $ref failed (log: $KEELSON_CACHE/build-$name.log)"; }
  log "TIMING build $ref: $(elapsed "$t0") s"
  echo "IMAGE $ref id=$(bh inspect --type image --format '{{.FromImageID}}' "$ref")" \
    "digest=$(bh inspect --type image --format '{{.FromImageDigest}}' "$ref")"
}

# with_container <image> <fn> [args...]: run fn with $CTR set to a fresh working container.
with_container() {
  local image="$1" fn="$2" rc=0
  shift 2
  CTR="$(bh from --pull=never --name "keelson-check-$$-${image//[^a-z0-9]/-}" "$image")" ||
    { log "image $image not found: build it first"; return 1; }
  "$fn" "$@" || rc=$?
  bh rm "$CTR" >/dev/null
  return "$rc"
}

# run_in [buildah run options] <container> -- <cmd...>: as the image's USER, host network.
run_in() { bh run --isolation chroot --network host "$@"; }

# run_out [buildah run options] -- <cmd...>: run in $CTR as the image's USER and print the command's
# stdout+stderr, which go through a file owned by uid 101: like runc (which hands a container pipes
# owned by its user) this lets nginx reopen /dev/stdout and /dev/stderr, and it does not depend on
# buildah relaying the output (under load it has returned an empty stdout with exit status 0).
# Check functions run where `set -e` is ignored: every step ends in `|| return 1`.
run_out() {
  local opts=() work rc=0
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  work="$(mktemp -d)" && chown 101:101 "$work"
  run_in "${opts[@]}" -v "$work:/keelson-check" "$CTR" -- \
    /bin/sh -c 'exec "$@" >/keelson-check/out 2>&1' sh "$@" >/dev/null 2>&1 || rc=$?
  cat "$work/out" 2>/dev/null || echo "(no output: buildah run exited $rc)"
  rm -rf "$work"
  return "$rc"
}

# run_logged: run_out with the output on stderr (the build log).
run_logged() { run_out "$@" >&2; }

check_edge_conf() {
  local conf="$1" work rc=0
  work="$(mktemp -d)"
  cp "$conf" "$work/nginx.conf" && chmod 0644 "$work/nginx.conf" && chmod 0755 "$work"
  run_logged -v "$work/nginx.conf:/etc/nginx/nginx.conf:ro" -- \
    /usr/sbin/nginx -t -e stderr -c /etc/nginx/nginx.conf || rc=$?
  rm -rf "$work"
  return "$rc"
}

check_user_and_probe() {
  local uid
  uid="$(run_out -- id -u)" || return 1
  [ "$uid" = "101" ] || { log "$1 runs as uid '$uid', not 101"; return 1; }
  run_out -- curl --version >/dev/null || { log "$1: HEALTHCHECK needs curl"; return 1; }
}

check_edge() {
  log "check edge-nginx: nginx -v, uid, curl, nginx -t on a config mounted at /etc/nginx/nginx.conf"
  run_logged -- /usr/sbin/nginx -v || return 1
  check_user_and_probe edge-nginx || return 1
  check_edge_conf "$KEELSON_REPO_ROOT/images/edge-nginx/nginx.conf" || return 1
  if [ -n "${KEELSON_EDGE_CONF:-}" ]; then check_edge_conf "$KEELSON_EDGE_CONF" || return 1; fi
}

check_demo() {
  log "check demo-backend: nginx -v, uid, curl, nginx -t on the baked echo config"
  run_logged -- /usr/sbin/nginx -v || return 1
  check_user_and_probe demo-backend || return 1
  run_logged -- /usr/sbin/nginx -t -e stderr || return 1
}

check_one() {
  local name="$1" t0
  t0="$(now_s)"
  case "$name" in
    edge-nginx) with_container "$(image_ref "$name")" check_edge || die "CHECK $name failed" ;;
    demo-backend) with_container "$(image_ref "$name")" check_demo || die "CHECK $name failed" ;;
    *) die "no check defined for image '$name' (add one to scripts/images/build.sh)" ;;
  esac
  log "CHECK $name ok ($(elapsed "$t0") s)"
}

main() {
  require_root
  need buildah buildah
  local names=() name t0 check_only=0
  [ "${1:-}" = "--check-only" ] && { check_only=1; shift; }
  names=("$@")
  if [ "${#names[@]}" -eq 0 ]; then
    for d in "$KEELSON_REPO_ROOT"/images/*/Dockerfile; do names+=("$(basename "$(dirname "$d")")"); done
  fi
  storage_lock
  t0="$(now_s)"
  if [ "$check_only" -eq 0 ]; then
    "$(dirname "${BASH_SOURCE[0]}")/make-base.sh" >&2
    for name in "${names[@]}"; do build_one "$name"; done
    bh rmi --prune >/dev/null 2>&1 || true # drop images the new tags replaced (vfs: full copies)
  fi
  for name in "${names[@]}"; do check_one "$name"; done
  log "TIMING build.sh total: $(elapsed "$t0") s"
}

main "$@"
