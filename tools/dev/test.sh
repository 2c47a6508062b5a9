#!/usr/bin/env bash
# npm test: every test. The type check and lint first, side by side (under a minute; a type error
# fails before anything deploys). Then the unit tests and the real-deploy suite (tools/dev/e2e.sh)
# side by side: the unit run is CPU work for a minute or two, while the e2e files spend most of
# their time waiting for the engine and Terraform, so together they take about as long as the e2e
# suite alone (CI must stay under 25 minutes). The unit run's output is printed when it ends, the
# e2e suite's as it comes; the exit code is the first failure's. Arguments go to the e2e suite.
set -euo pipefail
cd "$(dirname "$0")/../.."
LOG_TAG=test
# shellcheck source=tools/dev/shell-helpers.sh
. tools/dev/shell-helpers.sh

t0=$(now)
npm run --silent typecheck &
typecheck_pid=$!
lint_rc=0
npm run --silent lint || lint_rc=$?
typecheck_rc=0
wait "$typecheck_pid" || typecheck_rc=$?
((typecheck_rc == 0)) || die "the type check failed (above): npm run typecheck"
((lint_rc == 0)) || die "lint failed (above): npm run lint (npm run format fixes the layout)"
log "type check and lint passed in $(since "$t0") s"

unit_log=$(mktemp)
on_exit "rm -f '$unit_log'"
t1=$(now)
node_modules/.bin/jest --config jest.config.js >"$unit_log" 2>&1 &
unit_pid=$!
on_exit "stop_pid $unit_pid 5"
e2e_rc=0
bash tools/dev/e2e.sh "$@" || e2e_rc=$?
unit_rc=0
wait "$unit_pid" || unit_rc=$?
log "unit tests (run beside the e2e suite), their output:"
cat "$unit_log"
log "unit and e2e took $(since "$t1") s"
((unit_rc == 0)) || die "unit tests failed (above): npm run test:unit"
((e2e_rc == 0)) || die "the e2e suite failed (above): npm run test:e2e"
