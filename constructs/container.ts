import * as path from "path";
import { Container as ContainerResource } from "@cdktf/provider-docker/lib/container";
import {
  DefaultTokenResolver,
  dependable,
  Fn,
  type IResolvable,
  Lazy,
  StringConcat,
  TerraformIterator,
  Token,
  Tokenization,
} from "cdktf";
import { Construct } from "constructs";
import { BridgeNetwork } from "./bridge-network";
import { DefaultsProfile } from "./defaults-profile";
import { type ContainerDependency, DependencyCondition, SERVICE_NAME } from "./container-dependency";
import { DockerStack } from "./docker-stack";
import { ErrorCode } from "./error-code";
import { invalid, isUnresolved, warn } from "./errors";
import type { Healthcheck } from "./healthcheck";
import type { IImage } from "./image";
import { ImmutableImage } from "./immutable-image";
import { EngineClaims } from "./private/engine-claims";
import { labelBlocks } from "./private/labels";
import { type INetwork, NetworkMode } from "./network";
import {
  makePortForward,
  type PortForward,
  type PortForwardOptions,
  type PortForwardSelector,
  Protocol,
} from "./port-forward";
import { canonicalIp, describePortForward } from "./private/port-forwards";
import { RestartPolicy } from "./restart-policy";
import { renderRuntimeOptions, type RuntimeOptions } from "./runtime-options";
import { contentName, imageContentKey } from "./private/content-name";
import { UpdateOrder } from "./swarm-policies";
import { type IVolume, Volume } from "./volume";
import { literal, literalList, literalMap } from "./private/terraform-literal";
import { checkContainerProps, checkJoinArguments } from "./private/validation/container-props";
import { checkHostPath, sensitiveHostPathReason } from "./private/validation/mounts";
import { checkString } from "./private/validation/values";
import { checkContainerPropKeys, checkKnownProps } from "./private/validation/known-props";
import {
  HOST_PATH_MOUNT_OPTIONS_SCHEMA,
  NETWORK_ATTACHMENT_OPTIONS_SCHEMA,
  PORT_FORWARD_OPTIONS_SCHEMA,
  PORT_FORWARD_SELECTOR_SCHEMA,
  VOLUME_MOUNT_OPTIONS_SCHEMA,
} from "./private/validation/option-schemas";
import { schemaKeys } from "./private/validation/schema";
import { waiverLabel } from "./private/container-spec/audit-waiver";
import { defaultsFor, PROFILE_DEFAULTS } from "./private/container-spec/defaults";
import { Environment } from "./private/container-spec/environment";
import { healthcheckForContainer } from "./private/container-spec/healthcheck";
import { checkLabelEntry } from "./private/container-spec/labels";
import {
  checkMountArguments,
  checkMountPath,
  claimTmpfs,
  MountPaths,
  volumeMountName,
} from "./private/container-spec/mounts";
import { resolveSecurity, securityForContainer } from "./private/container-spec/security";

/** Options for joining a bridge network. */
export interface NetworkAttachmentOptions {
  /**
   * Extra DNS names other containers on the network can use.
   * @default - only the container name
   */
  readonly aliases?: string[];
  /**
   * A fixed IPv4 address inside the network's subnet. Prefer names: Docker hands out IPs in order.
   * @default - Docker assigns one
   */
  readonly ipv4Address?: string;
}

export interface VolumeMountOptions {
  /**
   * @default false
   */
  readonly readOnly?: boolean;
}

export interface HostPathMountOptions {
  /**
   * @default true (a container should not write into the host); false in the compose profile
   */
  readonly readOnly?: boolean;
  /**
   * Allow the Docker socket or host system folders (/, /etc, /proc, /sys, /dev, /boot, /usr, /lib).
   * @default false
   */
  readonly allowSensitive?: boolean;
}

/** A named volume mount, as the container holds it. */
export interface VolumeMount {
  readonly volume: IVolume;
  readonly containerPath: string;
  readonly readOnly: boolean;
}

/** A bind mount of a host path, as the container holds it. */
export interface HostPathMount {
  readonly hostPath: string;
  readonly containerPath: string;
  readonly readOnly: boolean;
}

/** A network attachment, as the container holds it. */
export interface NetworkAttachment {
  readonly network: INetwork;
  readonly aliases: string[];
  readonly ipv4Address?: string;
}

export interface ContainerProps extends RuntimeOptions {
  /** The image to run. */
  readonly image: IImage;

  /**
   * Which defaults fill in the settings this container leaves out.
   * @default - the stack's `defaultsProfile`
   */
  readonly defaultsProfile?: DefaultsProfile;

  /**
   * The short name other containers on the same networks reach it by (a network alias), as a
   * Compose service name: `db`, `api`. Unique among the containers of a network. Not the
   * Docker name of the container, which is `containerName`.
   * @default - the construct id in lower case (`Db` -> `db`)
   */
  readonly serviceName?: string;

  /**
   * Containers that must be ready before this one is created, and what ready means
   * (started, healthy, or completed successfully); `addDependency` adds more.
   * @default - none
   */
  readonly dependsOn?: ContainerDependency[];

