import { type App, TerraformStack } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import { DockerHost } from "./docker-host";
import { ErrorCode } from "./error-code";
import { invalid } from "./errors";
import { kebab } from "./private/names";
import { isDockerApp } from "./private/app-marker";
import { removeSynthOutput, reportUncaughtProblems } from "./private/problem-report";
// Type only: the network module makes the default network (no import cycle).
import { EngineClaims } from "./private/engine-claims";
import { engineValidations } from "./private/engine-checks";
import { checkLabels } from "./private/validation/labels";
import { checkProviderVersion } from "./private/validation/provider-version";
import { checkObject, checkString, show } from "./private/validation/values";
import { checkFileNameLength } from "./private/validation/file-names";

// Every Docker name is `<namePrefix>-<child>`: the prefix must start a name Docker accepts.
const NAME_PREFIX = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
import { DEFAULTS_PROFILE_CONTEXT, DefaultsProfile } from "./defaults-profile";
import { checkDefaultsProfile } from "./private/container-spec/defaults";
import { checkKnownProps } from "./private/validation/known-props";
import { DOCKER_STACK_SCHEMA } from "./private/validation/resource-schemas";
import { checkWithSchema, schemaKeys } from "./private/validation/schema";

import { STACK_LABEL } from "./label-names";

export interface DockerStackProps {
  /**
   * Prefix of every Docker name in the stack (`<prefix>-web`), also the value of the
   * `io.docker-iac.stack` label. The context value `namePrefix`, when set, is put in front
   * (tests use it to give each run its own names).
   * @default - the stack id in kebab case
   */
  readonly namePrefix?: string;

  /**
   * Labels added to every container, network and volume of the stack.
   * @default - the io.docker-iac.stack label, plus the context value `labels` (an object) if set
   */
  readonly labels?: Record<string, string>;

  /**
   * The Docker engine: `unix://`, `tcp://` or `ssh://` URL.
   * @default - `DOCKER_HOST`, else the local socket
   */
  readonly dockerHost?: string;

  /**
   * Options for an `ssh://` docker host.
   * @default - none
   */
  readonly sshOptions?: string[];

  /**
   * The `kreuzwerker/docker` provider version to install.
   * @default - the context value `dockerProviderVersion`, else "3.6.2"
   */
  readonly providerVersion?: string;

  /**
   * The defaults every container of the stack gets for settings it leaves out; a
   * container can choose its own.
   * @default - the context value `defaultsProfile`, else DefaultsProfile.HARDENED
   */
  readonly defaultsProfile?: DefaultsProfile;
}

/**
 * A Terraform stack that deploys to one Docker engine. It owns the provider, the
 * naming scheme and labels of everything inside, and a private bridge network that
 * containers join when given no other network (never Docker's default `bridge`).
 */
export class DockerStack extends TerraformStack {
  /** Returns the DockerStack that `scope` belongs to. */
  public static of(scope: IConstruct): DockerStack {
    let stack: TerraformStack;
    try {
      stack = TerraformStack.of(scope);
    } catch {
      throw invalid(
        scope,
        ErrorCode.NOT_IN_DOCKER_STACK,
        "is not inside any stack",
        "create docker-iac constructs inside a DockerStack, not directly in the app",
      );
    }
    if (!(stack instanceof DockerStack)) {
      throw invalid(
        scope,
        ErrorCode.NOT_IN_DOCKER_STACK,
        `'${stack.node.path}' is a plain TerraformStack`,
        "create docker-iac constructs inside a DockerStack",
      );
    }
    return stack;
  }

