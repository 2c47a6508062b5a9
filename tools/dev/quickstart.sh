#!/usr/bin/env bash
# One command from a fresh clone to a running example: installs the npm packages, sets
# up the toolchain (Docker engine, base image, offline provider; see docs/air-gapped.md),
# deploys the hello stack with the everyday `npm run deploy` and fetches its page.
# Usage: bash tools/dev/quickstart.sh [stack]   (default: hello)
set -euo pipefail
cd "$(dirname "$0")/../.."
stack="${1:-hello}"

[ -d node_modules ] || npm ci --no-audit --no-fund
bash tools/dev/toolchain.sh
# shellcheck disable=SC1091
. "${DOCKER_IAC_CACHE:-$HOME/.cache/docker-iac}/env"

npm run deploy -- "$stack"
if [ "$stack" = hello ]; then
  echo "--- GET http://127.0.0.1:18080/"
  curl -fsS --retry 5 --retry-connrefused http://127.0.0.1:18080/
fi
echo "Deployed '$stack'. Remove it with: npx cdktf destroy $stack --auto-approve --skip-provider-lock"
