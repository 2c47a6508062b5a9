import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { BridgeNetwork, Container, DockerStack, type DockerStackProps, ImmutableImage } from "docker-iac";
import { baseImage, exampleDir } from "./example-inputs";

export interface BridgeStackProps extends DockerStackProps {
  /**
   * Host port of the front container, the only published one.
   * @default 18085
   */
  readonly hostPort?: number;
}

/** Two tiers on a user-defined bridge network: the front reaches the back by name. */
export class BridgeStack extends DockerStack {
  constructor(scope: Construct, id: string, props: BridgeStackProps = {}) {
    super(scope, id, props);
    const hostPort = props.hostPort ?? 18085;
    const network = new BridgeNetwork(this, "AppNetwork");
    const buildArgs = { BASE_IMAGE: baseImage(this) };

    const back = new Container(this, "Back", {
      image: new ImmutableImage(this, "BackImage", { context: exampleDir("bridge", "back"), buildArgs }),
      network,
    });
    const front = new Container(this, "Front", {
      image: new ImmutableImage(this, "FrontImage", { context: exampleDir("bridge", "front"), buildArgs }),
      network,
      // By name, never by IP: Docker hands out addresses in order, so they are not fixed.
      environment: { BACK_HOST: back.containerName, BACK_PORT: "8080" },
      portForwards: [{ containerPort: 8080, hostPort }],
    });

    new TerraformOutput(this, "network", { value: network.networkName });
    new TerraformOutput(this, "front_url", { value: `http://127.0.0.1:${hostPort}/cgi-bin/front` });
    new TerraformOutput(this, "containers", { value: [front.containerName, back.containerName] });
  }
}
