#!/usr/bin/env bash
# toolchain.sh — everything docker-iac needs to deploy against a real Docker engine
# on a machine with no Docker Hub and no Terraform registry (see docs/air-gapped.md).
#
#   bash tools/dev/toolchain.sh [setup]   install packages, start/reuse dockerd, build the
#                                         base image, the server images and the Docker provider,
#                                         write the env file
#   bash tools/dev/toolchain.sh setup --without-server-images   the same without the server images
#                                         (the quickstart: hello needs none; `npm run deploy` builds a
#                                         stack's images when it is first deployed); it still checks
#                                         in seconds whether Debian serves every locked version
#   bash tools/dev/toolchain.sh provider  only build the provider releases into the mirror (CI builds
#                                         the extra ones this way while the first e2e pass runs)
#   bash tools/dev/toolchain.sh stop      stop the dockerd and the local registry that this script started (if any)
#   bash tools/dev/toolchain.sh start     start them again (after `stop` or a reboot), building nothing; containers
#                                         with a restart policy that survives it (unless-stopped) come back
#   bash tools/dev/toolchain.sh swarm     make the engine a single-node swarm (tools/dev/swarm.sh up);
#                                         `swarm-leave` undoes it only if it made it
#
#   DOCKER_IAC_PROVIDER_VERSIONS="3.6.2 4.5.0"  also build these provider releases (3.6.2,
#                                         the default, is always built)
#   DOCKER_IAC_PROVIDER_VENDOR=<dir>      where the release source archives are
#                                         (default: ../shared/vendor beside the repository)
#
# Idempotent; runs as root on a fresh Debian machine and in CI. Everything it makes lives
# in $DOCKER_IAC_CACHE (default ~/.cache/docker-iac), outside the repository:
#   env                     file to `source`: TF_CLI_CONFIG_FILE, CDKTF_CONTEXT_JSON, ...
#   terraformrc             Terraform CLI config (filesystem mirror for kreuzwerker/docker)
#   provider-mirror/        registry.terraform.io/kreuzwerker/docker/<V>/linux_amd64/...
#   provider-builds/<sha256>/  each provider build, keyed by its source archive's sha256
#   dockerd.pid, dockerd.log  the daemon this script started (none if one was already up)
#   server-images.lock.json the digests of the server images this machine built (what deploys use)
set -euo pipefail

DOCKER_IAC_CACHE="${DOCKER_IAC_CACHE:-$HOME/.cache/docker-iac}"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOG_TAG=toolchain
# shellcheck source=tools/dev/shell-helpers.sh
. "$SCRIPT_DIR/shell-helpers.sh"

BASE_IMAGE="docker-iac/busybox:local"
BASE_IMAGE_DIR="$SCRIPT_DIR/base-image"
BASE_IMAGE_HASH_LABEL="io.docker-iac.base-image.input-sha256"
BUSYBOX=/bin/busybox

# kreuzwerker/docker, built from the exact release sources in ../shared/vendor (the Go
# module proxy refuses every tagged release: their go.mod names the old module path
# github.com/terraform-providers/...). The default is 3.6.2, the version
# @cdktf/provider-docker 12.0.3 is generated for; DOCKER_IAC_PROVIDER_VERSIONS="3.6.2 4.5.0"
# builds more, side by side in the mirror. sha256 of each archive, from ../shared/vendor/README.md:
declare -A PROVIDER_ARCHIVE_SHA256=(
  [3.6.2]=7f89d8314b6eb998b1afce22fb0d225bc895c0eddfab6d97b3c991f87bf34383
  [4.5.0]=c3186fce50792ce9f867bbdd476f3967ec61471a45e2f37f9ab38ae5d339807e
)
# The release tag commits: without an archive, the Go module proxy is asked for them.
declare -A PROVIDER_RELEASE_COMMIT=(
  [3.6.2]=2f20f8c3ce8290fcd03d96e69c7bc6338897a479
  [4.5.0]=5074970c71ce6cc393c74942d5d628943834beb9
)
PROVIDER_MODULE_PATHS=(github.com/kreuzwerker/terraform-provider-docker
                       github.com/terraform-providers/terraform-provider-docker)
PROVIDER_DEFAULT_VERSION=3.6.2
PROVIDER_VENDOR_DIR="${DOCKER_IAC_PROVIDER_VENDOR:-$SCRIPT_DIR/../../../shared/vendor}"

