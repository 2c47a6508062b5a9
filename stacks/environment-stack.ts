import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { Container, DockerStack, type DockerStackProps, ImmutableImage } from "docker-iac";
import { baseImage, exampleDir } from "./example-inputs";

export interface EnvironmentStackProps extends DockerStackProps {
  /** The environment's name, e.g. "dev" or "staging": names, labels and APP_ENV derive from it. */
  readonly environment: string;
  /** The host port this environment answers on. */
  readonly hostPort: number;
  /**
   * @default 64
   */
  readonly memoryMiB?: number;
}

/**
 * Provisioning from code: one class, instantiated once per environment. Each instance
 * gets its own names, port and network from the same definition, so environments never drift.
 */
export class EnvironmentStack extends DockerStack {
  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, { ...props, labels: { "io.docker-iac.environment": props.environment, ...props.labels } });
    const web = new Container(this, "Web", {
      image: new ImmutableImage(this, "Image", {
        context: exampleDir("environments"),
        buildArgs: { BASE_IMAGE: baseImage(this) },
      }),
      environment: { APP_ENV: props.environment },
      memoryMiB: props.memoryMiB ?? 64,
      portForwards: [{ containerPort: 8080, hostPort: props.hostPort }],
    });

    new TerraformOutput(this, "url", { value: `http://127.0.0.1:${props.hostPort}/cgi-bin/env` });
    new TerraformOutput(this, "container", { value: web.containerName });
  }
}
