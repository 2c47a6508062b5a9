#!/usr/bin/env bash
# swarm-cluster.sh — a real three-node Docker Swarm on one machine, for the multi-node tests.
#
#   bash tools/dev/swarm-cluster.sh up               start 3 engines, 1 manager + 2 workers
#   bash tools/dev/swarm-cluster.sh down             stop them and remove everything `up` made
#   bash tools/dev/swarm-cluster.sh stop-node <n>    stop node n's daemon (simulates losing it)
#   bash tools/dev/swarm-cluster.sh start-node <n>   start it again; it rejoins by itself
#   bash tools/dev/swarm-cluster.sh load-images <ref>...  copy images from the manager to the workers
#   bash tools/dev/swarm-cluster.sh import-images <ref>... copy images from the machine's own engine
#                                                         to every node
#   bash tools/dev/swarm-cluster.sh host <n>         print node n's DOCKER_HOST (1 is the manager)
#   bash tools/dev/swarm-cluster.sh address <n>      print node n's address
#
# Each node is a dockerd in its own network namespace (entered with nsenter, not `ip netns
# exec`, which remounts /sys and hides the cgroup mounts), with its own data root, exec root,
# pid file and socket, started with --bridge none --iptables=false so the machine's own engine
# and its firewall rules stay untouched. The namespaces hang off a bridge on a test subnet
# from 198.18.0.0/15 (reserved for network tests); the swarm's overlay addresses come from
# the same block. Each node's 127.0.0.1:5000 is the machine's local registry (the server
# images' digests resolve there, as on a real swarm whose nodes share one registry): a relay
# in each namespace to the bridge address, and one there to the registry (tools/dev/tcp-relay.js).
# Test traffic goes only to these namespaces. Runs as root.
set -euo pipefail

NODES=3
BRIDGE="${DOCKER_IAC_CLUSTER_BRIDGE:-diacsw0}"
NS_PREFIX="diacsw"
SUBNET_PREFIX="198.18.0"          # bridge .1, node n .1n
ADDR_POOL="198.19.0.0/18"
STATE="${DOCKER_IAC_CLUSTER_DIR:-/tmp/docker-iac-swarm-cluster}"
FORWARD_RULE=(FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT)
REGISTRY="${DOCKER_IAC_REGISTRY:-127.0.0.1:5000}"   # the machine's local registry (tools/dev/server-images.sh)
REGISTRY_PORT="${REGISTRY##*:}"
RELAY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tcp-relay.js"

LOG_TAG=swarm-cluster
# shellcheck source=tools/dev/shell-helpers.sh
. "$(dirname "${BASH_SOURCE[0]}")/shell-helpers.sh"

node_dir() { printf '%s/node%s' "$STATE" "$1"; }
node_host() { printf 'unix://%s/docker.sock' "$(node_dir "$1")"; }
node_addr() { printf '%s.1%s' "$SUBNET_PREFIX" "$1"; }
ns() { printf '%s%s' "$NS_PREFIX" "$1"; }
on() { local n="$1"; shift; docker -H "$(node_host "$n")" "$@"; }

node_pid() {
  local pidfile pid
  pidfile="$(node_dir "$1")/dockerd.pid"
  [[ -s "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" == dockerd ]] || return 1
  printf '%s\n' "$pid"
}

wait_answers() { # <node> <seconds>
  local i
  for ((i = 0; i < $2 * 2; i++)); do
    on "$1" info >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  die "node $1 does not answer after $2 s (log: $(node_dir "$1")/dockerd.log)"
}

network_up() {
  ip link show "$BRIDGE" >/dev/null 2>&1 || {
    ip link add "$BRIDGE" type bridge
    ip addr add "$SUBNET_PREFIX.1/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
  }
  # The machine's engine sets FORWARD to DROP and bridged frames pass iptables: allow ours.
  iptables -C "${FORWARD_RULE[@]}" 2>/dev/null || iptables -I "${FORWARD_RULE[@]}"
  local n
  for ((n = 1; n <= NODES; n++)); do
    [[ -e "/var/run/netns/$(ns "$n")" ]] && continue
    ip netns add "$(ns "$n")"
    ip link add "$(ns "$n")h" type veth peer name eth0 netns "$(ns "$n")"
    ip link set "$(ns "$n")h" master "$BRIDGE" up
    ip -n "$(ns "$n")" addr add "$(node_addr "$n")/24" dev eth0
    ip -n "$(ns "$n")" link set eth0 up
    ip -n "$(ns "$n")" link set lo up
    ip -n "$(ns "$n")" route add default via "$SUBNET_PREFIX.1"
  done
}

