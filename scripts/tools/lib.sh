# shellcheck shell=bash
# Shared helpers for scripts/tools/build-*.sh. Sourced, not executed.
#
# Everything is built OUTSIDE the repo, into ${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}/<name>-<version>/,
# each tool from its own wrapper Go module in <name>-<version>/src/, binaries in <name>-<version>/bin/.
# A tool whose stamp file (<name>-<version>/.stamp) matches is not rebuilt.

TOOLS_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.sh
. "$TOOLS_LIB_DIR/versions.sh"

KEELSON_TOOLS=${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}
export KEELSON_TOOLS

log() { printf '%s [%s] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${LOG_TAG:-tools}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Go: the machine's toolchain, never a downloaded one; static binaries; reproducible paths.
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then PATH=/usr/local/go/bin:$PATH; fi
command -v go >/dev/null 2>&1 || die "go not found: install Go >= 1.26 (e.g. /usr/local/go/bin/go)"
export GOTOOLCHAIN=local CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildvcs=false"
command -v node >/dev/null 2>&1 || die "node not found (used to read 'go mod download -json' output)"

# tool_dir NAME VERSION -> prints the cache dir of that tool version.
tool_dir() { printf '%s/%s-%s\n' "$KEELSON_TOOLS" "$1" "$2"; }

# stamp_text NAME VERSION -> the content a valid stamp must have.
stamp_text() { printf 'name=%s version=%s recipe=%s go=%s\n' "$1" "$2" "$KEELSON_TOOLS_RECIPE" "$(go env GOVERSION)"; }

# is_built NAME VERSION BIN... -> true when the stamp matches and every listed binary exists.
is_built() {
  local name=$1 version=$2 dir; shift 2
  dir=$(tool_dir "$name" "$version")
  [ -f "$dir/.stamp" ] || return 1
  [ "$(cat "$dir/.stamp")" = "$(stamp_text "$name" "$version")" ] || return 1
  local b; for b in "$@"; do [ -x "$dir/bin/$b" ] || return 1; done
}

# write_stamp NAME VERSION SECONDS -> marks a finished build and records its wall time.
write_stamp() {
  local dir; dir=$(tool_dir "$1" "$2")
  stamp_text "$1" "$2" >"$dir/.stamp"
  printf '%s\n' "$3" >"$dir/build-seconds"
}

# mod_field MODULE@VERSION FIELD -> downloads the module, prints a field of `go mod download -json`.
mod_field() {
  go mod download -json "$1" | node -e '
    let s = ""; process.stdin.on("data", d => (s += d)).on("end", () => {
      const j = JSON.parse(s);
      if (j.Error) { console.error(j.Error); process.exit(1); }
      process.stdout.write(String(j[process.argv[1]] ?? ""));
    });' "$2"
}

# run_build NAME VERSION FUNC BIN... -> skip when cached, else run FUNC (which builds into $DIR/bin)
# under the build lock, timing it and stamping it.
run_build() {
  local name=$1 version=$2 fn=$3; shift 3
  local dir; dir=$(tool_dir "$name" "$version")
  if is_built "$name" "$version" "$@"; then
    log "$name $version: cached in $dir/bin (cold build took $(cat "$dir/build-seconds" 2>/dev/null || echo '?') s)"
    return 0
  fi
  # Only one heavy go build of these scripts at a time on the machine (2 cores): a second caller waits.
  mkdir -p "$KEELSON_TOOLS"
  exec 9>"$KEELSON_TOOLS/.build.lock"
  if command -v flock >/dev/null 2>&1 && ! flock -n 9; then
    log "$name $version: waiting for another tools build to finish ($KEELSON_TOOLS/.build.lock)"
    flock 9
  fi
  if is_built "$name" "$version" "$@"; then
    log "$name $version: built meanwhile by another process"
    exec 9>&-
    return 0
  fi
  mkdir -p "$dir/bin" "$dir/src"
  rm -f "$dir/.stamp"
  log "$name $version: building in $dir"
  local t0 t1; t0=$(date +%s)
  DIR=$dir "$fn"
  t1=$(date +%s)
  local b; for b in "$@"; do [ -x "$dir/bin/$b" ] || die "$name: $dir/bin/$b missing after build"; done
  write_stamp "$name" "$version" "$((t1 - t0))"
  exec 9>&-
  log "$name $version: built in $((t1 - t0)) s -> $dir/bin"
}

# gobuild ARGS... -> go build with the project's fixed flags (trimpath, static).
gobuild() { go build -trimpath "$@"; }

# go_jobs -> prints KEELSON_GO_JOBS (go -p), default 1 so a 2-core machine stays usable; dies when invalid.
go_jobs() {
  local jobs=${KEELSON_GO_JOBS:-1}
  [[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "KEELSON_GO_JOBS must be a positive integer, got '$jobs'"
  printf '%s\n' "$jobs"
}

# require_version VAR VALUE -> dies unless VALUE looks like 1.2.3 (a release version without the v).
require_version() {
  [[ "$2" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "$1 must look like 1.2.3, got '$2'"
}

# init_wrapper_module NAME -> cd into $DIR/src and start a fresh wrapper module local/keelson/NAME.
init_wrapper_module() {
  cd "$DIR/src" || die "cannot enter $DIR/src"
  rm -f go.mod go.sum
  printf 'module local/keelson/%s\n\ngo 1.26.0\n' "$1" >go.mod
}
