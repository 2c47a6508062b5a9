# shellcheck shell=bash
# shell-helpers.sh: what the scripts in tools/dev share, sourced after `set -euo pipefail`:
# one way to log, fail, time, stop a process, and clean up however the script ends (a die,
# a failed command under set -e, Ctrl-C, a TERM). Set LOG_TAG before sourcing it.

log() { printf '[%s] %s\n' "${LOG_TAG:-docker-iac}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

now() { date +%s.%N; }
# Seconds since a `now` reading, one decimal.
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# stop_pid <pid> [grace seconds, default 10]: TERM, then KILL after the grace; returns once it is gone.
stop_pid() {
  local pid="$1" grace="${2:-10}" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < grace * 2; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  log "pid $pid still running after $grace s; sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
}

# on_exit <command>: runs it when the script ends, however it ends; the last registered runs
# first. A signal ends the script through its EXIT trap too (bash runs EXIT on `exit`).
EXIT_CLEANUPS=()
on_exit() {
  EXIT_CLEANUPS=("$1" "${EXIT_CLEANUPS[@]}")
  trap run_exit_cleanups EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}
run_exit_cleanups() {
  local cleanup
  for cleanup in "${EXIT_CLEANUPS[@]}"; do eval "$cleanup" || true; done
}
