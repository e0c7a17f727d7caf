#!/usr/bin/env bash
# bench/edge.sh: the edge tier under wrk on loopback, side by side in one run, as ratios to nginx
# serving a small static file directly. Bounded: ROUNDS x 5 variants x (1 s warm-up + DURATION).
#
#   (a) static   nginx serves a 1 KiB file itself                    (the upper bound)
#   (b) naive    proxy_pass http://host:port, no upstream block      (a new upstream connection per request)
#   (c) proxied  Keelson's rendered config, headless Service resolved by nginx through dnsmasq
#   (d) cached   Keelson's rendered config, proxy_cache HIT path
#   (e) tuned    yardstick: the smallest tuned proxy (upstream keepalive, nothing else)
#
# Every nginx is the edge image's own (buildah run --isolation chroot), configs printed by
# bench/edge-configs.ts from directive trees. New upstream connections per request come from the
# upstream's stub_status accept counter; CPU per request from /proc/<pid>/stat of the nginx processes
# (robust on a busy machine, where req/s is not). Variants are interleaved per round; medians reported.
#
# Usage: bench/edge.sh   (env: ROUNDS=3 DURATION=5 CONNECTIONS=64 THREADS=2 WORKERS=2 UPSTREAM_WORKERS=1)
# Wall time: about ROUNDS x 5 x (DURATION + 1) s plus start-up (about 95 s with the defaults).
# Needs root, buildah, wrk, dnsmasq, curl (apt-get install -y buildah wrk dnsmasq-base curl).
set -Eeuo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-3}" DURATION="${DURATION:-5}" CONNECTIONS="${CONNECTIONS:-64}" THREADS="${THREADS:-2}" WORKERS="${WORKERS:-2}"

die() { echo "bench/edge.sh: $*" >&2; exit 1; }
for tool in buildah:buildah wrk:wrk dnsmasq:dnsmasq-base curl:curl; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${tool%%:*}" ] ||
    die "'${tool%%:*}' is not installed: apt-get install -y ${tool##*:}"
done
[ "$(id -u)" -eq 0 ] || die "must run as root (buildah vfs storage, chroot isolation)"

