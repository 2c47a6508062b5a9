import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { Container, DockerStack, type DockerStackProps, ImmutableImage, Volume } from "docker-iac";
import { baseImage, exampleDir } from "./example-inputs";

export interface ImmutableStackProps extends DockerStackProps {
  /**
   * The app's source folder (tests point it at a changed copy).
   * @default examples/immutable
   */
  readonly appSource?: string;
  /**
   * @default 18100
   */
  readonly hostPort?: number;
}

/**
 * Immutable infrastructure: a new version is a new image and a new container, never a
 * patched one; state lives in a named volume that outlives every version.
 */
export class ImmutableStack extends DockerStack {
  constructor(scope: Construct, id: string, props: ImmutableStackProps = {}) {
    super(scope, id, props);
    const hostPort = props.hostPort ?? 18100;
    const data = new Volume(this, "Data");
    const image = new ImmutableImage(this, "Image", {
      context: props.appSource ?? exampleDir("immutable"),
      buildArgs: { BASE_IMAGE: baseImage(this) },
    });
    const app = new Container(this, "App", {
      image,
      volumes: { "/data": data },
      portForwards: [{ containerPort: 8080, hostPort }],
    });

    new TerraformOutput(this, "image_name", { value: image.imageName });
    new TerraformOutput(this, "url", { value: `http://127.0.0.1:${hostPort}/cgi-bin/app` });
    new TerraformOutput(this, "container", { value: app.containerName });
    new TerraformOutput(this, "volume", { value: data.volumeName });
  }
}