  public readonly namePrefix: string;
  public readonly host: DockerHost;
  /** The defaults profile of the stack's containers (each may choose its own). */
  public readonly defaultsProfile: DefaultsProfile;
  private readonly _labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: DockerStackProps = {}) {
    super(scope, id);
    if (new.target === DockerStack) checkKnownProps(this, "DockerStackProps", props, schemaKeys(DOCKER_STACK_SCHEMA));
    const given = checkObject(this, "props", props) ?? {};
    // cdktf writes the stack to cdktf.out/stacks/<id>, and Terraform its state to terraform.<id>.tfstate.backup.
    checkFileNameLength(
      this,
      "stack id",
      id,
      "the folder cdktf.out/stacks/<id> and the file terraform.<id>.tfstate.backup",
      "terraform..tfstate.backup".length,
    );
    const contextPrefix = checkString(this, "context value namePrefix", this.node.tryGetContext("namePrefix"));
    checkWithSchema(this, DOCKER_STACK_SCHEMA, given);
    const ownPrefix = props.namePrefix;
    for (const [what, prefix] of [
      ["context value namePrefix", contextPrefix],
      ["namePrefix", ownPrefix],
    ]) {
      if (prefix !== undefined && !NAME_PREFIX.test(prefix)) {
        throw invalid(
          this,
          ErrorCode.INVALID_NAME_PREFIX,
          `${what} ${show(prefix)} cannot start a Docker name`,
          "use letters, digits and _ . - only, starting with a letter or digit",
        );
      }
    }
    const derived = ownPrefix ?? kebab(id);
    if (derived === "") {
      throw invalid(
        this,
        ErrorCode.INVALID_NAME_PREFIX,
        `the stack id ${show(id)} gives no name prefix (Docker names take only [a-zA-Z0-9_.-])`,
        "set namePrefix, or use an id with letters or digits",
      );
    }
    this.namePrefix = [contextPrefix, derived].filter(Boolean).join("-");
    // Context labels let a test run tag everything it creates, for clean-up by label.
    const contextLabels = checkLabels(this, "context value labels", this.node.tryGetContext("labels")) ?? {};
    const ownLabels = props.labels ?? {};
    this._labels = { ...contextLabels, ...ownLabels, [STACK_LABEL]: this.namePrefix };
    const contextVersion = checkProviderVersion(
      this,
      "context value dockerProviderVersion",
      this.node.tryGetContext("dockerProviderVersion"),
    );
    const contextProfile = this.node.tryGetContext(DEFAULTS_PROFILE_CONTEXT) as unknown;
    this.defaultsProfile =
      props.defaultsProfile !== undefined
        ? props.defaultsProfile
        : contextProfile !== undefined
          ? checkDefaultsProfile(this, contextProfile, `context value ${DEFAULTS_PROFILE_CONTEXT}`)
          : DefaultsProfile.HARDENED;
    this.host = new DockerHost(this, "DockerHost", {
      host: props.dockerHost,
      sshOptions: props.sshOptions,
      providerVersion: props.providerVersion ?? contextVersion,
    });
    // Constructs register what they take on the engine with the stack (EngineClaims.of); the
    // checks run within the stack here, and DockerApp runs them across all stacks on one engine.
    const claims = new EngineClaims(this, this.host.endpoint);
    for (const validation of engineValidations([claims])) this.node.addValidation(validation);
    if (!isDockerApp(this.node.root)) this.refuseSynthesisOutsideDockerApp();
  }

  /**
   * In cdktf's plain App the checks across stacks (a host port, a name or a subnet taken twice
   * on one engine) never run, and a mistake ends in cdktf's stack trace: writing the stack is
   * refused with one line that says to use DockerApp, printed as DockerApp prints its errors.
   */
  private refuseSynthesisOutsideDockerApp(): void {
    const outdir = (this.node.root as Partial<App>).outdir;
    if (outdir !== undefined)
      reportUncaughtProblems(
        { removeStackOutput: () => removeSynthOutput(outdir, [this.node.id]) },
        { unlessDeclined: true },
      );
    this.synthesizer = {
      synthesize: () => {
        throw invalid(
          this,
          ErrorCode.NOT_IN_DOCKER_APP,
          "is in cdktf's plain App, where the checks across stacks (host ports, names and subnets on one engine) do not run",
          "create the app with new DockerApp() from docker-iac (it takes App's props; in tests: new DockerApp({ context: Testing.app().node.getAllContext() }))",
        );
      },
    };
  }

  /** The default Docker name for a child with this id: `<namePrefix>-<id in kebab case>`. */
  public defaultName(id: string): string {
    return `${this.namePrefix}-${kebab(id)}`;
  }

  /** Labels every Docker object of this stack carries (a copy). */
  public get labels(): Record<string, string> {
    return { ...this._labels };
  }
}
