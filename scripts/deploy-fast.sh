#!/usr/bin/env bash
# The inner loop: synthesize once with the fast entry, then run Terraform directly in
# each stack's folder. Skips what `cdktf deploy` repeats every time (the CLI's start-up,
# a second synth through cdktf.json, `terraform init` when nothing changed).
# State is the same file `cdktf deploy` uses (the stack's local backend path), so both
# can be mixed. Usage: npm run deploy:fast -- [--no-refresh] <stack> [<stack>...]
# --no-refresh skips reading the live objects first (saves ~2 s: the provider waits 2 s
# on every network read); it misses changes made outside Terraform, so it is opt-in.
set -euo pipefail
cd "$(dirname "$0")/.."
apply_flags=()
if [ "${1:-}" = "--no-refresh" ]; then apply_flags+=(-refresh=false); shift; fi
[ $# -ge 1 ] || { echo "usage: npm run deploy:fast -- [--no-refresh] <stack> [<stack>...]" >&2; exit 2; }
export CHECKPOINT_DISABLE=1
tf="${TERRAFORM_BINARY_NAME:-terraform}"

node -r ./scripts/register-ts.js stacks/main.ts
for stack in "$@"; do
  dir="cdktf.out/stacks/$stack"
  [ -f "$dir/cdk.tf.json" ] || { echo "no stack named '$stack' (see cdktf.out/stacks)" >&2; exit 2; }
  # init only when the folder has never been initialised or its provider requirements changed.
  stamp="$dir/.terraform/docker-iac-init.sha256"
  want=$(node -e 'const c=require(process.argv[1]);console.log(JSON.stringify([c.terraform.required_providers,c.terraform.backend]))' "$PWD/$dir/cdk.tf.json" | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    "$tf" -chdir="$dir" init -input=false -no-color >/dev/null
    echo "$want" > "$stamp"
  fi
  "$tf" -chdir="$dir" apply -auto-approve -input=false -no-color ${apply_flags[@]+"${apply_flags[@]}"}
done
