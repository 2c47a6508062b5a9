import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { Container, DockerStack, type DockerStackProps, ImmutableImage } from "docker-iac";
import { baseImage, exampleDir } from "./example-inputs";

export interface HelloStackProps extends DockerStackProps {
  /**
   * Host ports of the two containers.
   * @default [18080, 18081]
   */
  readonly hostPorts?: [number, number];
}

/** Image vs. container: one image, two containers started from it, each on its own port. */
export class HelloStack extends DockerStack {
  constructor(scope: Construct, id: string, props: HelloStackProps = {}) {
    super(scope, id, props);
    const [portA, portB] = props.hostPorts ?? [18080, 18081];

    const image = new ImmutableImage(this, "Image", {
      context: exampleDir("hello"),
      buildArgs: { BASE_IMAGE: baseImage(this) },
    });

    const first = new Container(this, "WebA", { image, portForwards: [{ containerPort: 8080, hostPort: portA }] });
    const second = new Container(this, "WebB", { image, portForwards: [{ containerPort: 8080, hostPort: portB }] });

    new TerraformOutput(this, "image_name", { value: image.imageName });
    new TerraformOutput(this, "containers", { value: [first.containerName, second.containerName] });
    new TerraformOutput(this, "urls", { value: [`http://127.0.0.1:${portA}/`, `http://127.0.0.1:${portB}/`] });
  }
}
