#!/usr/bin/env bash
# ensure-container.sh <name>: make sure keelson/<name>:dev is built from the current sources and
# has a working container for `buildah run`; print that container's name on stdout.
#
# Used by test/support/image-nginx.ts. Rebuilds (build.sh, which also makes missing stand-in
# bases) when the image is missing, its build context changed (label io.keelson.context-sha256)
# or its base stand-in was re-imported (label io.keelson.base-id). Holds the storage lock (lib.sh),
# so parallel test workers share one build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
  local name="${1:?usage: ensure-container.sh <image name under images/>}" ref dir id ctr
  require_root
  need buildah buildah
  need flock util-linux
  ref="keelson/$name:dev" dir="$KEELSON_REPO_ROOT/images/$name"
  [ -f "$dir/Dockerfile" ] || die "no Dockerfile at images/$name/Dockerfile"
  mkdir -p "$KEELSON_CACHE" "$KEELSON_STORAGE_ROOT" "$KEELSON_STORAGE_RUNROOT"
  storage_lock
  "$(dirname "${BASH_SOURCE[0]}")/make-base.sh" >&2
  if ! image_exists "$ref" ||
    [ "$(image_label "$ref" io.keelson.context-sha256)" != "$(context_sha256 "$dir")" ] ||
    [ "$(image_label "$ref" io.keelson.base-id)" != "$(base_id "$dir/Dockerfile")" ]; then
    "$(dirname "${BASH_SOURCE[0]}")/build.sh" "$name" >&2
  fi
  id="$(bh inspect --type image --format '{{.FromImageID}}' "$ref")"
  ctr="keelson-harness-$name-${id:0:12}"
  if ! bh inspect --type container "$ctr" >/dev/null 2>&1; then
    # Containers of older builds go, unless a running `buildah run` (another test) still uses one.
    for old in $(bh containers --noheading --format '{{.ContainerName}}' | grep "^keelson-harness-$name-" || true); do
      grep -qsF -- "$old" /proc/[0-9]*/cmdline || bh rm "$old" >/dev/null 2>&1 || true
    done
    bh from --pull=never --name "$ctr" "$ref" >/dev/null
  fi
  echo "$ctr"
}

main "$@"
