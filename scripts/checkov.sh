#!/usr/bin/env bash
# Runs Checkov (an independent security scanner, from PyPI) over Keelson's manifests and Dockerfiles.
#
#   scripts/checkov.sh                      # every charts-out/<profile>/ and every images/*/Dockerfile
#   scripts/checkov.sh PATH...              # directories are scanned as Kubernetes YAML, files named
#                                           # Dockerfile as Dockerfiles
#   scripts/checkov.sh --install-only       # create/refresh the cached virtual environment and exit
#   CHECKOV_JSON_DIR=dir scripts/checkov.sh ...  # also write Checkov's JSON reports there
#                                           # (kubernetes-<n>.json per directory, dockerfile.json)
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
REQUIREMENTS="$REPO_ROOT/scripts/checkov-requirements.txt"
CACHE=${KEELSON_CACHE:-$HOME/.cache/keelson}
# The venv is keyed by the pinned requirements: a changed pin installs a fresh one next to the old.
VENV="$CACHE/venv-checkov-$CHECKOV_VERSION-$(sha256sum "$REQUIREMENTS" | cut -c1-12)"
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
    grep -qx "checkov==$CHECKOV_VERSION" "$REQUIREMENTS" ||
      die "$REQUIREMENTS must pin checkov==$CHECKOV_VERSION (regenerate it, see its header)"
    # Every dependency pinned (pip freeze), so every machine installs the same scanner.
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQUIREMENTS" ||
      die "pip install -r scripts/checkov-requirements.txt failed (PyPI must be reachable)"
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
  local targets=() dirs=() k8s_files=() docker=() t
  if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(default_targets); fi
  [ ${#targets[@]} -gt 0 ] || die "nothing to scan (run 'npx tsx infra/main.ts' to write charts-out/)"
  for t in "${targets[@]}"; do
    if [ -d "$t" ]; then dirs+=("$t")
    elif [ -f "$t" ] && [ "$(basename "$t")" = Dockerfile ]; then docker+=(--file "$t")
    elif [ -f "$t" ]; then k8s_files+=(--file "$t")
    else die "no such file or directory: $t"; fi
  done
  local rc=0 json_dir=${CHECKOV_JSON_DIR:-} n=0
  [ -n "$json_dir" ] && mkdir -p "$json_dir"
  json_for() { [ -n "$json_dir" ] && echo "$json_dir/$1.json"; return 0; }
  # One run per directory: Checkov keys resources by their path relative to the scanned directory, so
  # charts-out/dev/edge.k8s.yaml and charts-out/prod/edge.k8s.yaml in one run would shadow each other.
  # Files and Dockerfiles get runs of their own (Checkov drops --file targets when --directory is given).
  for t in "${dirs[@]}"; do
    n=$((n + 1))
    echo "== checkov kubernetes: $t" >&2
    scan kubernetes "$(json_for "kubernetes-$n")" --directory "$t" || rc=1
  done
  if [ ${#k8s_files[@]} -gt 0 ]; then scan kubernetes "$(json_for kubernetes-files)" "${k8s_files[@]}" || rc=1; fi
  if [ ${#docker[@]} -gt 0 ]; then echo "== checkov dockerfile" >&2; scan dockerfile "$(json_for dockerfile)" "${docker[@]}" || rc=1; fi
  return "$rc"
}

main "$@"