PID_FILE="$DOCKER_IAC_CACHE/dockerd.pid"
DOCKERD_LOG="$DOCKER_IAC_CACHE/dockerd.log"
MIRROR_DIR="$DOCKER_IAC_CACHE/provider-mirror"
TERRAFORMRC="$DOCKER_IAC_CACHE/terraformrc"
ENV_FILE="$DOCKER_IAC_CACHE/env"
# A CLI config the user points Terraform at themselves to install providers (an air-gapped
# mirror): not the one this script writes, and not a name with no file behind it (some machines
# export TF_CLI_CONFIG_FILE=~/.terraformrc whether or not it exists).
DOCKER_IAC_USER_TF_CLI_CONFIG=""
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && "$TF_CLI_CONFIG_FILE" != "$DOCKER_IAC_CACHE/terraformrc" && -f "$TF_CLI_CONFIG_FILE" ]] \
  && grep -q '^[[:space:]]*provider_installation' "$TF_CLI_CONFIG_FILE"; then
  DOCKER_IAC_USER_TF_CLI_CONFIG="$TF_CLI_CONFIG_FILE"
fi
SERVER_IMAGES_LOCK="$DOCKER_IAC_CACHE/server-images.lock.json"
PROVIDER_BUILDS_DIR="$DOCKER_IAC_CACHE/provider-builds"

STEP_NAME="" STEP_T0=""
step_begin() { STEP_NAME="$1"; STEP_T0="$(now)"; log "$STEP_NAME ..."; }
step_end() { log "$STEP_NAME: ${1:-done} ($(since "$STEP_T0") s)"; }

docker_answers() { timeout "${1:-15}" docker info >/dev/null 2>&1; }

# The pid in the pid file, if that process is still a running dockerd.
our_dockerd_pid() {
  local pid
  [[ -s "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" == dockerd ]] || return 1
  printf '%s\n' "$pid"
}

# ---------------------------------------------------------------------------- 1
busybox_is_static() {
  [[ -x "$BUSYBOX" ]] || return 1
  if dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed'; then
    return 0
  fi
  # ldd fails with "not a dynamic executable" on a static binary.
  ! ldd "$BUSYBOX" >/dev/null 2>&1
}

