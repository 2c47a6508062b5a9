// The bench's copy of the immutable stack for the watch row (`npm run bench -- --only watch`):
// the same ImmutableStack as stacks/app.ts registers, with names, port, source and state of its
// own: stack "bench-immutable", namePrefix "bench-watch" (container bench-watch-app, volume
// bench-watch-data, image docker-iac/bench-watch-image:<content tag>), host port
// BENCH_WATCH_PORT (default 18187), its app's source in BENCH_WATCH_SOURCE (a copy the bench edits).
import { DockerApp } from "docker-iac";
import { ImmutableStack } from "../../stacks/immutable-stack";

const source = process.env.BENCH_WATCH_SOURCE;
if (!source) throw new Error("BENCH_WATCH_SOURCE is not set: the bench passes its copy of examples/immutable");
const app = new DockerApp();
new ImmutableStack(app, "bench-immutable", {
  namePrefix: "bench-watch",
  hostPort: Number(process.env.BENCH_WATCH_PORT ?? "18187"),
  appSource: source,
});
app.synth();