  /**
   * The Docker name of the container (`docker ps`), also a DNS name on its bridge networks.
   * @default - `<stack namePrefix>-<id>`
   */
  readonly containerName?: string;

  /**
   * Replaces the image's CMD.
   * @default - the image's CMD
   */
  readonly command?: string[];

  /**
   * Replaces the image's ENTRYPOINT.
   * @default - the image's ENTRYPOINT
   */
  readonly entrypoint?: string[];

  /**
   * Environment variables; `addEnvironment` adds more.
   * @default - none
   */
  readonly environment?: Record<string, string>;

  /**
   * Host ports forwarded to container ports; `addPortForward` adds more.
   * @default - none: nothing outside reaches the container
   */
  readonly portForwards?: ({ containerPort: number } & PortForwardOptions)[];

  /**
   * The first network: a `BridgeNetwork`, `Network.HOST` or `Network.NONE`.
   * @default - the stack's own bridge network (never Docker's default `bridge`)
   */
  readonly network?: INetwork;

  /**
   * Options for joining `network` when it is a bridge network.
   * @default - no aliases, a dynamic address
   */
  readonly networkOptions?: NetworkAttachmentOptions;

  /**
   * Named volumes, by container path.
   * @default - none
   */
  readonly volumes?: Record<string, IVolume>;

  /**
   * Healthcheck run by the engine.
   * @default - the image's HEALTHCHECK, if any
   */
  readonly healthcheck?: Healthcheck;

  /**
   * Let `deploy` wait until the healthcheck passes. Needs `healthcheck`.
   * @default false
   */
  readonly waitForHealthy?: boolean;

  /**
   * RestartPolicy.ON_FAILURE bounds the retries (CIS 5.14) but does not bring the container
   * back after a daemon restart (a host reboot): synth warns about it for a long-running container.
   * @default - RestartPolicy.UNLESS_STOPPED, so a daemon restart brings the container back;
   * RestartPolicy.NO when mustRun is false (a one-shot); NO in the compose profile (Docker's)
   */
  readonly restartPolicy?: RestartPolicy;

  /**
   * Restarts after failures before giving up (CIS 5.14); only with `restartPolicy: RestartPolicy.ON_FAILURE`.
   * @default 5 with RestartPolicy.ON_FAILURE (compose profile: unlimited, Docker's)
   */
  readonly maxRestartRetries?: number;

  /**
   * Hard memory limit; swap is disabled (memory-swap equals memory). Docker's minimum is 6 MiB.
   * @default 128 (compose profile: no limit)
   */
  readonly memoryMiB?: number;

  /**
   * Relative CPU weight (Docker's default is 1024). Not `cpus`, which provider 3.6.x mishandles.
   * @default 512 (compose profile: Docker's 1024)
   */
  readonly cpuShares?: number;

  /**
   * `uid:gid` or user name to run as.
   * @default "10001:10001", an unprivileged numeric user every image can run as (compose profile: the image's USER)
   */
  readonly user?: string;

  /**
   * Working directory.
   * @default "/" (compose profile: the image's WORKDIR)
   */
  readonly workingDirectory?: string;

  /**
   * The container's hostname (not with Network.HOST, which uses the host's).
   * @default - the first 12 digits of the container ID
   */
  readonly hostname?: string;

  /**
   * Extra labels.
   * @default - the stack's labels only
   */
  readonly labels?: Record<string, string>;

  /**
   * Keep the container running; a stopped one is started again by the next deploy.
   * Set false for containers that run to completion (batch jobs).
   * @default true
   */
  readonly mustRun?: boolean;

  /**
   * Full access to the host's devices and kernel. Almost never right.
   * @default false
   */
  readonly privileged?: boolean;

  /**
   * Capabilities added back after dropping ALL, e.g. `["NET_BIND_SERVICE"]` (compose profile:
   * added to Docker's default set).
   * @default - none
   */
  readonly capabilities?: string[];

  /**
   * Allow setuid binaries to gain privileges (turns off `no-new-privileges`).
   * @default false (compose profile: true, Docker's)
   */
  readonly allowPrivilegeEscalation?: boolean;

  /**
   * Mount the root filesystem read-only; write to volumes or `tmpfs` paths instead.
   * @default true (compose profile: false)
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * In-memory writable folders, path to mount options.
   * @default { "/tmp": "rw,noexec,nosuid,size=16m" } (compose profile: none)
   */
  readonly tmpfs?: Record<string, string>;

  /**
   * Seconds between SIGTERM and SIGKILL on stop.
   * @default 10 (compose profile: the image's, else Docker's 10)
   */
  readonly stopTimeoutSeconds?: number;

  /**
   * What a deploy that replaces the container does first, as Swarm's update order.
   * START_FIRST: the new container starts under a name of its own (`<name>-<hash of the image
   * and the settings>`), on the same service name, and must be healthy before the old one is
   * removed (Terraform's create_before_destroy). Needs a healthcheck (unless it runs to
   * completion), no containerName, no fixed host port, no host network, no static address, an
   * image named by its content, and start-first dependencies: Terraform replaces a
   * start-first container's dependencies create-before-destroy too.
   * @default UpdateOrder.STOP_FIRST (the old container is removed, then the new one starts: a gap)
   */
  readonly updateOrder?: UpdateOrder;
}

