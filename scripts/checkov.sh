#!/usr/bin/env bash
# Runs Checkov (an independent security scanner, from PyPI) over Keelson's manifests and Dockerfiles.
#
#   scripts/checkov.sh                      # every charts-out/<profile>/ and every images/*/Dockerfile
#   scripts/checkov.sh PATH...              # directories are scanned as Kubernetes YAML, files named
#                                           # Dockerfile as Dockerfiles
#   scripts/checkov.sh --install-only       # create/refresh the cached virtual environment and exit
#   CHECKOV_JSON_DIR=dir scripts/checkov.sh ...  # also write Checkov's JSON reports there
#                                           # (kubernetes.json, dockerfile.json)
#
# Exit status: 0 when every check passes (suppressed checks are listed, not failed), 1 on any failed
# check, 2 on a usage or installation error.
#
# Checkov lives in a virtual environment OUTSIDE the repo, cached per version:
#   ${KEELSON_CACHE:-$HOME/.cache/keelson}/venv-checkov-<version>/
# Suppressions are never passed on the command line: they are annotations on the objects
# (`checkov.io/skip<N>: CKV_K8S_xx=<reason>`, see infra/constructs/checkov.ts) so each one carries its
# reason, and docs/security.md lists them all.
set -euo pipefail

# Pinned: the newest release on PyPI when this gate was written (`pip index versions checkov`).
CHECKOV_VERSION=3.3.30
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${KEELSON_CACHE:-$HOME/.cache/keelson}
VENV="$CACHE/venv-checkov-$CHECKOV_VERSION"
PYTHON=${PYTHON:-python3}

die() { echo "checkov.sh: $*" >&2; exit 2; }

install_checkov() {
  [ -x "$VENV/bin/checkov" ] && [ -f "$VENV/.installed" ] && return 0
  command -v "$PYTHON" >/dev/null 2>&1 ||
    die "python3 not found: install it (Debian: apt-get install -y python3 python3-venv)"
  mkdir -p "$CACHE"
  # One installer at a time: tests and CI may call this script concurrently.
  exec 9>"$CACHE/venv-checkov.lock"
  flock 9
  if [ ! -f "$VENV/.installed" ]; then
    echo "checkov.sh: installing checkov==$CHECKOV_VERSION into $VENV (one-time, takes a few minutes)" >&2
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV" ||
      die "cannot create a venv: install python3-venv (Debian: apt-get install -y python3-venv)"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION" ||
      die "pip install checkov==$CHECKOV_VERSION failed (PyPI must be reachable)"
    echo "$CHECKOV_VERSION" >"$VENV/.installed"
  fi
  flock -u 9
}

default_targets() {
  local d f
  for d in "$REPO_ROOT"/charts-out/*/; do [ -d "$d" ] && echo "${d%/}"; done
  for f in "$REPO_ROOT"/images/*/Dockerfile; do [ -f "$f" ] && echo "$f"; done
}

# scan FRAMEWORK JSON_OUT TARGET_ARGS... -> runs Checkov once; returns its exit status.
scan() {
  local framework=$1 json=$2; shift 2
  # --quiet: only failed checks in the CLI output. With a JSON report (which then also lists passed and
  # skipped checks), the full CLI report goes next to it, since --output-file-path takes one destination
  # per output, in order.
  local outputs=(--quiet --output cli)
  [ -n "$json" ] && outputs=(--output cli --output json --output-file-path "${json%.json}.txt,$json")
  # --skip-download: no calls to the Bridgecrew/Prisma platform (offline, no API key).
  # --compact: failed checks without code blocks.
  BC_SKIP_MAPPING=TRUE CHECKOV_NO_VERSION_CHECK=1 \
    "$VENV/bin/checkov" --skip-download --compact --framework "$framework" "$@" "${outputs[@]}"
}

main() {
  if [ "${1:-}" = "--install-only" ]; then install_checkov; "$VENV/bin/checkov" --version; return 0; fi
  install_checkov
  local targets=() k8s=() docker=() t
  if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(default_targets); fi
  [ ${#targets[@]} -gt 0 ] || die "nothing to scan (run 'npx tsx infra/main.ts' to write charts-out/)"
  for t in "${targets[@]}"; do
    if [ -d "$t" ]; then k8s+=(--directory "$t")
    elif [ -f "$t" ] && [ "$(basename "$t")" = Dockerfile ]; then docker+=(--file "$t")
    elif [ -f "$t" ]; then k8s+=(--file "$t")
    else die "no such file or directory: $t"; fi
  done
  # Checkov drops --file targets when --directory is given too, so each framework gets its own run.
  local rc=0 json_k8s="" json_docker=""
  if [ -n "${CHECKOV_JSON_DIR:-}" ]; then
    mkdir -p "$CHECKOV_JSON_DIR"
    json_k8s="$CHECKOV_JSON_DIR/kubernetes.json" json_docker="$CHECKOV_JSON_DIR/dockerfile.json"
  fi
  if [ ${#k8s[@]} -gt 0 ]; then scan kubernetes "$json_k8s" "${k8s[@]}" || rc=1; fi
  if [ ${#docker[@]} -gt 0 ]; then scan dockerfile "$json_docker" "${docker[@]}" || rc=1; fi
  return "$rc"
}

main "$@"
