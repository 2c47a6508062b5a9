import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { Container, DockerStack, type DockerStackProps, ImmutableImage } from "docker-iac";
import { baseImage, exampleDir } from "./example-inputs";

export interface IsolationStackProps extends DockerStackProps {
  /**
   * @default 18095
   */
  readonly hostPort?: number;
  /**
   * The memory limit the container sees.
   * @default 64
   */
  readonly memoryMiB?: number;
}

/** What a container is: its own PID 1, hostname, network namespace and memory limit. */
export class IsolationStack extends DockerStack {
  constructor(scope: Construct, id: string, props: IsolationStackProps = {}) {
    super(scope, id, props);
    const hostPort = props.hostPort ?? 18095;
    const box = new Container(this, "Box", {
      image: new ImmutableImage(this, "Image", {
        context: exampleDir("isolation"),
        buildArgs: { BASE_IMAGE: baseImage(this) },
      }),
      hostname: "isolated-box",
      memoryMiB: props.memoryMiB ?? 64,
      portForwards: [{ containerPort: 8080, hostPort }],
    });

    new TerraformOutput(this, "url", { value: `http://127.0.0.1:${hostPort}/cgi-bin/whoami` });
    new TerraformOutput(this, "container", { value: box.containerName });
  }
}
