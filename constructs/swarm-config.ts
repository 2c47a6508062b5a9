import { Config as ConfigResource } from "@cdktf/provider-docker/lib/config";
import { Construct } from "constructs";
import { DockerStack } from "./docker-stack";
import { contentAddressedName, readContent } from "./private/swarm-object";
import { literal } from "./private/terraform-literal";
import { checkKnownProps, RENAMED } from "./private/validation/known-props";
import { SWARM_CONFIG_SCHEMA } from "./private/validation/resource-schemas";
import { checkWithSchema, schemaKeys } from "./private/validation/schema";
import { requireObject } from "./private/validation/values";

export interface SwarmConfigProps {
  /**
   * The content as a string.
   * @default - none: give exactly one of `content` and `file`
   */
  readonly content?: string;

  /**
   * A file whose content is read at synth time.
   * @default - none: give exactly one of `content` and `file`
   */
  readonly file?: string;

  /**
   * The Docker name of the config up to the content hash: the config is named
   * `<configNamePrefix>-<first 12 hex digits of the content's sha256>`.
   * @default - `<stack namePrefix>-<id>`
   */
  readonly configNamePrefix?: string;
}

/**
 * A Swarm config (`docker config create`): a file services mount read-only, kept by the
 * managers, so it reaches every node without being baked into an image. Its name carries a
 * hash of its content: changing it creates a new config and rolls the services onto it.
 * (Provider 3.6.2 has no labels on configs; tell them by name.)
 */
export class SwarmConfig extends Construct {
  /** The config's ID, a token known after deploy. */
  public readonly configId: string;
  /**
   * The Docker name of the config, `<configNamePrefix>-<first 12 hex digits of the content's
   * sha256>`, as a token that orders creation and destruction.
   */
  public readonly configName: string;
  /** The underlying `docker_config` resource (escape hatch). */
  public readonly resource: ConfigResource;

  constructor(scope: Construct, id: string, props: SwarmConfigProps) {
    super(scope, id);
    const stack = DockerStack.of(this);
    if (new.target === SwarmConfig)
      checkKnownProps(this, "SwarmConfigProps", props, schemaKeys(SWARM_CONFIG_SCHEMA), RENAMED.config);
    checkWithSchema(this, SWARM_CONFIG_SCHEMA, requireObject(this, "props", props, '{ content: "..." }'));
    const data = readContent(this, "config", { value: props.content, file: props.file }, "content");
    const name = contentAddressedName(this, "config", props.configNamePrefix ?? stack.defaultName(id), data);
    const resource = (this.resource = new ConfigResource(this, "Resource", {
      name: literal(name),
      data: data.toString("base64"),
      lifecycle: { createBeforeDestroy: true },
    }));
    this.configName = resource.name;
    this.configId = resource.id;
  }
}
