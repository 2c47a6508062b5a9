#!/usr/bin/env bash
# swarm.sh — a single-node Docker Swarm on the engine the toolchain uses, for the `swarm` stack.
#
#   bash tools/dev/swarm.sh up      make the engine a swarm manager if it is not one yet
#                                   (remembered, so `down` leaves only a swarm it made),
#                                   write the DB and cache passwords the stack reads, report IPVS
#   bash tools/dev/swarm.sh down    leave the swarm, only if `up` made it, and remove the
#                                   docker_gwbridge network that swarm made once nothing uses it
#   bash tools/dev/swarm.sh ipvs    say whether the kernel has IPVS and which modes work
#
# Addresses come from 198.18.0.0/15 (reserved for network tests), so no overlay network
# looks like someone's real network. Honours DOCKER_HOST and DOCKER_IAC_CACHE.
set -euo pipefail

DOCKER_IAC_CACHE="${DOCKER_IAC_CACHE:-$HOME/.cache/docker-iac}"
MARKER="$DOCKER_IAC_CACHE/swarm-initialised-by-docker-iac"
SECRETS_DIR="${DOCKER_IAC_SWARM_SECRETS_DIR:-$DOCKER_IAC_CACHE/secrets}"
ADDR_POOL="${DOCKER_IAC_SWARM_ADDR_POOL:-198.19.128.0/18}"

LOG_TAG=swarm
# shellcheck source=tools/dev/shell-helpers.sh
. "$(dirname "${BASH_SOURCE[0]}")/shell-helpers.sh"

swarm_state() { docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unreachable; }

# IPVS is what the routing mesh (ingress ports) and VIP load balancing use.
ipvs() {
  if [[ -e /proc/net/ip_vs ]] || { command -v modprobe >/dev/null && modprobe -q ip_vs 2>/dev/null && [[ -e /proc/net/ip_vs ]]; }; then
    log "IPVS: available. Every mode works: ingress and host-mode ports, endpoint modes vip and dnsrr."
    return 0
  fi
  log "IPVS: not available in this kernel (/proc/net/ip_vs absent, modprobe ip_vs failed)."
  log "  works: overlay networks, endpoint mode dnsrr, ports published in host mode"
  log "  does not work: ports published in ingress mode (never answer), endpoint mode vip (no load balancing)"
  return 1
}

write_secrets() {
  mkdir -p "$SECRETS_DIR" && chmod 700 "$SECRETS_DIR"
  local name file
  for name in db cache; do
    file="$SECRETS_DIR/swarm-$name-password"
    [[ -s "$file" ]] && continue
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$file")
    log "wrote a new $name password to $file"
  done
}

up() {
  mkdir -p "$DOCKER_IAC_CACHE"
  case "$(swarm_state)" in
    active) log "the engine is already a swarm node; leaving it as it is" ;;
    inactive)
      # docker_gwbridge is made by swarm init unless it is there already: someone's own (made
      # with a subnet of their choice before joining a swarm, say), which `down` leaves alone.
      local gwbridge=made-by-init
      docker network inspect docker_gwbridge >/dev/null 2>&1 && gwbridge=existed
      docker swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377 \
        --default-addr-pool "$ADDR_POOL" --default-addr-pool-mask-length 24 >/dev/null
      printf '%s\ndocker_gwbridge=%s\n' "$(date -u +%FT%TZ)" "$gwbridge" > "$MARKER"
      log "initialised a single-node swarm (address pool $ADDR_POOL); 'down' will leave it"
      ;;
    *) log "ERROR: the engine answers with swarm state '$(swarm_state)'"; exit 1 ;;
  esac
  write_secrets
  ipvs || true
}

# Docker makes docker_gwbridge when the engine joins a swarm and leaves it behind when it
# leaves; removing it then is the documented way to reset it. This removes only the one made
# by the swarm `up` initialised, once the engine is out of the swarm and no container uses it.
remove_gwbridge() {
  local made users i out
  made="$(sed -n 's/^docker_gwbridge=//p' "$MARKER")"
  docker network inspect docker_gwbridge >/dev/null 2>&1 || return 0
  case "$made" in
    made-by-init) ;;
    existed) log "docker_gwbridge was there before 'up' initialised the swarm; leaving it"; return 0 ;;
    *)
      log "docker_gwbridge: not known whether the swarm made it (marker from an older swarm.sh); leaving it (docker network rm docker_gwbridge removes it)"
      return 0
      ;;
  esac
  [[ "$(swarm_state)" == inactive ]] || { log "docker_gwbridge: the engine is still in a swarm; leaving it"; return 0; }
  # The engine's own ingress endpoint (gateway_ingress-sbox) goes as it leaves: give it a moment.
  for ((i = 0; i < 10; i++)); do
    users="$(docker network inspect docker_gwbridge -f '{{len .Containers}}' 2>/dev/null)" || return 0
    [[ "$users" == 0 ]] && break
    sleep 0.5
  done
  if [[ "$users" != 0 ]]; then
    log "docker_gwbridge still connects $users container(s) ($(docker network inspect docker_gwbridge -f '{{range .Containers}}{{.Name}} {{end}}' 2>/dev/null || true)); leaving it"
    return 0
  fi
  if ! out="$(docker network rm docker_gwbridge 2>&1 >/dev/null)"; then
    log "docker_gwbridge: could not remove it ($out); leaving it"
    return 0
  fi
  log "removed docker_gwbridge, which the swarm made and no container uses any more"
}

down() {
  if [[ ! -f "$MARKER" ]]; then
    log "this script did not initialise the swarm; leaving the engine as it is"
    return 0
  fi
  if [[ "$(swarm_state)" == active ]]; then
    docker swarm leave --force >/dev/null
    log "left the swarm this script initialised"
  fi
  remove_gwbridge
  rm -f "$MARKER"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  ipvs) ipvs ;;
  -h | --help | help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) log "unknown command '$1' (use: up | down | ipvs)"; exit 2 ;;
esac
