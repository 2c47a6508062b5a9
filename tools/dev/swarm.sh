#!/usr/bin/env bash
# swarm.sh — a single-node Docker Swarm on the engine the toolchain uses, for the `swarm` stack.
#
#   bash tools/dev/swarm.sh up      make the engine a swarm manager if it is not one yet
#                                   (remembered, so `down` leaves only a swarm it made),
#                                   write the DB and cache passwords the stack reads, report IPVS
#   bash tools/dev/swarm.sh down    leave the swarm, only if `up` made it
#   bash tools/dev/swarm.sh ipvs    say whether the kernel has IPVS and which modes work
#
# Addresses come from 198.18.0.0/15 (reserved for network tests), so no overlay network
# looks like someone's real network. Honours DOCKER_HOST and DOCKER_IAC_CACHE.
set -euo pipefail

DOCKER_IAC_CACHE="${DOCKER_IAC_CACHE:-$HOME/.cache/docker-iac}"
MARKER="$DOCKER_IAC_CACHE/swarm-initialised-by-docker-iac"
SECRETS_DIR="${DOCKER_IAC_SWARM_SECRETS_DIR:-$DOCKER_IAC_CACHE/secrets}"
ADDR_POOL="${DOCKER_IAC_SWARM_ADDR_POOL:-198.19.128.0/18}"

log() { printf '[swarm] %s\n' "$*" >&2; }

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
      docker swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377 \
        --default-addr-pool "$ADDR_POOL" --default-addr-pool-mask-length 24 >/dev/null
      date -u +%FT%TZ > "$MARKER"
      log "initialised a single-node swarm (address pool $ADDR_POOL); 'down' will leave it"
      ;;
    *) log "ERROR: the engine answers with swarm state '$(swarm_state)'"; exit 1 ;;
  esac
  write_secrets
  ipvs || true
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
  rm -f "$MARKER"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  ipvs) ipvs ;;
  -h | --help | help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) log "unknown command '$1' (use: up | down | ipvs)"; exit 2 ;;
esac
