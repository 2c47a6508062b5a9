import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { Container, DockerStack, type DockerStackProps, ImmutableImage, Network, Volume } from "docker-iac";
import { baseImage, exampleDir } from "./example-inputs";

/** Network mode none: a batch job that only has `lo`, writes its result to a volume and exits. */
export class NoneStack extends DockerStack {
  constructor(scope: Construct, id: string, props: DockerStackProps = {}) {
    super(scope, id, props);
    const results = new Volume(this, "Results");
    const job = new Container(this, "Job", {
      image: new ImmutableImage(this, "Image", {
        context: exampleDir("none"),
        buildArgs: { BASE_IMAGE: baseImage(this) },
      }),
      network: Network.NONE,
      volumes: { "/out": results },
      // It exits on purpose: a stopped container is the expected end state.
      mustRun: false,
    });

    new TerraformOutput(this, "volume", { value: results.volumeName });
    new TerraformOutput(this, "container", { value: job.containerName });
  }
}
