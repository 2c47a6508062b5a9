#!/usr/bin/env bash
# One command from a fresh clone to a running example: installs the npm packages, sets
# up the toolchain (see docs/air-gapped.md), deploys the hello stack with the everyday
# `npm run deploy` and fetches its page.
#   As root on a Debian machine with no internet: installs and starts Debian's Docker engine,
#   builds the base image and the Docker provider into an offline mirror.
#   As anyone else (a laptop with Docker running): no apt, no Go; the examples build on the
#   public busybox image and Terraform downloads the provider, unless TF_CLI_CONFIG_FILE
#   already points it at a mirror.
# The server images (PostgreSQL, Redis, nginx, python) are not built here: hello needs none,
# and `npm run deploy -- todo` builds them when that stack is first deployed.
# Usage: bash tools/dev/quickstart.sh [stack]   (default: hello)
set -euo pipefail
cd "$(dirname "$0")/../.."
stack="${1:-hello}"

[ -d node_modules ] || npm ci --no-audit --no-fund
bash tools/dev/toolchain.sh setup --without-server-images
# shellcheck disable=SC1091
. "${DOCKER_IAC_CACHE:-$HOME/.cache/docker-iac}/env"

npm run --silent deploy -- --auto-approve "$stack"
if [ "$stack" = hello ]; then
  echo "--- GET http://127.0.0.1:18080/"
  curl -fsS --retry 5 --retry-connrefused http://127.0.0.1:18080/
fi
# cdktf's CLI needs the env file in the shell (TF_CLI_CONFIG_FILE: the offline provider mirror).
echo "Deployed '$stack'. Remove it with: . ${DOCKER_IAC_CACHE:-$HOME/.cache/docker-iac}/env && npx cdktf destroy $stack --auto-approve --skip-provider-lock"
