#!/usr/bin/env bash
# make-base.sh: create LOCAL STAND-INS for the base images that images/*/Dockerfile use.
#
# No container registry is reachable from Keelson's machines, so `FROM <registry image>` cannot be
# pulled. For every FROM reference found in images/*/Dockerfile this script builds a STAND-IN:
# a Debian root made with debootstrap, laid out like the upstream image, and imports it into
# Keelson's buildah storage under EXACTLY the name:tag the Dockerfile expects. Builds then run
# with --pull=never. A stand-in is NOT the upstream image: it carries the label
# io.keelson.stand-in=true and the file /etc/keelson-stand-in. See docs/images.md.
#
# Cache (outside the repo): $KEELSON_CACHE/bases/<slug>-<recipe>.tar, reused when present.
# Usage: scripts/images/make-base.sh [--force]
#   KEELSON_DEBIAN_MIRROR  Debian mirror URL (default: the Debian URI of this host's apt sources)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

# Recipe identity: any edit to this script invalidates cached stand-ins.
RECIPE="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)"
BASES="$KEELSON_CACHE/bases"
NGINX_UID=101

debian_mirror() {
  if [ -n "${KEELSON_DEBIAN_MIRROR:-}" ]; then echo "$KEELSON_DEBIAN_MIRROR"; return; fi
  local uri
  uri="$( { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{ for (i = 2; i <= NF; i++) print $i }'
            grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
              sed -E 's/\[[^]]*\]//' | awk '{ print $2 }'; } |
          grep -E '^https?://[^ ]+/debian/?$' | head -n1 || true)"
  [ -n "$uri" ] || die "no Debian mirror in this host's apt sources; set KEELSON_DEBIAN_MIRROR"
  echo "${uri%/}"
}

