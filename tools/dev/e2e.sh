#!/usr/bin/env bash
# npm run test:e2e [-- --provider-sensitive] [jest args]: the real-deploy suite in two jest runs, one
# after the other (never together: the second set needs the engine to itself). First the files that
# share nothing engine-wide, three at a time; then the ones that do, one at a time (test/e2e/sets.js).
# --provider-sensitive: only the files whose behaviour differs between provider releases (CI's
# second release; docs/provider-versions.md). Both runs always run; the exit code is the first failure's.
set -uo pipefail
cd "$(dirname "$0")/../.."
only=""
if [[ "${1:-}" == --provider-sensitive ]]; then only=provider-sensitive; shift; fi
rc=0
for set in parallel serial; do
  t0=$(date +%s)
  DOCKER_IAC_E2E_SET=$set DOCKER_IAC_E2E_ONLY=$only npx jest --config jest.e2e.config.js --passWithNoTests "$@"
  status=$?
  echo "e2e ($set) took $(( $(date +%s) - t0 )) s"
  (( rc != 0 )) || rc=$status
done
exit $rc
