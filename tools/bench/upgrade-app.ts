// The bench's copies of the stacks whose upgrades `npm run bench -- --only upgrade` compares:
//   BENCH_UPGRADE_KIND=immutable  ImmutableStack (one engine: the container is replaced)
//   BENCH_UPGRADE_KIND=swarm      SwarmStack (a Swarm service, rolled over its three tasks)
// Names start with "bench-up", ports come from BENCH_HOST_PORT, the app's source from
// BENCH_APP_SOURCE (a copy the bench edits), state from BENCH_STATE_FILE, the DB password
// folder from BENCH_SECRETS_DIR: nothing touches a developer's deployed stacks.
import * as path from "path";
import { LocalBackend, TerraformStack } from "cdktf";
import { DockerApp } from "docker-iac";
import { ImmutableStack } from "../../stacks/immutable-stack";
import { SwarmStack } from "../../stacks/swarm-stack";

export const BENCH_UPGRADE_STACK = "bench-upgrade";

const kind = process.env.BENCH_UPGRADE_KIND;
const hostPort = Number(process.env.BENCH_HOST_PORT);
const appSource = process.env.BENCH_APP_SOURCE;
if ((kind !== "immutable" && kind !== "swarm") || !hostPort || !appSource) {
  throw new Error("set BENCH_UPGRADE_KIND (immutable|swarm), BENCH_HOST_PORT and BENCH_APP_SOURCE");
}
const app = new DockerApp();
const namePrefix = `bench-up-${kind}`;
const stack: TerraformStack = kind === "immutable"
  ? new ImmutableStack(app, BENCH_UPGRADE_STACK, { namePrefix, hostPort, appSource })
  : new SwarmStack(app, BENCH_UPGRADE_STACK, { namePrefix, hostPort, apiSource: appSource, secretsDir: process.env.BENCH_SECRETS_DIR });
new LocalBackend(stack, { path: path.resolve(process.env.BENCH_STATE_FILE ?? path.join(app.outdir, `terraform.${BENCH_UPGRADE_STACK}.tfstate`)) });
app.synth();