relay_pid() { # <name>
  local pidfile="$STATE/relay-$1.pid"
  [[ -s "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null && cat "$pidfile"
}

start_relay() { # <name> <listen> <target> [netns]
  relay_pid "$1" >/dev/null && return 0
  if [[ -n "${4:-}" ]]; then
    nsenter --net="/var/run/netns/$4" node "$RELAY" "$2" "$3" >>"$STATE/relay-$1.log" 2>&1 &
  else
    node "$RELAY" "$2" "$3" >>"$STATE/relay-$1.log" 2>&1 &
  fi
  echo $! > "$STATE/relay-$1.pid"
}

registry_up() {
  start_relay host "$SUBNET_PREFIX.1:$REGISTRY_PORT" "$REGISTRY"
  local n
  for ((n = 1; n <= NODES; n++)); do start_relay "node$n" "127.0.0.1:$REGISTRY_PORT" "$SUBNET_PREFIX.1:$REGISTRY_PORT" "$(ns "$n")"; done
  for ((n = 1; n <= NODES; n++)); do
    local i
    for ((i = 0; i < 40; i++)); do
      nsenter --net="/var/run/netns/$(ns "$n")" bash -c "exec 3<>/dev/tcp/127.0.0.1/$REGISTRY_PORT" 2>/dev/null && break
      sleep 0.25
    done
    ((i < 40)) || die "node $n does not reach the registry $REGISTRY through the relay (logs: $STATE/relay-*.log)"
  done
  log "registry $REGISTRY reachable as 127.0.0.1:$REGISTRY_PORT on every node"
}

registry_down() {
  local pidfile
  for pidfile in "$STATE"/relay-*.pid; do
    [[ -e "$pidfile" ]] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

start_node() { # <n>
  local n="$1" dir
  dir="$(node_dir "$n")"
  if node_pid "$n" >/dev/null; then log "node $n already runs"; return 0; fi
  mkdir -p "$dir/data" "$dir/exec"
  nsenter --net="/var/run/netns/$(ns "$n")" dockerd \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    -H "$(node_host "$n")" --bridge none --iptables=false --ip-forward=false \
    --containerd-namespace "$(ns "$n")" --containerd-plugins-namespace "$(ns "$n")-plugins" \
    >>"$dir/dockerd.log" 2>&1 &
  wait_answers "$n" 60
  log "node $n: dockerd $(node_pid "$n") at $(node_addr "$n"), $(node_host "$n")"
}

stop_node() { # <n>
  local pid i
  pid="$(node_pid "$1")" || { log "node $1 is not running"; return 0; }
  kill -TERM "$pid"
  for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  log "node $1 stopped"
}

up() {
  [[ "$(id -u)" == 0 ]] || die "needs root (network namespaces, a bridge, dockerd)"
  mkdir -p "$STATE"
  network_up
  registry_up
  local n
  for ((n = 1; n <= NODES; n++)); do start_node "$n"; done
  if [[ "$(on 1 info --format '{{.Swarm.LocalNodeState}}')" != active ]]; then
    on 1 swarm init --advertise-addr "$(node_addr 1)" --default-addr-pool "$ADDR_POOL" --default-addr-pool-mask-length 24 >/dev/null
  fi
  local token
  token="$(on 1 swarm join-token -q worker)"
  for ((n = 2; n <= NODES; n++)); do
    [[ "$(on "$n" info --format '{{.Swarm.LocalNodeState}}')" == active ]] && continue
    on "$n" swarm join --advertise-addr "$(node_addr "$n")" --token "$token" "$(node_addr 1):2377" >/dev/null
  done
  for ((n = 1; n <= NODES; n++)); do on 1 node update --label-add "docker-iac.node=$n" "$(on "$n" info --format '{{.Swarm.NodeID}}')" >/dev/null; done
  log "swarm of $NODES nodes: manager $(node_addr 1), workers $(node_addr 2) $(node_addr 3)"
  on 1 node ls >&2
}

# Each node's docker_gwbridge (made when it joined the swarm) lives in that node's network
# namespace, as a network in its data root: deleting both (below) removes it once no process
# is left in the namespace, and the machine's own engine never joins this swarm, so there is
# no docker_gwbridge of this cluster for `docker network rm` on any engine that outlives `down`.
down() {
  local n
  for ((n = 1; n <= NODES; n++)); do stop_node "$n"; done
  registry_down
  for ((n = 1; n <= NODES; n++)); do
    # Mounts the engine left (overlay network namespaces, shm) must go before the folder.
    { grep -o " $(node_dir "$n")/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    ip netns del "$(ns "$n")" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  while iptables -C "${FORWARD_RULE[@]}" 2>/dev/null; do iptables -D "${FORWARD_RULE[@]}"; done
  rm -rf "$STATE"
  log "cluster removed"
}

load_images() {
  local n ref
  for ref in "$@"; do
    for ((n = 2; n <= NODES; n++)); do on 1 save "$ref" | on "$n" load -q >/dev/null; done
  done
  log "copied $# image(s) to the workers"
}

import_images() {
  local n ref
  for ref in "$@"; do
    for ((n = 1; n <= NODES; n++)); do docker -H "${MAIN_ENGINE:-unix:///var/run/docker.sock}" save "$ref" | on "$n" load -q >/dev/null; done
  done
  log "copied $# image(s) from the machine's engine to every node"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  stop-node) stop_node "${2:?node number}" ;;
  start-node) start_node "${2:?node number}" ;;
  load-images) shift; load_images "$@" ;;
  import-images) shift; import_images "$@" ;;
  host) node_host "${2:?node number}"; echo ;;
  address) node_addr "${2:?node number}"; echo ;;
  *) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
