// The bench's copies of the stacks whose upgrades `npm run bench -- --only upgrade` compares:
//   BENCH_UPGRADE_KIND=todo   TodoStack (one engine: the API container is start-first)
//   BENCH_UPGRADE_KIND=swarm  SwarmStack (a Swarm service, rolled over its three tasks)
// Names start with "bench-up", ports come from BENCH_HOST_PORT, the app's source from
// BENCH_APP_SOURCE (a copy the bench edits), state from BENCH_STATE_FILE, the DB password
// folder from BENCH_SECRETS_DIR (the todo stack generates its password files there): nothing
// touches a developer's deployed stacks.
import * as path from "path";
import { LocalBackend, type TerraformStack } from "cdktf";
import { DockerApp } from "docker-iac";
import { SwarmStack } from "../../stacks/swarm-stack";
import { TodoStack } from "../../stacks/todo-stack";

export const BENCH_UPGRADE_STACK = "bench-upgrade";

const kind = process.env.BENCH_UPGRADE_KIND;
const hostPort = Number(process.env.BENCH_HOST_PORT);
const appSource = process.env.BENCH_APP_SOURCE;
if ((kind !== "todo" && kind !== "swarm") || !hostPort || !appSource) {
  throw new Error("set BENCH_UPGRADE_KIND (todo|swarm), BENCH_HOST_PORT and BENCH_APP_SOURCE");
}
const app = new DockerApp({ context: { secretsDir: process.env.BENCH_SECRETS_DIR } });
const namePrefix = `bench-up-${kind}`;
const stack: TerraformStack =
  kind === "todo"
    ? new TodoStack(app, BENCH_UPGRADE_STACK, { namePrefix, hostPort, apiSource: appSource, keepDataOnDestroy: false })
    : new SwarmStack(app, BENCH_UPGRADE_STACK, {
        namePrefix,
        hostPort,
        apiSource: appSource,
        secretsDir: process.env.BENCH_SECRETS_DIR,
      });
new LocalBackend(stack, {
  path: path.resolve(process.env.BENCH_STATE_FILE ?? path.join(app.outdir, `terraform.${BENCH_UPGRADE_STACK}.tfstate`)),
});
app.synth();