/**
 * A container: a running instance of an image, hardened by default (CIS Docker Benchmark
 * section 5): no privileges, all capabilities dropped, no-new-privileges, read-only root,
 * memory and CPU limits, an unprivileged user, ports on 127.0.0.1 only.
 */
export class Container extends Construct {
  /** The Docker name of the container, as a token that orders creation and destruction. */
  public readonly containerName: string;
  /** The container ID, known after deploy. */
  public readonly containerId: string;
  public readonly image: IImage;
  /** The network type of the first network, fixed at construction. */
  public readonly networkMode: NetworkMode;
  /** The defaults profile this container was built with. */
  public readonly defaultsProfile: DefaultsProfile;
  /** The short name (network alias) other containers reach it by on its bridge networks; not the Docker name. */
  public readonly serviceName: string;
  /**
   * The underlying `docker_container` resource: the escape hatch for what the props do not
   * cover, e.g. `container.resource.addOverride("stop_signal", "SIGINT")`. `npm run audit`
   * reads the synthesized result, overrides included.
   */
  public readonly resource: ContainerResource;
  /** What a deploy that replaces the container does first. */
  public readonly updateOrder: UpdateOrder;
  /** The Docker name without the content hash a start-first container adds; what it claims among the app's names. */
  private readonly baseName: string;
  /** What names the image's content, for a start-first container's name. */
  private readonly imageKey?: string;

  private readonly env = new Environment(this);
  private readonly ports: PortForward[] = [];
  private readonly networks: NetworkAttachment[] = [];
  private readonly volumeMounts: VolumeMount[] = [];
  private readonly hostMounts: HostPathMount[] = [];
  private readonly labels: Record<string, string>;
  private readonly dependencies: { container: Container; condition: DependencyCondition }[] = [];
  private readonly hasHealthcheck: boolean;
  private readonly runsToCompletion: boolean;
  private awaitedBySomeone = false;
  private readonly mountPaths = new MountPaths(this);

