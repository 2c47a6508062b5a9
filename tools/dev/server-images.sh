#!/usr/bin/env bash
# server-images.sh — real server images (PostgreSQL 15, Redis, nginx, python3) built
# offline from Debian bookworm packages, pushed to a local registry, pinned by digest.
#
#   bash tools/dev/server-images.sh [build] [image...]  start/reuse the registry, build what changed, push
#                                              (all four images, or the ones named)
#   bash tools/dev/server-images.sh check        only say, in seconds, which locked versions Debian no longer serves
#   bash tools/dev/server-images.sh refresh      re-resolve every package, rebuild, rewrite both committed locks and
#                                              the snapshots that show digests, print what moved (npm run lock:refresh)
#   bash tools/dev/server-images.sh registry     only start/reuse the registry on 127.0.0.1:5000
#   bash tools/dev/server-images.sh stop         stop the registry this script started
#
# The committed locks are a record, not a gate. A Debian mirror serves only the newest version of
# each package (a security update removes the one before), so a locked version that can no longer be
# fetched is replaced by the one Debian serves today: one line per moved package, and the build goes
# on. What this machine built is recorded in $DOCKER_IAC_CACHE/server-images.lock.json (the toolchain's
# env file names it as cdktf context `serverImagesLock`), and deploys use those digests; unit and
# snapshot tests use the committed stacks/server-images.lock.json. A package Debian no longer has at
# all is one clear error. DOCKER_IAC_PACKAGES_LOCK=<file> builds from another packages lock (tests).
#
# How an image is made (everything downloaded on the host, by debootstrap and apt, from
# the mirror in this machine's apt sources; nothing runs with network inside an image):
#   1. base: `debootstrap --variant=minbase bookworm`, cached as a tarball per input hash;
#   2. per image: the host's apt resolves tools/dev/server-images/<name>/packages (pinned to
#      the versions in tools/dev/server-images/packages.lock) against the base's dpkg status
#      and downloads the .debs; apt inside the rootfs installs them with no network
#      (`unshare --net chroot`), then the recipe's setup.sh runs;
#   3. the rootfs is trimmed (docs, man pages, locales, apt lists, logs, caches, .pyc) and
#      normalized (no host resolv.conf or apt sources, fixed shadow dates), packed with
#      `tar --sort=name --mtime=@SOURCE_DATE_EPOCH --numeric-owner`, compressed with
#      `gzip -n`, and described by an image config with a fixed `created` date: the same
#      packages and recipe give the same bytes, so the same digest on every machine;
#   4. the blobs and the manifest are uploaded to the registry with its HTTP API (curl),
#      and the digest is checked against stacks/server-images.lock.json.
# An image is rebuilt only when its input hash (recipe files, locked versions,
# PIPELINE_VERSION) changes; the hash is also the image's io.docker-iac.server-image.input-sha256 label.
#
# Cache (outside the repository), in $DOCKER_IAC_CACHE (default ~/.cache/docker-iac):
#   server-images/debs/           downloaded .deb files (debootstrap and apt)
#   server-images/base-<hash>.tar the debootstrap base
#   server-images/<name>.state    input hash -> digest of the last build
#   server-images.lock.json       the digests this machine's registry holds (what deploys use)
#   server-images/apt-*.log       the full apt output of a failed resolution
#   registry/                     the registry's data; registry.yml, registry.pid, registry.log
set -euo pipefail

DOCKER_IAC_CACHE="${DOCKER_IAC_CACHE:-$HOME/.cache/docker-iac}"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
RECIPES="$SCRIPT_DIR/server-images"
PACKAGES_LOCK="${DOCKER_IAC_PACKAGES_LOCK:-$RECIPES/packages.lock}"
DIGESTS_LOCK="$REPO_DIR/stacks/server-images.lock.json"
MACHINE_LOCK="$DOCKER_IAC_CACHE/server-images.lock.json"
IMAGES=(postgres redis nginx python)
SUITE=bookworm
# Every file in the images gets this mtime, and the config this `created` date.
SOURCE_DATE_EPOCH=1704067200 # 2024-01-01T00:00:00Z
export SOURCE_DATE_EPOCH
CREATED="2024-01-01T00:00:00Z"
# Bump when a change to the steps below changes what goes into an image (the input hash
# covers the recipe folders and the locked versions, not this script's comments).
PIPELINE_VERSION=2 # 2: the image labels name tools/dev/ (was scripts/)

