import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { Container, DockerStack, type DockerStackProps, ImmutableImage, Network } from "docker-iac";
import { baseImage, exampleDir } from "./example-inputs";

export interface HostStackProps extends DockerStackProps {
  /**
   * The host port the service listens on (on 127.0.0.1).
   * @default 18090
   */
  readonly port?: number;
}

/** Host networking: the container listens on the host's own port, with no port forward. */
export class HostStack extends DockerStack {
  constructor(scope: Construct, id: string, props: HostStackProps = {}) {
    super(scope, id, props);
    const port = props.port ?? 18090;
    const web = new Container(this, "Web", {
      image: new ImmutableImage(this, "Image", {
        context: exampleDir("host"),
        buildArgs: { BASE_IMAGE: baseImage(this) },
      }),
      network: Network.HOST,
      // Listen on loopback only: in host mode there is no port forward to choose the address.
      command: ["httpd", "-f", "-p", `127.0.0.1:${port}`, "-h", "/www"],
    });
    web.waiveAuditRule("5.9", "this example teaches host networking; it listens on 127.0.0.1 only");

    new TerraformOutput(this, "url", { value: `http://127.0.0.1:${port}/` });
    new TerraformOutput(this, "container", { value: web.containerName });
  }
}
