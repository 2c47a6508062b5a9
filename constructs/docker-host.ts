import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ErrorCode } from "./error-code";
import { invalid, isUnresolved } from "./errors";
import { literal, literalList } from "./private/terraform-literal";
import { engineIdentity } from "./private/validation/engine-endpoint";
import { checkKnownProps } from "./private/validation/known-props";
import { DOCKER_HOST_SCHEMA } from "./private/validation/resource-schemas";
import { checkWithSchema, schemaKeys } from "./private/validation/schema";
import { checkObject } from "./private/validation/values";

/** The provider version `@cdktf/provider-docker` 12.0.3 was generated for. */
export const DOCKER_PROVIDER_VERSION = "3.6.2";

export interface DockerHostProps {
  /**
   * The Docker engine to talk to: `unix:///var/run/docker.sock`, `tcp://host:2376` or
   * `ssh://user@host`.
   * @default - the provider's own default: `DOCKER_HOST` if set, else the local socket
   */
  readonly host?: string;

  /**
   * Extra options for `ssh://` hosts, as given to the ssh command (`-o StrictHostKeyChecking=yes`).
   * @default - none
   */
  readonly sshOptions?: string[];

  /**
   * The exact `kreuzwerker/docker` version `terraform init` must install. Change it only
   * when a mirror holds another build (see docs/air-gapped.md).
   * @default "3.6.2"
   */
  readonly providerVersion?: string;
}

/**
 * The Docker engine a stack deploys to: the configured `kreuzwerker/docker` provider.
 * Every stack has exactly one; `DockerStack` creates it.
 */
export class DockerHost extends Construct {
  /**
   * The engine's URL, used to tell whether two stacks share one engine: the `host` prop
   * as given, or `unix:///var/run/docker.sock` when it is left out or names the local socket.
   */
  public readonly endpoint: string;
  /** The provider version written to `required_providers`. */
  public readonly providerVersion: string;
  /** The underlying `docker` provider block (escape hatch: `addOverride` what the props do not cover). */
  public readonly resource: DockerProvider;

  constructor(scope: Construct, id: string, props: DockerHostProps = {}) {
    super(scope, id);
    if (new.target === DockerHost) checkKnownProps(this, "DockerHostProps", props, schemaKeys(DOCKER_HOST_SCHEMA));
    checkWithSchema(this, DOCKER_HOST_SCHEMA, checkObject(this, "props", props) ?? {});
    // The provider's default (DOCKER_HOST, else the local socket) and the same engine
    // spelled out are one engine: normalized so clashes across stacks are found.
    this.endpoint = isUnresolved(props.host) ? props.host! : engineIdentity(this, props.host, process.env.DOCKER_HOST);
    if (props.sshOptions && !this.endpoint.startsWith("ssh://")) {
      throw invalid(
        this,
        ErrorCode.CONFLICTING_PROPS,
        "sshOptions given for a host that is not ssh://",
        "remove sshOptions or use an ssh:// host",
      );
    }
    this.providerVersion = props.providerVersion?.trim() ?? DOCKER_PROVIDER_VERSION;

    this.resource = new DockerProvider(this, "Resource", {
      host: props.host === undefined ? undefined : literal(props.host),
      sshOpts: props.sshOptions && literalList(props.sshOptions),
    });
    if (this.providerVersion !== DOCKER_PROVIDER_VERSION) {
      // The bindings pin 3.6.2; an offline mirror may only hold another build.
      TerraformStack.of(this).addOverride("terraform.required_providers.docker.version", this.providerVersion);
    }
  }
}