  constructor(scope: Construct, id: string, props: ContainerProps) {
    super(scope, id);
    const stack = DockerStack.of(this);
    // Unknown keys first (a typo must not hide behind a later check); a subclass passes its own props through, and its extra keys are its own.
    if (new.target === Container) checkContainerPropKeys(this, props);
    checkContainerProps(this, props);
    this.image = props.image;
    // An image construct is pulled or built on its own stack's engine; another engine does not have it.
    if (Construct.isConstruct(props.image))
      EngineClaims.of(stack).recordUse(this, "image", props.image, DockerStack.of(props.image).host.endpoint);
    this.updateOrder = props.updateOrder ?? UpdateOrder.STOP_FIRST;
    const startFirst = this.updateOrder === UpdateOrder.START_FIRST;
    if (startFirst) this.imageKey = this.checkStartFirst(props);
    this.baseName = EngineClaims.of(stack).claimDockerName(
      this,
      "container",
      props.containerName ?? stack.defaultName(id),
    );
    this.serviceName = props.serviceName ?? id.toLowerCase();
    if (!SERVICE_NAME.test(this.serviceName)) {
      throw invalid(
        this,
        ErrorCode.INVALID_SERVICE_NAME,
        props.serviceName === undefined
          ? `construct id '${id}' does not make a service name (network alias) Docker accepts`
          : `serviceName '${this.serviceName}' is not a name Docker accepts as a network alias`,
        "set serviceName to lower-case letters, digits, '-', '_' or '.', starting with a letter or digit, e.g. 'api'",
      );
    }

    const { profile, defaults } = defaultsFor(this, props.defaultsProfile, stack.defaultsProfile);
    this.defaultsProfile = profile;
    const mustRun = props.mustRun ?? true;
    const restart = props.restartPolicy ?? defaults.restartPolicy(mustRun);
    const memory = props.memoryMiB ?? defaults.memoryMiB;
    const cpuShares = props.cpuShares ?? defaults.cpuShares;
    this.checkRestartRetries(restart, props.restartPolicy === undefined, mustRun, props.maxRestartRetries);
    if (restart === RestartPolicy.ON_FAILURE && mustRun) {
      warn(
        this,
        "restart policy on-failure does not bring the container back after a daemon restart (a host reboot): the daemon stops it, it exits 0, and on-failure restarts only non-zero exits",
        "use RestartPolicy.UNLESS_STOPPED (the default) unless a bounded retry count matters more than coming back",
      );
    }
    const memorySwap = this.memorySwap(memory, props.memorySwapMiB);
    if (props.waitForHealthy && !props.healthcheck) {
      throw invalid(
        this,
        ErrorCode.HEALTHCHECK_REQUIRED,
        "waitForHealthy is set but there is no healthcheck",
        "add a healthcheck or drop waitForHealthy",
      );
    }
    const security = resolveSecurity(this, props, defaults, profile);

    const network = props.network ?? BridgeNetwork.defaultFor(stack);
    rejectOverlay(this, network);
    this.networkMode = network.mode;
    if (props.hostname !== undefined && network.mode === NetworkMode.HOST) {
      throw invalid(
        this,
        ErrorCode.NETWORK_MODE_CONFLICT,
        `hostname '${props.hostname}' on a container in network mode host`,
        "drop hostname: a host-mode container has the host's hostname",
      );
    }
    this.labels = { ...stack.labels, ...props.labels };
    const tmpfs = props.tmpfs ?? defaults.tmpfs;
    claimTmpfs(this.mountPaths, this, Object.keys(tmpfs ?? {}));

    const resource = (this.resource = new ContainerResource(this, "Resource", {
      name: startFirst ? Lazy.stringValue({ produce: () => this._plainName }) : literal(this.baseName),
      image: props.image.imageId,
      command: props.command && literalList(props.command),
      entrypoint: props.entrypoint && literalList(props.entrypoint),
      hostname: props.hostname === undefined ? undefined : literal(props.hostname),
      workingDir: optionalLiteral(props.workingDirectory ?? defaults.workingDirectory),
      env: Lazy.listValue({ produce: () => this.env.forContainer() }, { omitEmpty: true }),
      ports: Lazy.anyValue({ produce: () => this.renderPorts() }, { omitEmptyArray: true }) as unknown as IResolvable,
      networkMode: network.mode === NetworkMode.BRIDGE ? "bridge" : network.mode,
      networksAdvanced: Lazy.anyValue(
        { produce: () => this.renderNetworks() },
        { omitEmptyArray: true },
      ) as unknown as IResolvable,
      volumes: Lazy.anyValue(
        { produce: () => this.renderVolumes() },
        { omitEmptyArray: true },
      ) as unknown as IResolvable,
      labels: Lazy.anyValue({ produce: () => labelBlocks(this.labels) }) as unknown as IResolvable,
      healthcheck: healthcheckForContainer(props.healthcheck),
      wait: props.waitForHealthy ?? false,
      mustRun,
      restart,
      maxRetryCount:
        restart === RestartPolicy.ON_FAILURE ? (props.maxRestartRetries ?? defaults.maxRestartRetries) : undefined,
      memory,
      memorySwap,
      cpuShares,
      ...securityForContainer(security),
      tmpfs: tmpfs && literalMap(tmpfs),
      stopTimeout: props.stopTimeoutSeconds ?? defaults.stopTimeoutSeconds,
      ...renderRuntimeOptions(this, props, network.mode),
    }));
    if (startFirst) {
      resource.lifecycle = { createBeforeDestroy: true };
      if (mustRun) {
        // The old container goes only once the new one is healthy: the provider waits for it.
        resource.wait = true;
        resource.waitTimeout = Math.max(60, Math.ceil(props.healthcheck!._failureSeconds()));
      }
    }
    this.containerName = resource.name;
    this.containerId = resource.id;
    this.hasHealthcheck = props.healthcheck !== undefined;
    this.runsToCompletion = !mustRun;

    if (network.mode === NetworkMode.BRIDGE) this.joinNetwork(network, props.networkOptions);
    else if (props.networkOptions) {
      throw invalid(
        this,
        ErrorCode.NETWORK_MODE_CONFLICT,
        `networkOptions given for network mode ${network.mode}`,
        "aliases and static addresses exist only on bridge networks",
      );
    }
    for (const [name, value] of Object.entries(props.environment ?? {})) this.addEnvironment(name, value);
    for (const { containerPort, ...options } of props.portForwards ?? []) this.addPortForward(containerPort, options);
    for (const [containerPath, volume] of Object.entries(props.volumes ?? {})) this.mountVolume(containerPath, volume);
    for (const dependency of props.dependsOn ?? []) this.addDependency(dependency.container, dependency.condition);
  }

  /**
   * @internal The Docker name as a plain string (`containerName` is a token): for messages and
   * drawings. A start-first container's is derived from its settings, so read it after they are all made.
   */
  public get _plainName(): string {
    if (this.imageKey === undefined) return this.baseName;
    const attributes =
      this.resource.toTerraform().resource[this.resource.terraformResourceType][this.resource.friendlyUniqueId];
    // Not the name itself (this), nor the construct metadata.
    const rest = Object.fromEntries(
      Object.entries(attributes as Record<string, unknown>).filter(([key]) => key !== "name" && key !== "//"),
    );
    return contentName(
      this.baseName,
      this.imageKey,
      Tokenization.resolve(rest, { scope: this, resolver: new DefaultTokenResolver(new StringConcat()) }),
    );
  }