REGISTRY_ADDR=127.0.0.1:5000
WORK="$DOCKER_IAC_CACHE/server-images"
DEBS="$WORK/debs"
REGISTRY_DIR="$DOCKER_IAC_CACHE/registry"
REGISTRY_PID="$DOCKER_IAC_CACHE/registry.pid"
REGISTRY_LOG="$DOCKER_IAC_CACHE/registry.log"
REGISTRY_CONFIG="$DOCKER_IAC_CACHE/registry.yml"
UPDATE_LOCK="${UPDATE_LOCK:-0}"

LOG_TAG=server-images
# shellcheck source=tools/dev/shell-helpers.sh
. "$SCRIPT_DIR/shell-helpers.sh"

# Temporary folders to remove however the script ends (a failed build leaves no rootfs behind).
CLEANUP=()
cleanup() {
  local dir
  for dir in "${CLEANUP[@]}"; do
    mountpoint -q "$dir/proc" 2>/dev/null && umount "$dir/proc"
    rm -rf "$dir"
  done
}
on_exit cleanup

# ------------------------------------------------------------------ host packages
ensure_host_packages() {
  local missing=()
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  command -v jq >/dev/null 2>&1 || missing+=(jq)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if ((${#missing[@]})); then
    [[ "$(id -u)" == 0 ]] || die "installing ${missing[*]} needs root"
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# The Debian mirror this machine's apt uses for $SUITE (never a hard-coded host).
debian_mirror() {
  local uri=""
  shopt -s nullglob
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    # deb822 stanzas: the first one whose Suites list $SUITE itself.
    uri="$(awk -v suite="$SUITE" '
      /^[[:space:]]*$/ { if (u != "" && s) { print u; exit } u = ""; s = 0; next }
      /^URIs:/ { u = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) s = 1 }
      END { if (u != "" && s) print u }' "$f" | head -n 1)"
    [[ -n "$uri" ]] && break
  done
  shopt -u nullglob
  if [[ -z "$uri" && -f /etc/apt/sources.list ]]; then
    uri="$(awk -v suite="$SUITE" '$1 == "deb" && $3 == suite { print $2; exit }' /etc/apt/sources.list)"
  fi
  [[ -n "$uri" ]] || die "no '$SUITE' source in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
  printf '%s\n' "$uri"
}

# ------------------------------------------------------------------ registry
registry_answers() { curl -fsS -m 3 "http://$REGISTRY_ADDR/v2/" >/dev/null 2>&1; }

our_registry_pid() {
  local pid
  [[ -s "$REGISTRY_PID" ]] || return 1
  pid="$(cat "$REGISTRY_PID")"
  [[ "$pid" =~ ^[0-9]+$ && "$(cat "/proc/$pid/comm" 2>/dev/null || true)" == docker-registry ]] || return 1
  printf '%s\n' "$pid"
}

registry_start() {
  if registry_answers; then
    log "registry: reusing the one on $REGISTRY_ADDR"
    return
  fi
  mkdir -p "$REGISTRY_DIR"
  cat >"$REGISTRY_CONFIG" <<EOF
# Written by docker-iac tools/dev/server-images.sh: loopback only, data in the toolchain cache.
version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: $REGISTRY_DIR }
  delete: { enabled: true }
http:
  addr: $REGISTRY_ADDR
EOF
  local pid
  if ! pid="$(our_registry_pid)"; then
    # 9>&-: the registry outlives this script and must not hold the build lock (fd 9) with it.
    setsid nohup docker-registry serve "$REGISTRY_CONFIG" >>"$REGISTRY_LOG" 2>&1 </dev/null 9>&- &
    pid=$!
    printf '%s\n' "$pid" >"$REGISTRY_PID"
    log "registry: started docker-registry (pid $pid, log $REGISTRY_LOG)"
  fi
  local i
  for ((i = 0; i < 30; i++)); do
    registry_answers && return
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  tail -n 20 "$REGISTRY_LOG" >&2 || true
  die "the registry on $REGISTRY_ADDR does not answer"
}

registry_stop() {
  local pid
  if ! pid="$(our_registry_pid)"; then
    rm -f "$REGISTRY_PID"
    log "registry: none started by this script is running"
    return 0
  fi
  stop_pid "$pid" 10
  rm -f "$REGISTRY_PID"
  log "registry: stopped (pid $pid)"
}

# Uploads one blob unless the registry has it. <repository> <file> <digest>
push_blob() {
  local repo=$1 file=$2 digest=$3 location
  if curl -fsS -m 10 -I "http://$REGISTRY_ADDR/v2/$repo/blobs/$digest" >/dev/null 2>&1; then return; fi
  location="$(curl -fsS -m 10 -X POST -D - -o /dev/null "http://$REGISTRY_ADDR/v2/$repo/blobs/uploads/" \
    | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')"
  [[ -n "$location" ]] || die "the registry gave no upload location for $repo"
  [[ "$location" == http* ]] || location="http://$REGISTRY_ADDR$location"
  local sep='?'; [[ "$location" == *\?* ]] && sep='&'
  curl -fsS -m 300 -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$file" \
    "$location${sep}digest=$digest" >/dev/null || die "uploading $digest to $repo failed"
}

push_manifest() { # <repository> <tag> <file>
  curl -fsS -m 30 -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.v2+json' \
    --data-binary "@$3" "http://$REGISTRY_ADDR/v2/$1/manifests/$2" >/dev/null || die "pushing the manifest of $1 failed"
}

registry_has_manifest() { # <repository> <digest>
  curl -fsS -m 10 -I -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REGISTRY_ADDR/v2/$1/manifests/$2" >/dev/null 2>&1
}

# ------------------------------------------------------------------ locks
# packages.lock: "<section> <package> <version>" lines, sorted; sections: base and each image.
locked() { # <section>: "<package> <version>" lines
  [[ -f "$PACKAGES_LOCK" ]] || return 0
  awk -v s="$1" '$1 == s { print $2, $3 }' "$PACKAGES_LOCK"
}

write_locked() { # <section> < "<package> <version>" lines
  local tmp="$PACKAGES_LOCK.tmp.$$"
  {
    [[ -f "$PACKAGES_LOCK" ]] && grep -v '^#' "$PACKAGES_LOCK" | awk -v s="$1" '$1 != s'
    awk -v s="$1" '{ print s, $1, $2 }'
  } | LC_ALL=C sort >"$tmp.body"
  {
    echo "# Exact Debian $SUITE package versions in each server image (tools/dev/server-images.sh)."
    echo "# <section> <package> <version>; 'base' is the debootstrap minbase. A record, not a gate: a version"
    echo "# Debian no longer serves is built at today's version. npm run lock:refresh re-resolves."
    cat "$tmp.body"
  } >"$tmp"
  rm -f "$tmp.body"
  mv -f "$tmp" "$PACKAGES_LOCK"
}

installed_versions() { # <rootfs>
  dpkg-query --admindir="$1/var/lib/dpkg" -W -f '${db:Status-Status} ${Package} ${Version}\n' \
    | awk '$1 == "installed" { print $2, $3 }' | LC_ALL=C sort
}

locked_digest() { # <image>
  [[ -f "$DIGESTS_LOCK" ]] || return 0
  jq -r --arg n "$1" '.images[$n].digest // empty' "$DIGESTS_LOCK"
}

locked_input_hash() { # <image>
  [[ -f "$DIGESTS_LOCK" ]] || return 0
  jq -r --arg n "$1" '.images[$n].inputSha256 // empty' "$DIGESTS_LOCK"
}

write_digest() { # <lock file> <image> <digest> <input hash> <version> <comment>
  local file=$1 tmp="$1.tmp.$$" current='{}'
  mkdir -p "$(dirname "$file")"
  [[ -f "$file" ]] && current="$(cat "$file")"
  printf '%s\n' "$current" | jq -S --arg n "$2" --arg d "$3" --arg h "$4" --arg v "$5" --arg c "$6" --arg r "$REGISTRY_ADDR" '
    .registry = $r
    | .comment = $c
    | .images[$n] = { repository: ("docker-iac/" + $n), digest: $d, inputSha256: $h, version: $v }' >"$tmp"
  mv -f "$tmp" "$file"
}

COMMITTED_COMMENT="Written by tools/dev/server-images.sh: the digest each server image had when this record was refreshed (npm run lock:refresh)."
MACHINE_COMMENT="Written by tools/dev/server-images.sh: the digests this machine's registry holds; deploys use them (context serverImagesLock)."

# ------------------------------------------------------------------ what Debian serves today
# Refreshes the host's package lists once per run (root only: a user's apt lists are what they are).
apt_refresh() {
  [[ -n "${APT_UPDATED:-}" ]] && return 0
  if [[ "$(id -u)" == 0 ]]; then apt-get update -qq || die "apt-get update failed (is a $SUITE source in the apt sources reachable?)"; fi
  APT_UPDATED=1
}

# Writes $WORK/moved.txt once per run: "<package> <locked version> <today's version>" for each
# locked version the host's apt can no longer fetch ("-" when Debian has no such package at all).
MOVED_FILE=""
find_moved() {
  [[ -n "$MOVED_FILE" ]] && return 0
  mkdir -p "$WORK"
  MOVED_FILE="$WORK/moved.txt"
  : >"$MOVED_FILE"
  [[ -f "$PACKAGES_LOCK" ]] || return 0
  apt_refresh
  local pkgs served
  pkgs="$(awk '!/^#/ && NF == 3 { print $2 }' "$PACKAGES_LOCK" | LC_ALL=C sort -u)"
  # Every version apt can fetch now, of every locked package: "<package> <version>".
  served="$(printf '%s\n' "$pkgs" | xargs apt-cache madison 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $1); gsub(/ /, "", $2); print $1, $2 }' | LC_ALL=C sort -u)"
  local gone
  gone="$(awk '!/^#/ && NF == 3 { print $2, $3 }' "$PACKAGES_LOCK" | LC_ALL=C sort -u | comm -23 - <(printf '%s\n' "$served"))"
  [[ -n "$gone" ]] || return 0
  # Today's candidate for each package whose locked version is gone.
  local candidates
  candidates="$(printf '%s\n' "$gone" | cut -d' ' -f1 | LC_ALL=C sort -u | xargs apt-cache policy 2>/dev/null \
    | awk '/^[^ ].*:$/ { p = substr($0, 1, length($0) - 1) } /^  Candidate:/ { print p, $2 }')"
  printf '%s\n' "$gone" | CANDIDATES="$candidates" awk '
    BEGIN { n = split(ENVIRON["CANDIDATES"], lines, "\n"); for (i = 1; i <= n; i++) { split(lines[i], f, " "); c[f[1]] = f[2] } }
    { print $1, $2, (($1 in c) && c[$1] != "(none)" ? c[$1] : "-") }' >"$MOVED_FILE"
}

# One line per moved package; a package Debian no longer has at all is an error (unless only checking).
report_moved() { # [warn-only]
  if ! command -v apt-cache >/dev/null 2>&1; then log "no apt on this machine: the locked Debian versions are not checked"; return 0; fi
  find_moved
  [[ -s "$MOVED_FILE" ]] || { log "locked package versions: all still served by Debian"; return 0; }
  local pkg old new missing=()
  while read -r pkg old new; do
    if [[ "$new" == - ]]; then missing+=("$pkg"); continue; fi
    log "moved: $pkg $old -> $new (Debian no longer serves $old; building with $new)"
  done <"$MOVED_FILE"
  log "the committed ${PACKAGES_LOCK#"$REPO_DIR/"} is stale: \`npm run lock:refresh\` records today's versions"
  if ((${#missing[@]})); then
    local msg="Debian $SUITE has no package ${missing[*]} any more: drop it from the recipe's packages file (tools/dev/server-images/<image>/packages), then run npm run lock:refresh"
    [[ "${1:-}" == warn-only ]] && log "warning: $msg" || die "$msg"
  fi
}

# The section's locked versions, each moved to today's where Debian no longer serves it.
effective() { # <section>: "<package> <version>" lines
  find_moved
  locked "$1" | awk -v moved="$MOVED_FILE" '
    BEGIN { while ((getline line < moved) > 0) { split(line, f, " "); m[f[1] " " f[2]] = f[3] } }
    { k = $1 " " $2; print $1, ((k in m) && m[k] != "-" ? m[k] : $2) }' | LC_ALL=C sort
}

# ------------------------------------------------------------------ rootfs
# Mounts what maintainer scripts need and runs a command in the rootfs without network.
in_rootfs() { # <rootfs> <command...>
  local root=$1; shift
  mount -t proc proc "$root/proc"
  local rc=0
  unshare --net chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    DEBIAN_FRONTEND=noninteractive LC_ALL=C SOURCE_DATE_EPOCH="$SOURCE_DATE_EPOCH" "$@" || rc=$?
  umount "$root/proc"
  return $rc
}

base_hash() {
  { echo "$SUITE minbase v1"; effective base; } | sha256sum | cut -d' ' -f1
}

# Prints the path of the cached base tarball, building it when missing.
base_tarball() {
  local hash tarball root t0
  hash="$(base_hash)"
  tarball="$WORK/base-${hash:0:16}.tar"
  if [[ -f "$tarball" ]]; then
    printf '%s\n' "$tarball"
    return
  fi
  t0="$(now)"
  root="$(mktemp -d "$WORK/rootfs-base.XXXXXX")"
  CLEANUP+=("$root")
  local mirror; mirror="$(debian_mirror)"
  log "base: debootstrap --variant=minbase $SUITE (mirror from apt sources: $mirror)"
  debootstrap --variant=minbase --cache-dir="$DEBS" "$SUITE" "$root" "$mirror" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -n 30 "$WORK/debootstrap.log" >&2; die "debootstrap failed (log $WORK/debootstrap.log)"; }
  local want; want="$(effective base)"
  if [[ -z "$want" || "$UPDATE_LOCK" == 1 ]]; then
    # debootstrap takes $SUITE as released; the host's apt sources add its point-release
    # and security updates (bookworm-updates, bookworm-security).
    install_versions "$root" "$(installed_versions "$root" | cut -d' ' -f1)" base
    installed_versions "$root" | write_locked base
  elif [[ "$(installed_versions "$root")" != "$want" ]]; then
    # debootstrap takes $SUITE as released: bring the base to the locked versions (each moved
    # to today's where Debian no longer serves it).
    log "base: installing the locked versions over debootstrap's $SUITE"
    install_versions "$root" "$want" base
    [[ "$(installed_versions "$root")" == "$want" ]] \
      || die "base: the installed versions differ from the locked ones (diff below); npm run lock:refresh re-resolves
$(diff <(printf '%s\n' "$want") <(installed_versions "$root") || true)"
  fi
  # Named after the lock as it is now (a first build has just written it).
  hash="$(base_hash)"
  tarball="$WORK/base-${hash:0:16}.tar"
  tar -C "$root" --numeric-owner -cf "$tarball.tmp" .
  rm -rf "$root"
  mv -f "$tarball.tmp" "$tarball"
  log "base: built in $(since "$t0") s"
  printf '%s\n' "$tarball"
}

# Downloads (on the host, through the host's apt) and installs the given package specs in the rootfs.
install_versions() { # <rootfs> <"pkg version" lines or "pkg" lines> <what, for messages and the log name>
  local root=$1 what=$3 specs=() line
  while read -r line; do
    [[ -z "$line" ]] && continue
    set -- $line
    if [[ $# == 2 ]]; then specs+=("$1=$2"); else specs+=("$1"); fi
  done <<<"$2"
  apt_refresh
  local apt_opts=(-o "Dir::State::status=$root/var/lib/dpkg/status" -o "Dir::Cache::archives=$DEBS"
    -o APT::Install-Recommends=false -o APT::Install-Suggests=false -o Debug::NoLocking=true -o APT::Sandbox::User=root)
  local plan apt_log="$WORK/apt-$what.log"
  if ! plan="$(apt-get -s "${apt_opts[@]}" install "${specs[@]}" 2>&1)"; then
    { printf 'apt-get -s install %s\n\n' "${specs[*]}"; printf '%s\n' "$plan"; } >"$apt_log"
    # apt's own complaints name the packages ("E: Version '...' for 'pkg' was not found",
    # "pkg : Depends: ..."); the full spec list (hundreds of packages) goes to the log only.
    local fix="\`apt-get update\`, then \`npm run lock:refresh\` to re-resolve the lock"
    [[ "$plan" != *"Unable to locate package"* ]] \
      || fix="check the package names in ${RECIPES#"$REPO_DIR/"}/$what/packages (apt-cache search <word> finds Debian's)"
    die "$what: apt cannot resolve these packages:
$(printf '%s\n' "$plan" | grep -E "^(E: |W: | *[^ ]+ : )" | grep -v '^E: Unable to correct problems' | head -n 12 | sed 's/^/  /')
  Fix: $fix; full apt output: $apt_log"
  fi
  mkdir -p "$DEBS/partial"
  if ! apt-get -qq -y --allow-downgrades "${apt_opts[@]}" --download-only install "${specs[@]}" >"$apt_log" 2>&1; then
    die "$what: downloading the packages failed:
$(grep -E '^(E|W): ' "$apt_log" | head -n 8 | sed 's/^/  /')
  Fix: check the Debian mirror in the apt sources answers (apt-get update); full apt output: $apt_log"
  fi
  # The .debs of every package apt plans to install ("Inst <pkg> [old] (<version> ...").
  local debs=() pkg ver file
  while read -r pkg ver; do
    file="$(ls "$DEBS/${pkg}_${ver//:/%3a}_"*.deb 2>/dev/null | head -n 1)"
    [[ -n "$file" ]] || die "no downloaded .deb for $pkg $ver"
    debs+=("$file")
  done < <(printf '%s\n' "$plan" | sed -n 's/^Inst \([^ ]*\) \(\[[^]]*\] \)\{0,1\}(\([^ ]*\) .*/\1 \3/p')
  ((${#debs[@]})) || return 0
  mkdir -p "$root/tmp/debs"
  cp "${debs[@]}" "$root/tmp/debs/"
  printf 'exit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 0755 "$root/usr/sbin/policy-rc.d"
  in_rootfs "$root" sh -c 'apt-get install -y -qq --allow-downgrades --no-install-recommends /tmp/debs/*.deb' \
    >"$WORK/apt-in-rootfs.log" 2>&1 \
    || { tail -n 30 "$WORK/apt-in-rootfs.log" >&2; die "installing the packages in the rootfs failed"; }
  rm -rf "$root/tmp/debs" "$root/usr/sbin/policy-rc.d"
}

# Trims what a server does not need and what would differ between two builds.
normalize_rootfs() { # <rootfs>
  local r=$1
  rm -rf "$r"/usr/share/doc/* "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/usr/share/lintian \
    "$r"/usr/share/locale/* "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/* "$r"/var/cache/ldconfig/* \
    "$r"/var/cache/debconf/*-old "$r"/var/lib/dpkg/*-old "$r"/var/log/* "$r"/tmp/* "$r"/var/tmp/* \
    "$r"/debootstrap "$r"/etc/apt/sources.list "$r"/etc/apt/sources.list.d/* \
    "$r"/etc/resolv.conf "$r"/etc/hostname "$r"/etc/hosts "$r"/etc/machine-id \
    "$r"/etc/ssl/private/ssl-cert-snakeoil.key "$r"/etc/ssl/certs/ssl-cert-snakeoil.pem \
    "$r"/etc/passwd- "$r"/etc/group- "$r"/etc/shadow- "$r"/etc/gshadow- "$r"/etc/subuid- "$r"/etc/subgid- \
    "$r"/root/.bash_history "$r"/var/lib/dpkg/lock* "$r"/var/cache/debconf/*.dat-old
  # Docker provides /dev, /proc and /sys; device nodes from debootstrap do not belong in a layer.
  find "$r/dev" -mindepth 1 -delete
  # Bytecode is regenerated on import (and not written: PYTHONDONTWRITEBYTECODE, read-only root).
  find "$r" -xdev -name __pycache__ -type d -prune -exec rm -rf {} +
  # Days since 1970 in /etc/shadow would be the build day.
  local days=$((SOURCE_DATE_EPOCH / 86400))
  sed -i -E "s/^([^:]*:[^:]*:)[0-9]+:/\1$days:/" "$r/etc/shadow"
  chmod 1777 "$r/tmp" "$r/var/tmp"
}

# ------------------------------------------------------------------ images
image_input_hash() { # <image>
  {
    echo "suite $SUITE epoch $SOURCE_DATE_EPOCH"
    echo "pipeline $PIPELINE_VERSION"
    (cd "$RECIPES/$1" && find . -type f | LC_ALL=C sort | xargs sha256sum)
    effective base
    effective "$1"
  } | sha256sum | cut -d' ' -f1
}

build_image() { # <image>
  local name=$1 repo="docker-iac/$1" hash state t0
  t0="$(now)"
  hash="$(image_input_hash "$name")"
  state="$WORK/$name.state"
  if [[ -f "$state" && "$UPDATE_LOCK" != 1 ]]; then
    local s_hash s_digest
    read -r s_hash s_digest <"$state"
    if [[ "$s_hash" == "$hash" ]] && registry_has_manifest "$repo" "$s_digest"; then
      record_built "$name" "$s_digest" "$hash" "$(image_version "$name" "$(effective "$name")")"
      log "$name: up to date ($s_digest, input ${hash:0:12}) ($(since "$t0") s)"
      return
    fi
  fi

  local base root out
  base="$(base_tarball)"
  root="$(mktemp -d "$WORK/rootfs-$name.XXXXXX")"
  out="$(mktemp -d "$WORK/out-$name.XXXXXX")"
  CLEANUP+=("$root" "$out")
  tar -C "$root" --numeric-owner -xf "$base"
  local want; want="$(effective "$name")"
  if [[ -z "$want" || "$UPDATE_LOCK" == 1 ]]; then
    install_versions "$root" "$(cat "$RECIPES/$name/packages")" "$name"
  else
    # Exactly the locked versions (moved where Debian moved on), plus any package the recipe
    # lists that the lock does not know yet.
    local unlocked
    unlocked="$(grep -vxF -f <(printf '%s\n' "$want" | cut -d' ' -f1) "$RECIPES/$name/packages" || true)"
    [[ -z "$unlocked" ]] || log "$name: the recipe lists $(echo $unlocked) that ${PACKAGES_LOCK#"$REPO_DIR/"} does not; npm run lock:refresh records them"
    install_versions "$root" "$(printf '%s\n' "$want" "$unlocked")" "$name"
  fi
  local got; got="$(installed_versions "$root")"
  if [[ -n "$want" && "$UPDATE_LOCK" != 1 ]]; then
    local missing
    missing="$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$got"))"
    [[ -z "$missing" ]] || die "$name: the locked versions were not installed: $(echo $missing) (npm run lock:refresh re-resolves)"
  else
    # A first build, or a refresh: the lock records what was installed.
    printf '%s\n' "$got" | write_locked "$name"
    hash="$(image_input_hash "$name")"
  fi

  mkdir -p "$root/recipe"
  cp -a "$RECIPES/$name/." "$root/recipe/"
  in_rootfs "$root" /bin/sh /recipe/setup.sh >"$WORK/setup-$name.log" 2>&1 \
    || { tail -n 30 "$WORK/setup-$name.log" >&2; die "$name: setup.sh failed"; }
  rm -rf "$root/recipe"
  normalize_rootfs "$root"

  tar -C "$root" --sort=name --format=gnu --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" -cf "$out/layer.tar" .
  rm -rf "$root"
  local diff_id layer_digest config_digest manifest_digest version
  diff_id="sha256:$(sha256sum "$out/layer.tar" | cut -d' ' -f1)"
  gzip -n -6 <"$out/layer.tar" >"$out/layer.tar.gz"
  layer_digest="sha256:$(sha256sum "$out/layer.tar.gz" | cut -d' ' -f1)"
  version="$(image_version "$name" "$got")"
  jq -S -c --arg created "$CREATED" --arg diff "$diff_id" --arg hash "$hash" --arg name "$name" --arg version "$version" '
    { architecture: "amd64", os: "linux", created: $created,
      config: (. + { Labels: {
        "io.docker-iac.server-image.input-sha256": $hash,
        "org.opencontainers.image.title": ("docker-iac/" + $name),
        "org.opencontainers.image.version": $version,
        "org.opencontainers.image.source": ("tools/dev/server-images/" + $name),
        "org.opencontainers.image.description": ("Debian bookworm packages, built offline by tools/dev/server-images.sh") } }),
      rootfs: { type: "layers", diff_ids: [$diff] },
      history: [ { created: $created, created_by: ("tools/dev/server-images.sh " + $name) } ] }' \
    "$RECIPES/$name/config.json" | tr -d '\n' >"$out/config.json"
  config_digest="sha256:$(sha256sum "$out/config.json" | cut -d' ' -f1)"
  jq -c -n --arg cd "$config_digest" --argjson cs "$(stat -c %s "$out/config.json")" \
    --arg ld "$layer_digest" --argjson ls "$(stat -c %s "$out/layer.tar.gz")" '
    { schemaVersion: 2, mediaType: "application/vnd.docker.distribution.manifest.v2+json",
      config: { mediaType: "application/vnd.docker.container.image.v1+json", size: $cs, digest: $cd },
      layers: [ { mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: $ls, digest: $ld } ] }' \
    | tr -d '\n' >"$out/manifest.json"
  manifest_digest="sha256:$(sha256sum "$out/manifest.json" | cut -d' ' -f1)"

  push_blob "$repo" "$out/layer.tar.gz" "$layer_digest"
  push_blob "$repo" "$out/config.json" "$config_digest"
  push_manifest "$repo" local "$out/manifest.json"
  local size_mb; size_mb="$(awk -v b="$(stat -c %s "$out/layer.tar")" 'BEGIN { printf "%.0f", b / 1048576 }')"
  rm -rf "$out"
  printf '%s %s\n' "$hash" "$manifest_digest" >"$state"

  record_built "$name" "$manifest_digest" "$hash" "$version"
  local lock_digest; lock_digest="$(locked_digest "$name")"
  if [[ "$manifest_digest" == "$lock_digest" ]]; then
    log "$name: built $REGISTRY_ADDR/$repo@$manifest_digest (matches the committed lock; $size_mb MB) in $(since "$t0") s"
  elif [[ -z "$lock_digest" || "$UPDATE_LOCK" == 1 ]]; then
    write_digest "$DIGESTS_LOCK" "$name" "$manifest_digest" "$hash" "$version" "$COMMITTED_COMMENT"
    log "$name: built $REGISTRY_ADDR/$repo@$manifest_digest ($size_mb MB) in $(since "$t0") s; wrote it to ${DIGESTS_LOCK#"$REPO_DIR/"}"
  elif [[ "$hash" != "$(locked_input_hash "$name")" ]]; then
    # Other inputs than the committed record's: packages Debian moved on, or a changed recipe.
    log "$name: built $REGISTRY_ADDR/$repo@$manifest_digest ($size_mb MB) in $(since "$t0") s; the committed lock has $lock_digest from other inputs (moved packages or a changed recipe): deploys here use the new digest, npm run lock:refresh records it"
  else
    die "$name: built $manifest_digest from the same inputs as the committed lock, which pins $lock_digest: the build is not reproducible here (a bug: compare $WORK/setup-$name.log with a machine that gets the locked digest)"
  fi
}

# The digest this machine's registry holds for an image: what deploys use (context serverImagesLock).
record_built() { # <image> <digest> <input hash> <version>
  write_digest "$MACHINE_LOCK" "$@" "$MACHINE_COMMENT"
}

# "<first recipe package> <its version>", e.g. "nginx-light 1.22.1-9+deb12u12".
image_version() { # <image> <"package version" lines>
  local first; first="$(head -n 1 "$RECIPES/$1/packages")"
  printf '%s %s\n' "$first" "$(awk -v p="$first" '$1 == p { print $2 }' <<<"$2")"
}

build_all() { # [image...] (default: all)
  [[ "$(id -u)" == 0 ]] || die "building images needs root (debootstrap, chroot)"
  local t0 names=("$@") name; t0="$(now)"
  ((${#names[@]})) || names=("${IMAGES[@]}")
  for name in "${names[@]}"; do
    [[ " ${IMAGES[*]} " == *" $name "* ]] || die "unknown image '$name' (images: ${IMAGES[*]})"
  done
  mkdir -p "$WORK" "$DEBS"
  # One build at a time on a machine (two deploys that each need an image wait for each other).
  exec 9>"$WORK/build.lock"
  flock -n 9 || { log "another build of the server images is running; waiting for it"; flock 9; }
  ensure_host_packages
  registry_start
  report_moved
  for name in "${names[@]}"; do build_image "$name"; done
  log "server images ready (${names[*]}) in $(since "$t0") s; digests for deploys: $MACHINE_LOCK"
}

# `npm run lock:refresh`: today's versions into both committed locks, and the snapshots that show digests.
refresh() {
  local before_pkgs before_digests
  before_pkgs="$(mktemp)" before_digests="$(mktemp)"
  CLEANUP+=("$before_pkgs" "$before_digests")
  cp "$PACKAGES_LOCK" "$before_pkgs"
  cp "$DIGESTS_LOCK" "$before_digests"
  UPDATE_LOCK=1
  build_all
  local moved
  moved="$(join -j 1 <(awk '!/^#/ && NF == 3 { print $2, $3 }' "$before_pkgs" | LC_ALL=C sort -u) \
    <(awk '!/^#/ && NF == 3 { print $2, $3 }' "$PACKAGES_LOCK" | LC_ALL=C sort -u) | awk '$2 != $3 { print "  " $1, $2, "->", $3 }' | LC_ALL=C sort -u)"
  log "packages that moved:"; printf '%s\n' "${moved:-  none}" >&2
  if cmp -s "$before_digests" "$DIGESTS_LOCK"; then
    log "digests unchanged: nothing else to update"
    return
  fi
  log "digests that moved:"
  jq -r -n --slurpfile a "$before_digests" --slurpfile b "$DIGESTS_LOCK" \
    '$b[0].images | to_entries[] | select($a[0].images[.key].digest != .value.digest) | "  \(.key) \($a[0].images[.key].digest // "-") -> \(.value.digest)"' >&2
  log "updating the snapshots and the README diagrams that show digests"
  (cd "$REPO_DIR" && npx jest --config jest.config.js --ci=false -u test/stacks/stacks.test.ts && npm run --silent readmes) >&2
  log "commit ${PACKAGES_LOCK#"$REPO_DIR/"}, ${DIGESTS_LOCK#"$REPO_DIR/"}, the snapshots and the READMEs (git status shows them)"
}

case "${1:-build}" in
  build) shift || true; build_all "$@" ;;
  check) report_moved warn-only ;;
  refresh) refresh ;;
  registry) ensure_host_packages; registry_start ;;
  stop) registry_stop ;;
  -h | --help | help) sed -n '2,44p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (use: build [image...] | check | refresh | registry | stop)" ;;
esac
