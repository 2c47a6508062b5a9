// The bench's own copy of the bridge stack (`npm run bench -- --only deploy`): the same
// BridgeStack class as stacks/app.ts registers, with names, port and state of its own so it
// never touches a developer's deployed `bridge` stack:
//   stack id "bench-bridge", namePrefix "bench" (containers bench-front/bench-back, network
//   bench-app-network, images docker-iac/bench-{front,back}-image:<content tag>),
//   host port BENCH_HOST_PORT (default 18185), state in BENCH_STATE_FILE.
// BENCH_KEEP_IMAGES=1 sets keep_locally on both docker_image resources, so a destroy leaves
// the built images on the engine (the "prebuilt images" rows); unset, the stack is exactly as
// written (keep_locally false: destroy deletes the images, the next deploy builds them again).
import * as path from "path";
import { Image } from "@cdktf/provider-docker/lib/image";
import { LocalBackend } from "cdktf";
import { DockerApp } from "docker-iac";
import { BridgeStack } from "../../stacks/bridge-stack";

export const BENCH_STACK_ID = "bench-bridge";
export const BENCH_NAME_PREFIX = "bench";

const hostPort = Number(process.env.BENCH_HOST_PORT ?? "18185");
const app = new DockerApp();
const stack = new BridgeStack(app, BENCH_STACK_ID, { namePrefix: BENCH_NAME_PREFIX, hostPort });
// cdktf's default local state is ./terraform.<stack>.tfstate in the working directory; keep
// the bench's state out of the repository.
new LocalBackend(stack, {
  path: path.resolve(process.env.BENCH_STATE_FILE ?? path.join(app.outdir, `terraform.${BENCH_STACK_ID}.tfstate`)),
});
if (process.env.BENCH_KEEP_IMAGES === "1") {
  for (const construct of stack.node.findAll()) {
    if (construct instanceof Image) construct.keepLocally = true;
  }
}
app.synth();