  /** What a start-first container cannot have, as two copies run at once; returns the image's content key. */
  private checkStartFirst(props: ContainerProps): string {
    const refuse = (problem: string, fix: string) =>
      invalid(this, ErrorCode.START_FIRST_CONFLICT, `update order start-first with ${problem}`, fix);
    if (props.containerName !== undefined) {
      throw refuse(
        `containerName '${props.containerName}': the new container cannot take the name while the old one holds it`,
        "drop containerName (the name becomes <name>-<hash>; others reach it by serviceName), or use UpdateOrder.STOP_FIRST",
      );
    }
    if (props.network?.mode === NetworkMode.HOST) {
      throw refuse(
        "network mode host: the new container cannot bind the host ports the old one holds",
        "use a bridge network, or UpdateOrder.STOP_FIRST",
      );
    }
    if (props.networkOptions?.ipv4Address !== undefined) {
      throw refuse(
        `static address ${props.networkOptions.ipv4Address}: the old and the new container cannot both hold it`,
        "drop ipv4Address (reach it by serviceName), or use UpdateOrder.STOP_FIRST",
      );
    }
    if ((props.mustRun ?? true) && !props.healthcheck) {
      throw invalid(
        this,
        ErrorCode.HEALTHCHECK_REQUIRED,
        "update order start-first without a healthcheck: nothing tells when the new container is ready to replace the old one",
        "add a healthcheck, or use UpdateOrder.STOP_FIRST",
      );
    }
    const key = imageContentKey(props.image, props.image instanceof ImmutableImage);
    if (key === undefined) {
      const name = isUnresolved(props.image.imageName)
        ? "an image whose reference is a token"
        : `image '${props.image.imageName}'`;
      throw refuse(
        `${name}, which does not name its content: a new image under the same reference would need a new container under the same name`,
        "use an ImmutableImage or a reference pinned by digest (name@sha256:...), or UpdateOrder.STOP_FIRST",
      );
    }
    return key;
  }

  /**
   * Makes this container wait for `container` at deploy: Terraform creates that one first and,
   * for HEALTHY or COMPLETED_SUCCESSFULLY, waits until it is healthy or has exited with 0.
   */
  public addDependency(container: Container, condition: DependencyCondition = DependencyCondition.STARTED): void {
    const name = container instanceof Container ? container.node.path : String(container);
    if (!(container instanceof Container)) {
      throw invalid(
        this,
        ErrorCode.INVALID_DEPENDENCY,
        `dependsOn entry ${String(name)} is not a Container`,
        "pass a Container of the same stack",
      );
    }
    if (!Object.values(DependencyCondition).includes(condition)) {
      throw invalid(
        this,
        ErrorCode.UNKNOWN_VALUE,
        `unknown dependency condition '${String(condition)}'`,
        `use one of DependencyCondition: ${Object.values(DependencyCondition).join(", ")}`,
      );
    }
    if (container === this)
      throw invalid(
        this,
        ErrorCode.DEPENDENCY_CYCLE,
        "a container cannot depend on itself",
        "remove it from dependsOn",
      );
    if (DockerStack.of(container) !== DockerStack.of(this)) {
      throw invalid(
        this,
        ErrorCode.INVALID_DEPENDENCY,
        `depends on ${name}, which is in another stack`,
        "depend only on containers of the same stack; deploy the other stack first",
      );
    }
    if (this.dependencies.some((d) => d.container === container)) {
      throw invalid(
        this,
        ErrorCode.DUPLICATE_ENTRY,
        `depends on ${name} twice`,
        "list each dependency once, with the strictest condition",
      );
    }
    if (container.dependsTransitivelyOn(this)) {
      throw invalid(
        this,
        ErrorCode.DEPENDENCY_CYCLE,
        `depending on ${name} makes a cycle: it already depends on this container`,
        "remove one of the two dependencies",
      );
    }
    if (condition === DependencyCondition.HEALTHY) {
      if (!container.hasHealthcheck) {
        throw invalid(
          this,
          ErrorCode.HEALTHCHECK_REQUIRED,
          `depends on ${name} being healthy, but it has no healthcheck`,
          `give ${name} a healthcheck, or use DependencyCondition.STARTED`,
        );
      }
      if (container.runsToCompletion) {
        throw invalid(
          this,
          ErrorCode.DEPENDENCY_CONDITION_UNMET,
          `depends on ${name} being healthy, but it runs to completion (mustRun: false)`,
          "use DependencyCondition.COMPLETED_SUCCESSFULLY",
        );
      }
      container.resource.wait = true;
    }
    if (condition === DependencyCondition.COMPLETED_SUCCESSFULLY) {
      if (!container.runsToCompletion) {
        throw invalid(
          this,
          ErrorCode.DEPENDENCY_CONDITION_UNMET,
          `depends on ${name} completing successfully, but it is meant to keep running (mustRun is true)`,
          `set mustRun: false on ${name}, or use DependencyCondition.STARTED or HEALTHY`,
        );
      }
      container.awaitSuccessfulExit();
    }
    // Terraform makes every dependency of a create_before_destroy resource create-before-destroy
    // too, even when only the dependency changes: under a fixed name, its new copy could not start.
    if (this.updateOrder === UpdateOrder.START_FIRST && container.updateOrder !== UpdateOrder.START_FIRST) {
      throw invalid(
        this,
        ErrorCode.START_FIRST_DEPENDENCY,
        `update order start-first, but it depends on ${name}, which is stop-first: Terraform would replace ${name} create-before-destroy too, and its new copy cannot take the name the old one holds`,
        `give ${name} updateOrder: UpdateOrder.START_FIRST, or drop the dependency (e.g. let this container's healthcheck wait for it)`,
      );
    }
    this.dependencies.push({ container, condition });
    this.resource.dependsOn = [...(this.resource.dependsOn ?? []), dependable(container.resource)];
  }

  /** The dependencies, in the order added (a copy). */
  public get dependsOn(): { readonly container: Container; readonly condition: DependencyCondition }[] {
    return this.dependencies.map((d) => ({ ...d }));
  }