# Files that make the root look like nginxinc/nginx-unprivileged (upstream's layout, our text).
write_nginx_layout() {
  local root="$1"
  rm -rf "$root/etc/nginx/sites-available" "$root/etc/nginx/sites-enabled" \
    "$root/etc/nginx/modules-available" "$root/etc/nginx/modules-enabled" "$root/etc/nginx/snippets"
  mkdir -p "$root/etc/nginx/conf.d" "$root/usr/share/nginx/html" "$root/var/cache/nginx"
  [ -e "$root/etc/nginx/modules" ] || ln -s /usr/lib/nginx/modules "$root/etc/nginx/modules"
  cat >"$root/etc/nginx/nginx.conf" <<'CONF'
# Keelson STAND-IN for nginxinc/nginx-unprivileged: unprivileged defaults (no `user`,
# pid and temp files in /tmp, listens on 8080). Replaced at runtime by a ConfigMap.
worker_processes  auto;
error_log  /var/log/nginx/error.log notice;
pid        /tmp/nginx.pid;

events {
    worker_connections  1024;
}

http {
    proxy_temp_path /tmp/proxy_temp;
    client_body_temp_path /tmp/client_temp;
    fastcgi_temp_path /tmp/fastcgi_temp;
    uwsgi_temp_path /tmp/uwsgi_temp;
    scgi_temp_path /tmp/scgi_temp;

    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;
    access_log    /var/log/nginx/access.log;
    sendfile      on;
    keepalive_timeout  65;
    include /etc/nginx/conf.d/*.conf;
}
CONF
  cat >"$root/etc/nginx/conf.d/default.conf" <<'CONF'
server {
    listen       8080;
    server_name  localhost;
    location / {
        root   /usr/share/nginx/html;
        index  index.html;
    }
}
CONF
  [ -f "$root/usr/share/nginx/html/index.html" ] ||
    printf '<!doctype html><title>nginx stand-in</title><p>Keelson stand-in nginx.</p>\n' \
      >"$root/usr/share/nginx/html/index.html"
  # Debian compiles in /var/lib/nginx/* temp paths; upstream uses /var/cache/nginx/*.
  rm -rf "$root/var/lib/nginx" && ln -s /var/cache/nginx "$root/var/lib/nginx"
  mkdir -p "$root/var/log/nginx"
  ln -sf /dev/stdout "$root/var/log/nginx/access.log"
  ln -sf /dev/stderr "$root/var/log/nginx/error.log"
  chown -R "$NGINX_UID:0" "$root/var/cache/nginx" "$root/etc/nginx"
  chmod -R g+w "$root/var/cache/nginx" "$root/etc/nginx"
  chmod 1777 "$root/tmp"
}

# debootstrap forky (Debian testing: the only Debian suite with nginx 1.30.x) + nginx from apt.
make_nginx_root() {
  local root="$1" want="$2" mirror
  mirror="$(debian_mirror)"
  need debootstrap debootstrap
  [ -f /usr/share/debootstrap/scripts/sid ] || die "debootstrap has no 'sid' script; apt-get install -y debootstrap"
  log "debootstrap --variant=minbase forky from $mirror (this is the slow step)"
  debootstrap --variant=minbase --components=main forky "$root" "$mirror" \
    /usr/share/debootstrap/scripts/sid >"$root.debootstrap.log" 2>&1 ||
    { tail -n 30 "$root.debootstrap.log" >&2; die "debootstrap failed (log: $root.debootstrap.log)"; }
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" && chmod +x "$root/usr/sbin/policy-rc.d"
  chroot "$root" groupadd --system --gid "$NGINX_UID" nginx
  chroot "$root" useradd --system --gid nginx --no-create-home --home /nonexistent \
    --comment "nginx user" --shell /bin/false --uid "$NGINX_UID" nginx
  # The mirror serves testing with an expired Release date: harness-only override.
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false -q -y)
  chroot "$root" "${apt[@]}" update >"$root.apt.log" 2>&1 ||
    { tail -n 30 "$root.apt.log" >&2; die "apt-get update in forky root failed"; }
  chroot "$root" "${apt[@]}" install --no-install-recommends --no-install-suggests \
    nginx curl ca-certificates >>"$root.apt.log" 2>&1 ||
    { tail -n 30 "$root.apt.log" >&2; die "apt-get install nginx in forky root failed"; }
  local version
  version="$(chroot "$root" dpkg-query -W -f '${Version}' nginx)"
  local want_minor="${want%.*}" upstream="${version%%-*}"
  case "$upstream" in
    "$want") log "nginx $version installed from forky (matches the FROM tag $want)" ;;
    "$want_minor".*) log "NOTE: forky ships nginx $version, the FROM tag says $want: same $want_minor.x series" ;;
    *) die "forky ships nginx $version, the FROM tag expects $want_minor.x: update the Dockerfiles' FROM" ;;
  esac
  echo "$version" >"$root.nginx-version"
  write_nginx_layout "$root"
  chroot "$root" apt-get clean
  rm -rf "$root/usr/sbin/policy-rc.d" "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin \
    "$root"/var/log/apt/* "$root"/var/log/*.log "$root"/usr/share/man/* "$root"/usr/share/info/* \
    "$root"/var/cache/debconf/*-old "$root"/tmp/* "$root"/dev/*
  printf 'Keelson LOCAL STAND-IN for %s, built by scripts/images/make-base.sh from Debian forky (nginx %s). Not the upstream image.\n' \
    "$3" "$version" >"$root/etc/keelson-stand-in"
}

# import_tar <tar> <ref> <nginx-version>: scratch container + the tree + upstream's image config.
import_tar() {
  local tar="$1" ref="$2" version="$3" ctr mnt
  ctr="$(bh from --pull=never scratch)"
  mnt="$(bh mount "$ctr")"
  tar --numeric-owner -xpf "$tar" -C "$mnt"
  bh umount "$ctr" >/dev/null
  bh config \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env "NGINX_VERSION=${version%%-*}" \
    --entrypoint '[]' --cmd '["nginx", "-g", "daemon off;"]' \
    --port 8080/tcp --stop-signal SIGQUIT --user "$NGINX_UID" --workingdir / \
    --label io.keelson.stand-in=true \
    --label "io.keelson.stand-in.for=$ref" \
    --label "io.keelson.stand-in.recipe=$RECIPE" \
    --label "io.keelson.stand-in.nginx-debian-version=$version" \
    --label "org.opencontainers.image.description=Keelson LOCAL STAND-IN for $ref (Debian forky, nginx $version)" \
    "$ctr"
  # Committing to an existing name moves the tag; the old image stays while containers use it.
  bh commit --quiet --format docker --identity-label=false --timestamp 0 --rm "$ctr" "$ref" >/dev/null
}

make_one() {
  local ref="$1" repo tag slug tar t0
  repo="${ref%:*}" tag="${ref##*:}"
  case "$repo" in
    docker.io/nginxinc/nginx-unprivileged) ;;
    *) die "no stand-in recipe for base image '$ref' (add one to scripts/images/make-base.sh)" ;;
  esac
  if [ "$FORCE" -eq 0 ] && image_exists "$ref" &&
    [ "$(image_label "$ref" io.keelson.stand-in.recipe)" = "$RECIPE" ]; then
    log "stand-in $ref present (recipe $RECIPE): reused"
    return
  fi
  slug="$(echo "${repo##*/}-$tag" | tr -c 'A-Za-z0-9.\n-' '_')"
  tar="$BASES/$slug-$RECIPE.tar"
  if [ "$FORCE" -eq 1 ] || [ ! -f "$tar" ]; then
    t0="$(now_s)"
    local work="$BASES/work.$slug.$$"
    rm -rf "$work"* && mkdir -p "$work"
    make_nginx_root "$work" "${tag%%-*}" "$ref"
    rm -f "$BASES/$slug-"*.tar "$BASES/$slug-"*.tar.nginx-version # other recipes' roots
    tar --numeric-owner -C "$work" -cf "$tar.part" . && mv "$tar.part" "$tar"
    cp "$work.nginx-version" "$tar.nginx-version"
    rm -rf "$work" "$work".*
    log "TIMING base-root $ref: $(elapsed "$t0") s (debootstrap + apt + layout + tar, $(du -m "$tar" | cut -f1) MiB)"
  else
    log "cached root $tar: reused"
  fi
  t0="$(now_s)"
  import_tar "$tar" "$ref" "$(cat "$tar.nginx-version")"
  log "TIMING base-import $ref: $(elapsed "$t0") s"
  echo "$ref $(bh inspect --type image --format '{{.FromImageID}}' "$ref")"
}

main() {
  require_root
  need buildah buildah
  need tar tar
  mkdir -p "$BASES" "$KEELSON_STORAGE_ROOT" "$KEELSON_STORAGE_RUNROOT"
  local t0 ref
  t0="$(now_s)"
  storage_lock
  for ref in $(base_refs); do make_one "$ref"; done
  log "TIMING make-base total: $(elapsed "$t0") s"
}

main "$@"