# Root on a Debian machine installs what is missing; anyone else (a laptop: Docker already
# running, not root, maybe no Go) is never sent to apt: what is missing there has a fallback
# (the public busybox image, the provider from the Terraform registry) or one line with the fix.
step_packages() {
  step_begin "1/5 packages"
  local missing=()
  if ! docker_answers 5; then
    command -v dockerd >/dev/null 2>&1 || missing+=(dockerd)
  fi
  command -v docker >/dev/null 2>&1 || missing+=(docker)
  busybox_is_static || missing+=("static $BUSYBOX")
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  command -v dot >/dev/null 2>&1 || missing+=(dot) # Graphviz: npm run diagram -- --format svg
  if ((${#missing[@]})) && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "missing: ${missing[*]}; installing docker.io busybox-static docker-compose graphviz"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io busybox-static docker-compose graphviz
    busybox_is_static || die "$BUSYBOX is still not a static busybox after installing busybox-static"
    step_end "installed"
  elif ((${#missing[@]})); then
    [[ " ${missing[*]} " == *" docker "* || " ${missing[*]} " == *" dockerd "* ]] \
      && die "no Docker engine answers and ${missing[*]} is missing. Fix: install Docker and start it (as root on Debian: bash tools/dev/toolchain.sh installs Debian's docker.io)"
    step_end "not root: not installing ${missing[*]} (the examples fall back to the public busybox image; diagrams and the Compose bench need dot and docker-compose)"
  else
    step_end "dockerd, docker, static busybox and docker-compose present"
  fi
  command -v terraform >/dev/null 2>&1 || [[ -n "${TERRAFORM_BINARY_NAME:-}" ]] \
    || die "terraform is not on PATH. Fix: install Terraform 1.5 or later, or OpenTofu with TERRAFORM_BINARY_NAME=tofu"
}

# ---------------------------------------------------------------------------- 2
step_engine() {
  step_begin "2/5 docker engine"
  if docker_answers; then
    step_end "reusing the running daemon"
    return
  fi
  local pid other
  [[ "$(id -u)" == 0 ]] || die "no Docker engine answers for user $(id -un) (docker info fails). Fix: start Docker, and let this user use it (sudo usermod -aG docker $(id -un), then log in again)"
  if pid="$(our_dockerd_pid)"; then
    log "dockerd $pid (started by this script) is running but not answering yet; waiting"
  elif other="$(pgrep -x dockerd | head -n 1)" && [[ -n "$other" ]]; then
    # Someone else's daemon (still starting, or on another socket): do not start a
    # second one on top of it, and do not claim it as ours.
    rm -f "$PID_FILE"
    pid="$other"
    log "dockerd $pid (not started by this script) is running but not answering yet; waiting"
  else
    rm -f "$PID_FILE"
    # A fresh session: its own process group and no terminal, so it outlives this
    # script. setsid execs dockerd (we are not a group leader), so $! is dockerd's pid.
    # shellcheck disable=SC2086 # DOCKER_IAC_DOCKERD_ARGS is a list of extra flags
    setsid nohup dockerd ${DOCKER_IAC_DOCKERD_ARGS:-} >>"$DOCKERD_LOG" 2>&1 </dev/null &
    pid=$!
    printf '%s\n' "$pid" >"$PID_FILE"
    log "started dockerd (pid $pid, log $DOCKERD_LOG)"
  fi
  local deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    if docker_answers 5; then
      step_end "dockerd $pid answers"
      return
    fi
    kill -0 "$pid" 2>/dev/null || break # it exited: the log says why
    sleep 1
  done
  log "dockerd $pid did not answer within 60 s; last lines of $DOCKERD_LOG:"
  tail -n 40 "$DOCKERD_LOG" >&2 || true
  die "docker engine is not available"
}

# ---------------------------------------------------------------------------- 3
base_image_hash() {
  # Every file of the build context, in a fixed order: a change to any rebuilds.
  {
    sha256sum "$BASE_IMAGE_DIR/Dockerfile" "$BASE_IMAGE_DIR/passwd" "$BASE_IMAGE_DIR/group" | cut -d' ' -f1
    sha256sum "$BUSYBOX" | cut -d' ' -f1
  } | sha256sum | cut -d' ' -f1
}

step_base_image() {
  step_begin "3/5 base image $BASE_IMAGE"
  local hash current
  if ! busybox_is_static; then
    if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
      step_end "no static busybox here to rebuild it from: using the $BASE_IMAGE the engine has"
    else
      BASE_IMAGE="" # the examples' default: the public busybox image, pulled on first build
      step_end "no static busybox here (Debian: busybox-static): the examples build on the public busybox image"
    fi
    return
  fi
  hash="$(base_image_hash)"
  current="$(docker image inspect -f "{{ index .Config.Labels \"$BASE_IMAGE_HASH_LABEL\" }}" "$BASE_IMAGE" 2>/dev/null || true)"
  if [[ "$current" == "$hash" ]]; then
    step_end "up to date (${hash:0:12})"
    return
  fi
  local old_id ctx version
  old_id="$(docker image inspect -f '{{ .Id }}' "$BASE_IMAGE" 2>/dev/null || true)"
  ctx="$(mktemp -d)"
  on_exit "rm -rf '$ctx'"
  cp "$BASE_IMAGE_DIR/Dockerfile" "$BASE_IMAGE_DIR/passwd" "$BASE_IMAGE_DIR/group" "$ctx/"
  cp "$BUSYBOX" "$ctx/busybox"
  # sed reads to the end: `| head -n 1` would close the pipe while busybox still writes its
  # help, and under pipefail its SIGPIPE (141) ended this script (seen once in a cold CI run).
  version="$("$BUSYBOX" 2>&1 | sed -n '1s/^BusyBox v\([^ ]*\).*/\1/p')"
  # Without the buildx plugin, a recent docker CLI refuses to build unless told to
  # use the classic builder; with it, BuildKit is fine. Either way, nothing is pulled.
  local builder_env=()
  docker buildx version >/dev/null 2>&1 || builder_env=(DOCKER_BUILDKIT=0)
  local out
  if ! out="$(env "${builder_env[@]}" docker build \
    --label "$BASE_IMAGE_HASH_LABEL=$hash" \
    --label "org.opencontainers.image.version=${version:-unknown}" \
    -t "$BASE_IMAGE" "$ctx" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "docker build of $BASE_IMAGE failed"
  fi
  rm -rf "$ctx"
  if [[ -n "$old_id" && "$old_id" != "$(docker image inspect -f '{{ .Id }}' "$BASE_IMAGE")" ]]; then
    docker image rm "$old_id" >/dev/null 2>&1 || true # still used by a container: keep it
  fi
  docker run --rm --network none "$BASE_IMAGE" sh -c 'id app >/dev/null && command -v httpd >/dev/null' \
    || die "the freshly built $BASE_IMAGE does not work"
  step_end "built (busybox ${version:-?}, ${hash:0:12})"
}

# ---------------------------------------------------------------------------- 4
provider_binary() { # <version>
  printf '%s/registry.terraform.io/kreuzwerker/docker/%s/linux_amd64/terraform-provider-docker_v%s\n' \
    "$MIRROR_DIR" "$1" "$1"
}

go_env() { env GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 "$@"; }

# Prints the module's folder in the Go module cache, or fails (within 5 minutes, so an
# unreachable proxy cannot hang the script).
go_download() { # <module> <version>
  local json dir
  json="$(cd / && { go_env timeout 300 go mod download -json "$1@$2" 2>/dev/null || true; })"
  dir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  if [[ -z "$dir" || ! -f "$dir/main.go" ]]; then
    log "$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' | head -n 1 | sed 's/\\n\\t/ /g')"
    return 1
  fi
  printf '%s\n' "$dir"
}

build_provider() { # <source dir> <version> <output file>
  local tmp="$3.tmp.$$"
  mkdir -p "$(dirname "$3")"
  log "building terraform-provider-docker $2 from $1 (4-5 min cold on 2 cores)"
  if ! (cd "$1" && go_env go build -trimpath -ldflags "-s -w -X main.version=$2" -o "$tmp" . >&2); then
    rm -f "$tmp"
    return 1
  fi
  mv -f "$tmp" "$3"
}

# Builds one release into $PROVIDER_BUILDS_DIR/<key>/ (key: the source archive's sha256,
# or the commit when the Go proxy supplied it) unless already there; prints the binary.
provider_build() { # <version>
  local version=$1 archive expected actual key bin src dir module
  expected="${PROVIDER_ARCHIVE_SHA256[$version]:-}"
  [[ -n "$expected" ]] || die "no known source archive for kreuzwerker/docker $version (known: ${!PROVIDER_ARCHIVE_SHA256[*]})"
  archive="$PROVIDER_VENDOR_DIR/terraform-provider-docker-$version.tar.gz"
  if [[ -f "$archive" ]]; then
    # Check the archive before anything reads its content.
    actual="$(sha256sum "$archive" | cut -d' ' -f1)"
    [[ "$actual" == "$expected" ]] \
      || die "$archive has sha256 $actual, expected $expected (see its README): refusing to build it"
    bin="$PROVIDER_BUILDS_DIR/$actual/terraform-provider-docker_v$version"
    if [[ ! -x "$bin" ]]; then
      src="$(mktemp -d "$DOCKER_IAC_CACHE/provider-src.XXXXXX")"
      tar -xzf "$archive" -C "$src"
      build_provider "$src/terraform-provider-docker-$version" "$version" "$bin" \
        || { rm -rf "$src"; die "building terraform-provider-docker $version from $archive failed"; }
      rm -rf "$src"
    fi
    printf '%s\n' "$bin"
    return
  fi
  # No vendored archive (a user without ../shared): the tag commit from the Go module proxy.
  key="commit-${PROVIDER_RELEASE_COMMIT[$version]}"
  bin="$PROVIDER_BUILDS_DIR/$key/terraform-provider-docker_v$version"
  if [[ ! -x "$bin" ]]; then
    log "$archive not found; asking the Go module proxy for the $version tag commit"
    for module in "${PROVIDER_MODULE_PATHS[@]}"; do
      if dir="$(go_download "$module" "${PROVIDER_RELEASE_COMMIT[$version]}")"; then
        build_provider "$dir" "$version" "$bin" || die "building terraform-provider-docker $version from $dir failed"
        break
      fi
    done
    [[ -x "$bin" ]] || die "no source for kreuzwerker/docker $version: put terraform-provider-docker-$version.tar.gz into $PROVIDER_VENDOR_DIR (or set DOCKER_IAC_PROVIDER_VENDOR)"
  fi
  printf '%s\n' "$bin"
}

# The releases to mirror: the default always, then DOCKER_IAC_PROVIDER_VERSIONS.
provider_versions() {
  local versions=("$PROVIDER_DEFAULT_VERSION") v
  for v in ${DOCKER_IAC_PROVIDER_VERSIONS:-}; do
    [[ " ${versions[*]} " == *" $v "* ]] || versions+=("$v")
  done
  printf '%s\n' "${versions[@]}"
}

# Puts a build into the mirror by renaming it into place (one filesystem: atomic), so a
# `terraform init` reading the mirror meanwhile never sees half a binary.
install_in_mirror() { # <binary> <version>
  local dest staging
  dest="$(provider_binary "$2")"
  cmp -s "$1" "$dest" && return 0
  staging="$(mktemp -d "$DOCKER_IAC_CACHE/mirror-staging.XXXXXX")"
  cp -f "$1" "$staging/${dest##*/}"
  mkdir -p "$(dirname "$dest")"
  mv -f "$staging/${dest##*/}" "$dest"
  rmdir "$staging"
}

# Starts building the releases in the background (niced: the steps in the foreground keep
# the CPU; the build's Go module downloads overlap theirs). step_provider waits for it.
PROVIDER_BUILD_PID="" PROVIDER_BUILD_OUT=""
provider_build_start() {
  PROVIDER_BUILD_OUT="$(mktemp "$DOCKER_IAC_CACHE/provider-build-out.XXXXXX")"
  # Its own process group (job control on for this one job; off inside it, so the go processes
  # stay in that group), so however this script ends, the EXIT cleanup stops all of the build.
  set -m
  (
    set +m
    for v in $(provider_versions); do
      bin="$(provider_build "$v")" || exit 1
      printf '%s %s\n' "$v" "$bin" >>"$PROVIDER_BUILD_OUT"
    done
  ) &
  PROVIDER_BUILD_PID=$!
  set +m
  on_exit 'stop_provider_build'
  renice -n 10 -p "$PROVIDER_BUILD_PID" >/dev/null 2>&1 || true
}
stop_provider_build() {
  [[ -n "$PROVIDER_BUILD_PID" ]] && kill -0 "$PROVIDER_BUILD_PID" 2>/dev/null || return 0
  log "stopping the provider build (process group $PROVIDER_BUILD_PID)"
  kill -TERM -- "-$PROVIDER_BUILD_PID" 2>/dev/null || true
}

# Where kreuzwerker/docker comes from: built here into the mirror (Go and the release source),
# a CLI config the user already points Terraform at (TF_CLI_CONFIG_FILE, e.g. an air-gapped
# mirror), or else the Terraform registry at `terraform init` (online users need nothing).
provider_mode() {
  if [[ -n "${DOCKER_IAC_USER_TF_CLI_CONFIG:-}" ]]; then echo user-config
  elif command -v go >/dev/null 2>&1; then echo build
  else echo registry
  fi
}

step_provider() {
  step_begin "4/5 docker provider"
  PROVIDER_VERSION="$PROVIDER_DEFAULT_VERSION"
  case "$(provider_mode)" in
    user-config)
      TERRAFORMRC="$DOCKER_IAC_USER_TF_CLI_CONFIG"
      step_end "using the Terraform CLI config TF_CLI_CONFIG_FILE names ($TERRAFORMRC)"
      return ;;
    registry)
      TERRAFORMRC=""
      step_end "no Go here: terraform init downloads kreuzwerker/docker $PROVIDER_VERSION from the Terraform registry (offline, see docs/air-gapped.md)"
      return ;;
  esac
  [[ -n "$PROVIDER_BUILD_PID" ]] || provider_build_start
  wait "$PROVIDER_BUILD_PID" || { PROVIDER_BUILD_PID=""; die "building the Docker provider failed (see above)"; }
  PROVIDER_BUILD_PID=""
  local v bin key done_list=()
  while read -r v bin; do
    install_in_mirror "$bin" "$v"
    key="${bin#"$PROVIDER_BUILDS_DIR/"}"
    done_list+=("$v (build ${key:0:12})")
  done <"$PROVIDER_BUILD_OUT"
  rm -f "$PROVIDER_BUILD_OUT"
  step_end "mirror holds ${done_list[*]}"

  write_file "$TERRAFORMRC" <<EOF
# Written by docker-iac tools/dev/toolchain.sh. kreuzwerker/docker comes from a local
# filesystem mirror (built from source); every other provider from the registry. No
# plugin_cache_dir: init links the provider from this unpacked mirror anyway, and Terraform's
# cache is not safe for two inits at once (parallel e2e files, two deploys).
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR_DIR"
    include = ["registry.terraform.io/kreuzwerker/docker"]
  }
  direct {
    exclude = ["registry.terraform.io/kreuzwerker/docker"]
  }
}
EOF
}

# Replace a file with stdin only when the content changes (atomically).
write_file() { # <path>
  local tmp="$1.tmp.$$"
  cat >"$tmp"
  if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv -f "$tmp" "$1"; fi
}

# ---------------------------------------------------------------------------- 5
step_env() {
  step_begin "5/5 env file"
  local context
  context="{${BASE_IMAGE:+\"baseImage\":\"$BASE_IMAGE\",}\"dockerProviderVersion\":\"$PROVIDER_VERSION\",\"serverImagesLock\":\"$SERVER_IMAGES_LOCK\"}"
  write_file "$ENV_FILE" <<EOF
# Written by docker-iac tools/dev/toolchain.sh; source it: . "$ENV_FILE"
export DOCKER_IAC_CACHE='$DOCKER_IAC_CACHE'
${TERRAFORMRC:+export TF_CLI_CONFIG_FILE='$TERRAFORMRC'}
export CHECKPOINT_DISABLE=1
# cdktf's CLI otherwise points Terraform at ~/.terraform.d/plugin-cache, which two inits at once
# (parallel deploys, the e2e files) race in: "failed to create directory ... file exists".
export CDKTF_DISABLE_PLUGIN_CACHE_ENV=1
${BASE_IMAGE:+export DOCKER_IAC_BASE_IMAGE='$BASE_IMAGE'}
export DOCKER_IAC_PROVIDER_VERSION='$PROVIDER_VERSION'
export DOCKER_IAC_SERVER_IMAGES_LOCK='$SERVER_IMAGES_LOCK'
export CDKTF_CONTEXT_JSON='$context'
EOF
  step_end "$ENV_FILE"
}

setup() {
  local t0 server_images=1; t0="$(now)"
  case "${1:-}" in
    "") ;;
    --without-server-images) server_images=0 ;;
    *) die "unknown option '$1' (use: setup [--without-server-images])" ;;
  esac
  mkdir -p "$DOCKER_IAC_CACHE"
  step_packages
  [[ "$(provider_mode)" != build ]] || provider_build_start # meanwhile: engine, base image, server images
  step_engine
  step_base_image
  if ((server_images)); then
    # PostgreSQL, Redis, nginx, python3 from Debian packages; local registry
    bash "$SCRIPT_DIR/server-images.sh" build || die "building the server images failed (see above)"
  else
    bash "$SCRIPT_DIR/server-images.sh" check || true # a stale lock shows in every log
  fi
  step_provider
  step_env
  printf '%s\n' "$ENV_FILE"
  log "ready in $(since "$t0") s: docker $(docker version -f '{{ .Server.Version }}' 2>/dev/null || echo '?'), base image ${BASE_IMAGE:-busybox (public)}, kreuzwerker/docker $PROVIDER_VERSION; source $ENV_FILE"
}

stop() {
  local pid
  if ! pid="$(our_dockerd_pid)"; then
    rm -f "$PID_FILE"
    log "stop: no dockerd started by this script is running; nothing to do"
    return 0
  fi
  log "stop: stopping dockerd $pid"
  stop_pid "$pid" 30
  rm -f "$PID_FILE"
  log "stop: done"
}

case "${1:-setup}" in
  setup) shift || true; setup "$@" ;;
  provider) mkdir -p "$DOCKER_IAC_CACHE"; step_provider ;;
  stop) bash "$SCRIPT_DIR/server-images.sh" stop; stop ;;
  start) mkdir -p "$DOCKER_IAC_CACHE"; step_engine; bash "$SCRIPT_DIR/server-images.sh" registry ;;
  swarm) bash "$SCRIPT_DIR/swarm.sh" up ;;
  swarm-leave) bash "$SCRIPT_DIR/swarm.sh" down ;;
  -h | --help | help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (use: setup | start | stop | swarm | swarm-leave)" ;;
esac