  /** Forwards a host port to `containerPort` (on 127.0.0.1 unless `hostIp` says otherwise). */
  public addPortForward(containerPort: number, options: PortForwardOptions = {}): PortForward {
    checkKnownProps(this, "PortForwardOptions", options, schemaKeys(PORT_FORWARD_OPTIONS_SCHEMA));
    if (this.updateOrder === UpdateOrder.START_FIRST && options.hostPort !== undefined) {
      throw invalid(
        this,
        ErrorCode.START_FIRST_HOST_PORT,
        `update order start-first with host port ${options.hostPort}: the new container cannot bind it while the old one holds it`,
        "put a proxy with the fixed port in front (it reaches this one by serviceName), leave hostPort out, or use UpdateOrder.STOP_FIRST",
      );
    }
    if (this.networkMode !== NetworkMode.BRIDGE) {
      throw invalid(
        this,
        ErrorCode.NETWORK_MODE_CONFLICT,
        `port forward for container port ${containerPort} on a container in network mode ${this.networkMode}`,
        this.networkMode === NetworkMode.HOST
          ? "remove the port forward: in host mode the service already listens on the host's ports"
          : "remove the port forward or use a bridge network: mode none has no network to forward to",
      );
    }
    const forward = makePortForward(this, containerPort, options);
    this.ports.push(forward);
    EngineClaims.of(DockerStack.of(this)).claimHostPort(this, forward);
    return forward;
  }

  /**
   * The host port forwarded to `containerPort`: the number itself when the forward names one,
   * else a token for the port Docker picked, read back from the deployed container (use it in a
   * `TerraformOutput`). The forward must exist before this is called.
   */
  public hostPortOf(containerPort: number, selector: PortForwardSelector = {}): number {
    checkKnownProps(this, "PortForwardSelector", selector, schemaKeys(PORT_FORWARD_SELECTOR_SCHEMA));
    const protocol = selector.protocol ?? Protocol.TCP;
    const hostIp = checkString(this, `hostIp of port ${containerPort}`, selector.hostIp);
    const wanted = `${containerPort}/${protocol}${hostIp === undefined ? "" : ` on ${hostIp}`}`;
    const matches = this.ports.filter(
      (p) =>
        p.containerPort === containerPort &&
        p.protocol === protocol &&
        (hostIp === undefined || canonicalIp(p.hostIp) === canonicalIp(hostIp)),
    );
    if (matches.length === 0) {
      const have = this.ports.map((p) => `${p.containerPort}/${p.protocol} on ${p.hostIp}`).join(", ") || "none";
      throw invalid(
        this,
        ErrorCode.NO_SUCH_PORT_FORWARD,
        `hostPortOf(${wanted}): no port forward to that container port (forwards: ${have})`,
        `add it first, e.g. addPortForward(${containerPort}), or ask for one the container has`,
      );
    }
    if (matches.length > 1) {
      throw invalid(
        this,
        ErrorCode.AMBIGUOUS_PORT_FORWARD,
        `hostPortOf(${wanted}) matches ${matches.length} forwards (${matches.map(describePortForward).join(", ")})`,
        "pass the hostIp of the one you mean",
      );
    }
    const [forward] = matches;
    if (forward.hostPort !== undefined) return forward.hostPort;
    // The provider reads the ports back sorted by container port, so their order is not the
    // one written: pick the binding by what identifies it, not by index.
    const filter = `val.external if val.internal == ${containerPort} && val.protocol == "${protocol}" && val.ip == "${canonicalIp(forward.hostIp)}"`;
    return Token.asNumber(
      Fn.one(TerraformIterator.fromList(this.resource.ports as unknown as IResolvable).forExpressionForList(filter)),
    );
  }

  /** Adds an environment variable; the name must be one Docker accepts. */
  public addEnvironment(name: string, value: string): void {
    this.env.set(name, value);
  }

