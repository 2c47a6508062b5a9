// The README's "Using the constructs" and "Testing your own stack" code, kept runnable.
import { App, Testing } from "cdktf";
import { Container as ContainerResource } from "@cdktf/provider-docker/lib/container";
import { BridgeNetwork, Container, DockerApp, DockerStack, ImmutableImage, Volume } from "docker-iac";

class ShopStack extends DockerStack {
  constructor(scope: App, id: string) {
    super(scope, id);
    const network = new BridgeNetwork(this, "Net");
    const image = new ImmutableImage(this, "ApiImage", { context: "examples/hello", buildArgs: { BASE_IMAGE: "busybox:1.37.0" } });
    const data = new Volume(this, "Data");
    new Container(this, "Api", { image, network, volumes: { "/data": data }, portForwards: [{ containerPort: 8080, hostPort: 18200 }] });
  }
}

test("my stack", () => {
  const app = new DockerApp({ context: Testing.app().node.getAllContext() });
  const stack = new ShopStack(app, "shop");
  const json = Testing.synth(stack, true); // true: run the synth-time checks
  expect(json).toMatchSnapshot();
  expect(json).toHaveResourceWithProperties(ContainerResource, { name: "shop-api", read_only: true });
});
