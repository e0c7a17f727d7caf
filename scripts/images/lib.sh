# shellcheck shell=bash
# Shared settings for scripts/images/*.sh. Source it; do not run it.
#
# Everything these scripts create lives OUTSIDE the repository, under
#   KEELSON_CACHE (default: $HOME/.cache/keelson)
#     bases/        cached stand-in root filesystems (tar) made by make-base.sh
#     containers/   buildah storage (vfs driver): storage/ and run/
# test/support/image-nginx.ts uses the same locations; keep both in sync.

set -Eeuo pipefail

KEELSON_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KEELSON_CACHE="${KEELSON_CACHE:-${HOME:-/root}/.cache/keelson}"
KEELSON_STORAGE_ROOT="${KEELSON_STORAGE_ROOT:-$KEELSON_CACHE/containers/storage}"
KEELSON_STORAGE_RUNROOT="${KEELSON_STORAGE_RUNROOT:-$KEELSON_CACHE/containers/run}"
export KEELSON_REPO_ROOT KEELSON_CACHE KEELSON_STORAGE_ROOT KEELSON_STORAGE_RUNROOT

log() { printf '[images] %s\n' "$*" >&2; }
die() { printf '[images] ERROR: %s\n' "$*" >&2; exit 1; }

# need <command> <debian-package>: fail with the command that installs a missing tool.
need() {
  command -v "$1" >/dev/null 2>&1 ||
    die "'$1' is not installed; install it with: apt-get update && apt-get install -y $2"
}

require_root() {
  [ "$(id -u)" -eq 0 ] ||
    die "must run as root (buildah vfs storage + chroot isolation, debootstrap); re-run with sudo"
}

# bh <buildah args...>: buildah on Keelson's own storage (vfs, outside the repo).
bh() {
  buildah --root "$KEELSON_STORAGE_ROOT" --runroot "$KEELSON_STORAGE_RUNROOT" \
    --storage-driver vfs "$@"
}

# image_exists <ref>
image_exists() { bh inspect --type image "$1" >/dev/null 2>&1; }

# image_label <ref> <label>: prints the label value (empty when unset).
image_label() {
  bh inspect --type image --format "{{ index .OCIv1.Config.Labels \"$2\" }}" "$1" 2>/dev/null || true
}

# context_sha256 <dir>: content hash of a build context (file paths + contents).
# Mirrored by contextSha256() in test/support/image-nginx.ts: keep them identical.
context_sha256() {
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) |
    sha256sum | cut -d' ' -f1
}

# base_refs: every distinct FROM reference in images/*/Dockerfile (literal FROM lines only).
base_refs() {
  awk 'toupper($1) == "FROM" { print $2 }' "$KEELSON_REPO_ROOT"/images/*/Dockerfile | LC_ALL=C sort -u
}

# base_id <Dockerfile>: image id of the (stand-in) image its last FROM names.
base_id() {
  bh inspect --type image --format '{{.FromImageID}}' \
    "$(awk 'toupper($1) == "FROM" { ref = $2 } END { print ref }' "$1")"
}

# storage_lock: hold $KEELSON_CACHE/.storage.lock until this script exits, so builds, prunes and
# container creation never interleave (parallel test workers share one storage). Children that
# inherit KEELSON_STORAGE_LOCKED=1 run under the parent's lock instead of deadlocking on it.
storage_lock() {
  [ "${KEELSON_STORAGE_LOCKED:-}" = "1" ] && return 0
  need flock util-linux
  mkdir -p "$KEELSON_CACHE"
  exec 7>"$KEELSON_CACHE/.storage.lock"
  flock 7
  export KEELSON_STORAGE_LOCKED=1
}

# now_s: seconds since the epoch with decimals, for timings.
now_s() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.1f", b - a }'; }