  /** Joins another bridge network; returns the attachment. */
  public joinNetwork(network: INetwork, options: NetworkAttachmentOptions = {}): NetworkAttachment {
    checkKnownProps(this, "NetworkAttachmentOptions", options, schemaKeys(NETWORK_ATTACHMENT_OPTIONS_SCHEMA));
    checkJoinArguments(this, network, options);
    rejectOverlay(this, network);
    if (network.mode !== NetworkMode.BRIDGE) {
      throw invalid(
        this,
        ErrorCode.NETWORK_MODE_CONFLICT,
        `cannot join network mode ${network.mode} as an extra network`,
        "pass Network.HOST or Network.NONE as the container's network prop",
      );
    }
    if (this.networkMode !== NetworkMode.BRIDGE) {
      throw invalid(
        this,
        ErrorCode.NETWORK_MODE_CONFLICT,
        `a container in network mode ${this.networkMode} cannot join network ${describe(network)}`,
        "use a bridge network as the container's network, or drop the extra network",
      );
    }
    if (this.networks.some((n) => n.network === network || describe(n.network) === describe(network))) {
      throw invalid(
        this,
        ErrorCode.DUPLICATE_ENTRY,
        `already joined network ${describe(network)}`,
        "join each network once",
      );
    }
    if (options.ipv4Address !== undefined) {
      if (this.updateOrder === UpdateOrder.START_FIRST) {
        throw invalid(
          this,
          ErrorCode.START_FIRST_CONFLICT,
          `update order start-first with static address ${options.ipv4Address}: the old and the new container cannot both hold it`,
          "drop ipv4Address (reach it by serviceName), or use UpdateOrder.STOP_FIRST",
        );
      }
      if (!(network instanceof BridgeNetwork)) {
        throw invalid(
          this,
          ErrorCode.ADDRESS_NEEDS_SUBNET,
          `static address ${options.ipv4Address} on a network this app does not manage`,
          "use a BridgeNetwork with a subnet",
        );
      }
      network._reserveAddress(this.node.path, options.ipv4Address);
    }
    // Two containers with one service name on a network would share one DNS name. A network of
    // this app keeps the names taken on it in its own stack's registry, whichever stack joins it.
    const networkStack = network instanceof BridgeNetwork ? DockerStack.of(network) : DockerStack.of(this);
    const holder = EngineClaims.of(networkStack).claimServiceName(network, this.serviceName, this.node.path);
    if (holder !== undefined) {
      throw invalid(
        this,
        ErrorCode.SERVICE_NAME_TAKEN,
        `service name '${this.serviceName}' is already taken on network ${describe(network)} by ${holder}`,
        "give one of the two containers another serviceName (or construct id)",
      );
    }
    if (network instanceof BridgeNetwork)
      EngineClaims.of(DockerStack.of(this)).recordUse(this, "network", network, networkStack.host.endpoint);
    const attachment = { network, aliases: [...(options.aliases ?? [])], ipv4Address: options.ipv4Address };
    this.networks.push(attachment);
    return { ...attachment, aliases: this.aliasesOn(attachment) };
  }

  /** Mounts a named volume at `containerPath`. */
  public mountVolume(containerPath: string, volume: IVolume, options: VolumeMountOptions = {}): VolumeMount {
    checkKnownProps(this, "VolumeMountOptions", options, schemaKeys(VOLUME_MOUNT_OPTIONS_SCHEMA));
    checkMountArguments(this, volume, options, VOLUME_MOUNT_OPTIONS_SCHEMA);
    if (this.updateOrder === UpdateOrder.START_FIRST && !options.readOnly) {
      warn(
        this,
        `update order start-first with a writable volume at ${containerPath}: the old and the new container write to it at once for a while`,
        "make sure the app allows two writers (a database does not), mount it readOnly, or use UpdateOrder.STOP_FIRST",
      );
    }
    checkMountPath(this, "container path", containerPath);
    this.mountPaths.claim(containerPath, volumeMountName(volume.volumeName));
    const mount = { volume, containerPath, readOnly: options.readOnly ?? false };
    this.volumeMounts.push(mount);
    if (volume instanceof Volume)
      EngineClaims.of(DockerStack.of(this)).recordUse(this, "volume", volume, DockerStack.of(volume).host.endpoint);
    return { ...mount };
  }

  /** Bind-mounts a host path at `containerPath`; refuses the Docker socket and host system folders unless allowed. */
  public mountHostPath(
    containerPath: string,
    hostPathGiven: string,
    options: HostPathMountOptions = {},
  ): HostPathMount {
    checkKnownProps(this, "HostPathMountOptions", options, schemaKeys(HOST_PATH_MOUNT_OPTIONS_SCHEMA));
    checkMountArguments(this, undefined, options, HOST_PATH_MOUNT_OPTIONS_SCHEMA);
    // Relative paths resolve against the project root (the working directory), like build contexts.
    const hostPath =
      typeof hostPathGiven === "string" &&
      !isUnresolved(hostPathGiven) &&
      hostPathGiven !== "" &&
      !hostPathGiven.startsWith("/")
        ? path.resolve(hostPathGiven)
        : hostPathGiven;
    checkHostPath(this, hostPath);
    checkMountPath(this, "container path", containerPath);
    this.mountPaths.claim(containerPath, `host path ${hostPath}`);
    const reason = sensitiveHostPathReason(hostPath);
    if (reason && !options.allowSensitive) {
      throw invalid(
        this,
        ErrorCode.SENSITIVE_HOST_PATH,
        `refusing to mount host path '${hostPath}': ${reason}`,
        "mount a narrower folder, or set allowSensitive: true if you mean it",
      );
    }
    const mount = {
      hostPath,
      containerPath,
      readOnly: options.readOnly ?? PROFILE_DEFAULTS[this.defaultsProfile].bindMountsReadOnly,
    };
    this.hostMounts.push(mount);
    return { ...mount };
  }

  /** Adds a label. */
  public addLabel(key: string, value: string): void {
    checkLabelEntry(this, key, value);
    this.labels[key] = value;
  }

  /** Records a deliberate exception to a CIS rule; `npm run audit` shows it as waived with the reason. */
  public waiveAuditRule(ruleId: string, reason: string): void {
    const waiver = waiverLabel(this, ruleId, reason);
    this.addLabel(waiver.key, waiver.value);
  }

  private dependsTransitivelyOn(target: Container): boolean {
    return this.dependencies.some((d) => d.container === target || d.container.dependsTransitivelyOn(target));
  }

