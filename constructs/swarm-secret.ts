import { Secret as SecretResource } from "@cdktf/provider-docker/lib/secret";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { DockerStack } from "./docker-stack";
import { ErrorCode } from "./error-code";
import { invalid, isUnresolved } from "./errors";
import { labelBlocks } from "./private/labels";
import { checkSwarmObjectBase, contentAddressedName, readContent } from "./private/swarm-object";
import { literal } from "./private/terraform-literal";
import { checkKnownProps, RENAMED } from "./private/validation/known-props";
import { SWARM_SECRET_SCHEMA } from "./private/validation/resource-schemas";
import { checkWithSchema, schemaKeys } from "./private/validation/schema";
import { requireObject } from "./private/validation/values";

export interface SwarmSecretProps {
  /**
   * The secret's content as a string. It is written (base64) into `cdk.tf.json`: prefer `file`.
   * @default - none: give exactly one of `value` and `file`
   */
  readonly value?: string;

  /**
   * A file holding the content, outside the repository (`~` is expanded). Terraform reads it
   * when it plans, so the content never sits in the synthesized configuration; a missing
   * file fails the plan with its path (`filebase64: no file exists at ...`).
   * @default - none: give exactly one of `value` and `file`
   */
  readonly file?: string;

  /**
   * The Docker name of the secret up to the content hash: the secret is named
   * `<secretNamePrefix>-<first 12 hex digits of the content's sha256>`.
   * @default - `<stack namePrefix>-<id>`
   */
  readonly secretNamePrefix?: string;

  /**
   * Extra labels.
   * @default - the stack's labels only
   */
  readonly labels?: Record<string, string>;
}

/**
 * A Swarm secret (`docker secret create`): given to services as a file under `/run/secrets`,
 * kept encrypted in the managers' Raft log, never in an image or an environment variable.
 * Its name carries a hash of its content: rotating it creates a new secret, rolls the services
 * that mount it onto the new one, and only then removes the old one.
 */
export class SwarmSecret extends Construct {
  /** The secret's ID, a token known after deploy. */
  public readonly secretId: string;
  /**
   * The Docker name of the secret, `<secretNamePrefix>-<first 12 hex digits of the content's
   * sha256>`, as a token that orders creation and destruction.
   */
  public readonly secretName: string;
  /** The underlying `docker_secret` resource (escape hatch). */
  public readonly resource: SecretResource;

  constructor(scope: Construct, id: string, props: SwarmSecretProps) {
    super(scope, id);
    const stack = DockerStack.of(this);
    if (new.target === SwarmSecret)
      checkKnownProps(this, "SwarmSecretProps", props, schemaKeys(SWARM_SECRET_SCHEMA), RENAMED.secret);
    checkWithSchema(
      this,
      SWARM_SECRET_SCHEMA,
      requireObject(this, "props", props, '{ file: "~/.cache/docker-iac/secrets/db-password" }'),
    );
    const base = props.secretNamePrefix ?? stack.defaultName(id);
    let name: string;
    let data: string;
    if (props.file !== undefined && props.value === undefined) {
      if (isUnresolved(props.file) || props.file.trim() === "") {
        throw invalid(
          this,
          ErrorCode.INVALID_HOST_PATH,
          `secret file '${props.file}' is not a plain path`,
          "give a path such as ~/.cache/docker-iac/secrets/db-password",
        );
      }
      checkSwarmObjectBase(this, "secret", base);
      // Hashed and read by Terraform: the content is needed at plan time only, never at synth.
      const file = Fn.pathexpand(literal(props.file));
      name = `${literal(base)}-${Fn.substr(Fn.filesha256(file), 0, 12)}`;
      data = Fn.filebase64(file);
    } else {
      const content = readContent(this, "secret", props);
      name = contentAddressedName(this, "secret", base, content);
      data = content.toString("base64");
    }
    const resource = (this.resource = new SecretResource(this, "Resource", {
      name: isUnresolved(name) ? name : literal(name),
      data,
      labels: labelBlocks(
        Object.fromEntries(
          Object.entries({ ...stack.labels, ...props.labels }).map(([k, v]) => [literal(k), literal(v)]),
        ),
      ),
      lifecycle: {
        // The old secret stays until every service has moved to the new one.
        createBeforeDestroy: true,
      },
    }));
    this.secretName = resource.name;
    this.secretId = resource.id;
  }
}
