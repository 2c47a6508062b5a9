// Generated app for `npm run bench -- --only scale`: one DockerStack with N containers
// (N from argv[2] or BENCH_SCALE_N), all from one ImmutableImage of examples/hello, all on
// one BridgeNetwork, each with a unique name and one port forward (hostPort left to Docker).
// Synth only: the bench never deploys it. Writes to CDKTF_OUTDIR.
import { BridgeNetwork, Container, DockerApp, DockerStack, ImmutableImage } from "docker-iac";
import { baseImage, exampleDir } from "../../stacks/example-inputs";

const n = Number(process.argv[2] ?? process.env.BENCH_SCALE_N ?? "10");
if (!Number.isInteger(n) || n < 1) {
  throw new Error(
    `scale-app: N must be a whole number of at least 1, got '${process.argv[2] ?? process.env.BENCH_SCALE_N}'`,
  );
}

const app = new DockerApp();
const stack = new DockerStack(app, "bench-scale", { namePrefix: "bench-scale" });
const image = new ImmutableImage(stack, "Image", {
  context: exampleDir("hello"),
  buildArgs: { BASE_IMAGE: baseImage(stack) },
});
const network = new BridgeNetwork(stack, "Net");
for (let i = 0; i < n; i++) {
  new Container(stack, `C${i}`, { image, network, portForwards: [{ containerPort: 8080 }] });
}
app.synth();
