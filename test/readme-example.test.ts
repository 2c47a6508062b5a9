// The README's "Using the constructs" and "Testing your own stack" code, kept runnable.
import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import type { Construct } from "constructs";
import { Container as ContainerResource } from "@cdktf/provider-docker/lib/container";
import { BridgeNetwork, Container, DockerApp, DockerStack, ImmutableImage, Volume } from "docker-iac";

class ShopStack extends DockerStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const network = new BridgeNetwork(this, "Net");
    const image = new ImmutableImage(this, "ApiImage", {
      context: "examples/hello",
      buildArgs: { BASE_IMAGE: "busybox:1.37.0" },
    });
    const data = new Volume(this, "Data");
    new Container(this, "Api", {
      image,
      network,
      volumes: { "/data": data },
      portForwards: [{ containerPort: 8080, hostPort: 18200 }],
    });
  }
}

test("my stack", () => {
  const app = new DockerApp({ context: Testing.app().node.getAllContext() });
  const stack = new ShopStack(app, "shop");
  const json = Testing.synth(stack, true); // true: run the synth-time checks
  expect(json).toMatchSnapshot();
  expect(json).toHaveResourceWithProperties(ContainerResource, { name: "shop-api", read_only: true });
});

test("the README shows this same class, and builds its app with DockerApp", () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
  const block = /## Using the constructs[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  const own = fs.readFileSync(__filename, "utf8");
  const readmeClass = /class ShopStack[\s\S]*?\n}\n/.exec(block)?.[0];
  expect(readmeClass).toBeDefined();
  expect(own).toContain(readmeClass);
  expect(block).toContain("new DockerApp()");
  expect(block).not.toMatch(/\bnew App\(/);
});