  /** Deploy waits for the exit (attach) and fails unless the exit code is 0. */
  private awaitSuccessfulExit(): void {
    if (this.awaitedBySomeone) return;
    this.awaitedBySomeone = true;
    this.resource.attach = true;
    // A start-first container's name is only final once its settings are: Terraform fills it in.
    const name = this.updateOrder === UpdateOrder.START_FIRST ? "${self.name}" : literal(this.baseName);
    this.resource.addOverride("lifecycle.postcondition", [
      {
        condition: "${self.exit_code == 0}",
        error_message: `${name} is a dependency that must complete successfully, but it exited with a non-zero code; see: docker logs ${name}`,
      },
    ]);
  }

  /** The port forwards (a copy). */
  public get portForwards(): PortForward[] {
    return this.ports.map((p) => ({ ...p }));
  }

  /** The network attachments (a copy). */
  public get networkAttachments(): NetworkAttachment[] {
    return this.networks.map((n) => ({ ...n, aliases: this.aliasesOn(n) }));
  }

  /** The service name first, then the attachment's own aliases, each once. */
  private aliasesOn(attachment: NetworkAttachment): string[] {
    return [...new Set([this.serviceName, ...attachment.aliases])];
  }

  /** The named volume mounts (a copy). */
  public get mountedVolumes(): VolumeMount[] {
    return this.volumeMounts.map((m) => ({ ...m }));
  }

  /** The host path (bind) mounts (a copy). */
  public get mountedHostPaths(): HostPathMount[] {
    return this.hostMounts.map((m) => ({ ...m }));
  }

  /** The environment (a copy). */
  public get environment(): Record<string, string> {
    return this.env.toObject();
  }

  /** Swap plus memory: explicit, so the plan stays empty (Docker would fill in twice the memory). */
  private memorySwap(memory: number | undefined, swap: number | undefined): number | undefined {
    if (memory === undefined) {
      if (swap !== undefined)
        throw invalid(
          this,
          ErrorCode.CONFLICTING_PROPS,
          `memorySwapMiB ${swap} without memoryMiB`,
          "set memoryMiB too: Docker limits swap only together with memory",
        );
      return undefined;
    }
    if (swap === undefined)
      return this.defaultsProfile === DefaultsProfile.HARDENED || isUnresolved(memory) ? memory : memory * 2;
    if (!isUnresolved(swap) && !isUnresolved(memory) && swap !== -1 && (!Number.isInteger(swap) || swap < memory)) {
      throw invalid(
        this,
        ErrorCode.LIMITS_OUT_OF_ORDER,
        `memorySwapMiB ${swap} is below memoryMiB ${memory}`,
        "give memory plus swap (at least memoryMiB), or -1 for unlimited swap",
      );
    }
    return swap;
  }

  private checkRestartRetries(restart: RestartPolicy, isDefault: boolean, mustRun: boolean, retries?: number): void {
    if (retries !== undefined && restart !== RestartPolicy.ON_FAILURE) {
      // Docker counts retries only for on-failure; say where the policy came from when the user did not set it.
      const source = !isDefault
        ? ""
        : mustRun
          ? " (the default for a long-running container)"
          : " (the default for a one-shot, mustRun: false)";
      throw invalid(
        this,
        ErrorCode.CONFLICTING_PROPS,
        `maxRestartRetries ${retries} with restart policy ${restart}${source}`,
        "drop maxRestartRetries, or set restartPolicy: RestartPolicy.ON_FAILURE, which counts retries but does not restart the container after a daemon restart",
      );
    }
  }

  private renderPorts() {
    return this.ports.map((p) => ({
      internal: p.containerPort,
      external: p.hostPort,
      ip: p.hostIp,
      protocol: p.protocol,
    }));
  }

  private renderNetworks() {
    return this.networks.map((n) => ({
      name: literal(n.network.networkName),
      aliases: literalList(this.aliasesOn(n)),
      ipv4_address: n.ipv4Address === undefined ? undefined : literal(n.ipv4Address),
    }));
  }

  private renderVolumes() {
    return [
      ...this.volumeMounts.map((m) => ({
        volume_name: literal(m.volume.volumeName),
        container_path: literal(m.containerPath),
        read_only: m.readOnly,
      })),
      ...this.hostMounts.map((m) => ({
        host_path: literal(m.hostPath),
        container_path: literal(m.containerPath),
        read_only: m.readOnly,
      })),
    ];
  }
}

/** Overlay networks belong to Swarm services; a plain container on one would bypass the swarm. */
function rejectOverlay(scope: Container, network: INetwork): void {
  if (network.mode === NetworkMode.OVERLAY) {
    throw invalid(
      scope,
      ErrorCode.WRONG_NETWORK_KIND,
      `a container cannot join overlay network ${isUnresolved(network.networkName) ? "(an OverlayNetwork)" : network.networkName}`,
      "run it as a SwarmService, or use a BridgeNetwork",
    );
  }
}

function describe(network: INetwork): string {
  return network instanceof BridgeNetwork ? network._plainName : network.networkName;
}

function optionalLiteral(value: string | undefined): string | undefined {
  return value === undefined ? undefined : literal(value);
}