source "$REPO/scripts/images/lib.sh"
set +e +o pipefail; set -Eu
WORK="$(mktemp -d /tmp/keelson-edge-bench.XXXXXX)" && chmod 755 "$WORK"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for f in "$WORK"/tmp-*/*.pid; do [ -f "$f" ] && kill -TERM "$(cat "$f")" 2>/dev/null; done
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT

CTR="$(bash "$REPO/scripts/images/ensure-container.sh" edge-nginx | tail -n1)" || die "could not build the edge image"
(cd "$REPO" && npx tsx bench/edge-configs.ts "$WORK" "$WORKERS") || die "could not render the configs"
# shellcheck disable=SC1091
source "$WORK/bench.env"

# start_nginx <name> <conf> [extra -v mounts...]: runs in the background; waits for its pid file.
start_nginx() {
  local name="$1" conf="$2"; shift 2
  mkdir -p "$WORK/tmp-$name" "$WORK/cache-$name" && chown 101:101 "$WORK/tmp-$name" "$WORK/cache-$name"
  bh run --isolation chroot --network host --no-hosts \
    -v "$WORK:$MOUNT:ro" -v "$WORK/tmp-$name:/tmp" -v "$WORK/cache-$name:/var/cache/nginx" "$@" \
    "$CTR" -- /usr/sbin/nginx -e stderr -c "$MOUNT/$conf" -g "daemon off;" >"$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 100); do [ -s "$WORK/tmp-$name/$name.pid" ] || [ -s "$WORK/tmp-$name/nginx.pid" ] && return; sleep 0.1; done
  cat "$WORK/$name.log" >&2; die "nginx $name did not start"
}

dnsmasq --no-daemon --conf-file=/dev/null --port="$DNS_PORT" --listen-address="$DNS_ADDR" --bind-interfaces \
  --no-resolv --no-hosts --addn-hosts="$WORK/hosts" --local-ttl=5 >"$WORK/dnsmasq.log" 2>&1 &
PIDS+=("$!")
start_nginx upstream upstream.conf
start_nginx reference reference.conf
start_nginx keelson keelson.conf
sleep 0.5

accepts() { curl -fsS "$UPSTREAM_STATUS" | awk 'NR == 3 { print $1 }'; }
for url in "$URL_STATIC" "$URL_NAIVE" "$URL_TUNED" "$URL_PROXIED" "$URL_CACHED" "$URL_CACHED"; do
  curl -fsS -o /dev/null "$url" || die "$url does not answer"
done
[ "$(curl -fsS -o /dev/null -D - "$URL_CACHED" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache-status" { print $2 }')" = "HIT" ] ||
  die "the cached route does not answer HIT"

# cpu_ticks <name>: user+system CPU ticks of one nginx (master and workers) so far.
cpu_ticks() {
  local master pid total=0
  master="$(cat "$WORK"/tmp-"$1"/*.pid)"
  for pid in "$master" $(pgrep -P "$master"); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$total"
}

# run_wrk <variant> <front> <url>: one measured run; appends
# "variant rps p99_ms new_conns_per_request front_cpu_us_per_request upstream_cpu_us_per_request".
run_wrk() {
  local variant="$1" front="$2" url="$3" before after out rps p99 reqs f0 f1 u0 u1 hz
  wrk -t"$THREADS" -c"$CONNECTIONS" -d1s "$url" >/dev/null 2>&1
  before="$(accepts)" f0="$(cpu_ticks "$front")" u0="$(cpu_ticks upstream)"
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url")"
  after="$(accepts)" f1="$(cpu_ticks "$front")" u1="$(cpu_ticks upstream)" hz="$(getconf CLK_TCK)"
  rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
  p99="$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }' <<<"$out")"
  reqs="$(awk '/requests in/ { print $1 }' <<<"$out")"
  grep -q "Non-2xx" <<<"$out" && die "$variant: wrk saw non-2xx responses:"$'\n'"$out"
  echo "$variant $rps $p99 $(awk -v a="$before" -v b="$after" -v r="$reqs" -v f="$((f1 - f0))" -v u="$((u1 - u0))" -v hz="$hz" \
    'BEGIN { printf "%.4f %.1f %.1f", (b - a - 1) / r, f * 1e6 / hz / r, u * 1e6 / hz / r }')" >>"$WORK/results"
}

echo "edge bench: $ROUNDS rounds x 5 variants, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, $WORKERS nginx workers per front, $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  run_wrk static reference "$URL_STATIC"; run_wrk naive reference "$URL_NAIVE"; run_wrk proxied keelson "$URL_PROXIED"
  run_wrk cached keelson "$URL_CACHED"; run_wrk tuned reference "$URL_TUNED"
  echo "  round $round done"
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v v="$1" -v c="$2" '$1 == v { print $c }' "$WORK/results" | median; }
# Ratio to static per round (the static run of the same round), then the median over rounds: drift on
# a shared machine hits both runs of a round alike.
ratio() {
  awk -v v="$1" '$1 == "static" { s[++ns] = $2 } $1 == v { x[++nx] = $2 } END { for (i = 1; i <= nx; i++) printf "%.4f\n", x[i] / s[i] }' "$WORK/results" | median
}
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# CPU per request (front + upstream) of static over the variant's: req/s the box could serve if the
# processes measured were alone on it; steadier than req/s while other work shares the CPUs.
cpu_ratio() { awk -v s="$(col static 5)" -v f="$(col "$1" 5)" -v u="$(col "$1" 6)" 'BEGIN { printf "%.2f", s / (f + u) }'; }
# The front nginx's CPU per request alone, static over the variant's: the ratio of a dedicated edge tier,
# whose upstreams run elsewhere (as in a cluster), unlike this box where they share the two CPUs.
edge_cpu_ratio() { awk -v s="$(col static 5)" -v f="$(col "$1" 5)" 'BEGIN { printf "%.2f", s / f }'; }
printf '\n%-8s %9s %8s %9s %9s %9s %12s %11s %11s  %s\n' variant "req/s" "p99 ms" "x static" "x (CPU)" "x (edge)" "new conn/req" "front us/req" "upstr us/req" "req/s per round"
for v in static naive proxied cached tuned; do
  printf '%-8s %9.0f %8.2f %9.2f %9.2f %9.2f %12.4f %11.1f %11.1f  %s\n' "$v" "$(col "$v" 2)" "$(col "$v" 3)" "$(ratio "$v")" "$(cpu_ratio "$v")" "$(edge_cpu_ratio "$v")" \
    "$(col "$v" 4)" "$(col "$v" 5)" "$(col "$v" 6)" "$(awk -v v="$v" '$1 == v { printf "%.0f ", $2 }' "$WORK/results")"
done
echo
echo "targets (req/s | CPU | edge CPU): cached >= 0.85 x static: $(ratio cached) | $(cpu_ratio cached) | $(edge_cpu_ratio cached);" \
  "proxied >= 0.60 x static: $(ratio proxied) | $(cpu_ratio proxied) | $(edge_cpu_ratio proxied);" \
  "proxied new upstream connections/request <= 0.01: $(col proxied 4)"
