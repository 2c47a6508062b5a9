// The bench's own copy of the todo stack (`npm run bench -- --only todo`): the same
// TodoStack class as stacks/app.ts registers, with names, port, secrets and state of its own:
//   stack id "bench-todo", namePrefix "bench-todo" (containers bench-todo-*), host port
//   BENCH_HOST_PORT (default 18121), state in BENCH_STATE_FILE, secrets in BENCH_SECRETS_DIR.
// The database volume is not kept on destroy (each run starts from nothing, like
// `docker-compose down -v`), and the built images are kept (keep_locally), so the first
// deploy compares deploying, not building.
import * as path from "path";
import { Image } from "@cdktf/provider-docker/lib/image";
import { LocalBackend } from "cdktf";
import { DockerApp } from "docker-iac";
import { TodoStack } from "../../stacks/todo-stack";

export const BENCH_TODO_STACK_ID = "bench-todo";

const hostPort = Number(process.env.BENCH_HOST_PORT ?? "18121");
const app = new DockerApp({ context: { secretsDir: process.env.BENCH_SECRETS_DIR } });
const stack = new TodoStack(app, BENCH_TODO_STACK_ID, { namePrefix: "bench-todo", hostPort, keepDataOnDestroy: false });
new LocalBackend(stack, {
  path: path.resolve(process.env.BENCH_STATE_FILE ?? path.join(app.outdir, `terraform.${BENCH_TODO_STACK_ID}.tfstate`)),
});
for (const construct of stack.node.findAll()) {
  if (construct instanceof Image) construct.keepLocally = true;
}
app.synth();
