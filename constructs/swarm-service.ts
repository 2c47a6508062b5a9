import * as path from "path";
import type { Image as ImageResource } from "@cdktf/provider-docker/lib/image";
import { Service as ServiceResource } from "@cdktf/provider-docker/lib/service";
import { type IResolvable, Lazy } from "cdktf";
import { Construct } from "constructs";
import type { VolumeMountOptions } from "./container";
import type { DefaultsProfile } from "./defaults-profile";
import { DockerStack } from "./docker-stack";
import { ErrorCode } from "./error-code";
import { invalid, isUnresolved, warn, withCode } from "./errors";
import type { Healthcheck } from "./healthcheck";
import { serviceDurationSeconds } from "./private/validation/duration";
import type { IImage } from "./image";
import { ImmutableImage } from "./immutable-image";
import { EngineClaims } from "./private/engine-claims";
import { labelBlocks } from "./private/labels";
import { type INetwork, NetworkMode } from "./network";
import { OverlayNetwork } from "./overlay-network";
import { Protocol } from "./port-forward";
import { renderPolicy } from "./private/update-policy";
import {
  EndpointMode,
  PublishMode,
  ServiceMode,
  type TaskRestartCondition,
  UpdateFailureAction,
  UpdateOrder,
  type UpdatePolicy,
} from "./swarm-policies";
import type { SwarmConfig } from "./swarm-config";
import type { SwarmSecret } from "./swarm-secret";
import { literal, literalList } from "./private/terraform-literal";
import type { IVolume } from "./volume";
import { checkKnownProps, checkServicePropKeys } from "./private/validation/known-props";
import {
  checkOptions,
  PUBLISHED_PORT_OPTIONS_SCHEMA,
  SERVICE_NETWORK_OPTIONS_SCHEMA,
  SERVICE_VOLUME_OPTIONS_SCHEMA,
  SWARM_FILE_OPTIONS_SCHEMA,
} from "./private/validation/option-schemas";
import { checkWithSchema, schemaKeys } from "./private/validation/schema";
import { checkNetworkArgument, checkSwarmFileArgument, checkSwarmServiceProps } from "./private/validation/swarm-props";
import { checkObject, checkString, show } from "./private/validation/values";
import { waiverLabel } from "./private/container-spec/audit-waiver";
import { defaultsFor, defaultTmpfsPaths } from "./private/container-spec/defaults";
import { Environment } from "./private/container-spec/environment";
import { healthcheckForService } from "./private/container-spec/healthcheck";
import { checkLabelEntry } from "./private/container-spec/labels";
import { mebibytes, nanoCpus } from "./private/container-spec/limits";
import {
  checkMountArguments,
  checkMountPath,
  claimTmpfs,
  MountPaths,
  volumeMountName,
} from "./private/container-spec/mounts";
import { checkPortNumber, checkProtocol, warnPrivilegedPort } from "./private/container-spec/ports";
import { resolveSecurity, securityForService } from "./private/container-spec/security";
import { stopGraceForService } from "./private/container-spec/stop-timeout";

/** Swarm's rule for service names: a DNS label (swarmkit validateAnnotations / docker service create). */
const SERVICE_NAME = /^[a-zA-Z0-9](?:[-_]*[a-zA-Z0-9]+)*$/;
/** The cdktf context key holding how many nodes the target swarm has (for placement checks). */
export const SWARM_NODES_CONTEXT = "swarmNodes";

/** Options for a port the swarm publishes. */
export interface PublishedPortOptions {
  /**
   * The port on the nodes. Swarm publishes on every interface of a node: it has no host IP.
   * @default - Swarm picks one from 30000-32767
   */
  readonly publishedPort?: number;
  /**
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
  /**
   * @default PublishMode.INGRESS (Docker's default: every node answers; needs IPVS)
   */
  readonly mode?: PublishMode;
}

/** A published port as the service holds it. */
export interface PublishedPort {
  readonly targetPort: number;
  readonly publishedPort?: number;
  readonly protocol: Protocol;
  readonly mode: PublishMode;
}

/** Options for mounting a secret or config as a file. */
export interface SwarmFileOptions {
  /**
   * Owner uid of the file.
   * @default - the service's uid when `user` is numeric, else "0"
   */
  readonly uid?: string;
  /**
   * Owner gid of the file.
   * @default - the service's gid when `user` is numeric, else "0"
   */
  readonly gid?: string;
  /**
   * File mode (octal number, e.g. 0o400).
   * @default 0o400 for secrets, 0o444 for configs
   */
  readonly mode?: number;
}

/** An overlay network attachment, as the service holds it. */
export interface ServiceNetworkAttachment {
  readonly network: INetwork;
  readonly aliases: string[];
}

export interface SwarmServiceProps {
  /** The image the tasks run. An ImmutableImage must be on every node that may run a task (see docs). */
  readonly image: IImage;

  /**
   * Which defaults fill in the settings this service leaves out (user, memory and CPU
   * limits, read-only root, tmpfs, capabilities, stop grace period), as for a Container.
   * @default - the stack's `defaultsProfile`
   */
  readonly defaultsProfile?: DefaultsProfile;

  /**
   * The Docker name of the service, also its DNS name on its overlay networks.
   * @default - `<stack namePrefix>-<id>`
   */
  readonly serviceName?: string;

  /**
   * @default ServiceMode.REPLICATED
   */
  readonly mode?: ServiceMode;

  /**
   * Tasks of a replicated service.
   * @default 1 (not allowed with ServiceMode.GLOBAL)
   */
  readonly replicas?: number;

  /**
   * Replaces the image's CMD (the arguments).
   * @default - the image's CMD
   */
  readonly command?: string[];

  /**
   * Replaces the image's ENTRYPOINT.
   * @default - the image's ENTRYPOINT
   */
  readonly entrypoint?: string[];

  /**
   * Environment variables. Values may use Swarm's templates, e.g. `{{.Task.Slot}}`.
   * @default - none
   */
  readonly environment?: Record<string, string>;

  /**
   * The tasks' hostname; Swarm templates work, e.g. `{{.Service.Name}}-{{.Task.Slot}}`.
   * @default - the container ID's first 12 digits
   */
  readonly hostname?: string;

  /**
   * Healthcheck. With one, a task counts as running only once healthy, which is what makes
   * start-first updates and automatic rollback safe.
   * @default - the image's HEALTHCHECK, if any
   */
  readonly healthcheck?: Healthcheck;

  /**
   * Hard memory limit per task.
   * @default 128 (compose profile: no limit)
   */
  readonly memoryMiB?: number;

  /**
   * CPU limit per task, in CPUs (0.5 = half a core).
   * @default 0.5 (compose profile: no limit)
   */
  readonly cpus?: number;

  /**
   * Memory the scheduler reserves per task; a node without it free gets no task.
   * @default - no reservation
   */
  readonly memoryReservationMiB?: number;

  /**
   * CPUs the scheduler reserves per task.
   * @default - no reservation
   */
  readonly cpuReservation?: number;

  /**
   * @default TaskRestartCondition.ON_FAILURE (compose profile: TaskRestartCondition.ANY, Docker's)
   */
  readonly restartCondition?: TaskRestartCondition;

  /**
   * Restarts of a task within `restartWindowSeconds` before Swarm gives up on it (CIS 5.14).
   * @default 5 (compose profile: unlimited, Docker's)
   */
  readonly maxRestartAttempts?: number;

  /**
   * Seconds between restarts.
   * @default 5
   */
  readonly restartDelaySeconds?: number;

  /**
   * Window over which restarts are counted; 0 means no window, every restart counts.
   * @default 120 (compose profile: 0, Docker's)
   */
  readonly restartWindowSeconds?: number;

  /**
   * Placement constraints, e.g. `node.role == manager`, `node.labels.disk == ssd`.
   * @default - any node
   */
  readonly placementConstraints?: string[];

  /**
   * Placement preferences, e.g. `spread=node.labels.zone`.
   * @default - none: Swarm spreads tasks over nodes
   */
  readonly placementPreferences?: string[];

  /**
   * Most tasks of this service on one node.
   * @default - no limit
   */
  readonly maxReplicasPerNode?: number;

  /**
   * Overlay networks to join; `joinNetwork` adds more, with aliases.
   * @default - none: the service is reachable only through published ports
   */
  readonly networks?: INetwork[];

  /**
   * @default EndpointMode.VIP (Docker's default; needs IPVS). DNSRR works without it.
   */
  readonly endpointMode?: EndpointMode;

  /**
   * Published ports; `publishPort` adds more.
   * @default - none
   */
  readonly ports?: ({ targetPort: number } & PublishedPortOptions)[];

  /**
   * Named volumes by container path. A local volume lives on one node: pin the service there.
   * @default - none
   */
  readonly volumes?: Record<string, IVolume>;

  /**
   * Secrets by file name (under /run/secrets unless absolute).
   * @default - none
   */
  readonly secrets?: Record<string, SwarmSecret>;

  /**
   * Configs by absolute container path.
   * @default - none
   */
  readonly configs?: Record<string, SwarmConfig>;

  /**
   * How changes roll out.
   * @default - one task at a time, start-first, rollback on failure, monitored for as long as the healthcheck needs to fail
   */
  readonly updatePolicy?: UpdatePolicy;

  /**
   * How a rollback rolls out.
   * @default - one task at a time, start-first, pause on failure
   */
  readonly rollbackPolicy?: UpdatePolicy;

  /**
   * Let deploy wait until every replica runs (and every update completed or failed); a rolled-back
   * update then fails the deploy. Replicated services only.
   * @default true for replicated services
   */
  readonly waitForConvergence?: boolean;

  /**
   * How long deploy waits.
   * @default 180
   */
  readonly convergeTimeoutSeconds?: number;

  /**
   * How many nodes the swarm has, for the checks that depend on it (host-mode ports).
   * @default - the context value `swarmNodes`, else 1
   */
  readonly nodeCount?: number;

  /**
   * `uid:gid` or user name the tasks run as.
   * @default "10001:10001", an unprivileged numeric user every image can run as (compose profile: the image's USER)
   */
  readonly user?: string;

  /**
   * Mount the root filesystem read-only; write to volumes or `tmpfs` paths instead.
   * @default true (compose profile: false)
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * In-memory writable folders. Their pages count against `memoryMiB`, which bounds them
   * (provider 3.6.2 crashes on a tmpfs size: its `size_bytes` is read as the wrong integer type).
   * @default ["/tmp"] (compose profile: none)
   */
  readonly tmpfs?: string[];

  /**
   * Capabilities added back after dropping ALL, without CAP_ (compose profile: added to
   * Docker's default set).
   * @default - none
   */
  readonly capabilities?: string[];

  /**
   * Seconds between SIGTERM and SIGKILL.
   * @default 10 (compose profile: Docker's 10)
   */
  readonly stopGracePeriodSeconds?: number;

  /**
   * Extra labels on the service.
   * @default - the stack's labels only
   */
  readonly labels?: Record<string, string>;
}

/**
 * A Swarm service (`docker service create`): the engine's own orchestrator keeps N tasks
 * (or one per node) of an image running across the swarm, rolls changes over them and rolls
 * back a version that fails. Hardened like `Container` as far as Swarm can express it.
 */
export class SwarmService extends Construct {
  /** The Docker name of the service, as a token that orders creation and destruction. */
  public readonly serviceName: string;
  /** The service ID, known after deploy. */
  public readonly serviceId: string;
  public readonly image: IImage;
  public readonly mode: ServiceMode;
  /** Tasks of a replicated service; undefined for global services. */
  public readonly replicas?: number;
  public readonly endpointMode: EndpointMode;
  public readonly nodeCount: number;
  /** The defaults profile this service was built with. */
  public readonly defaultsProfile: DefaultsProfile;
  /** The update order in effect. */
  public readonly updateOrder: UpdateOrder;
  /**
   * The underlying `docker_service` resource: the escape hatch for what the props do not cover
   * (`service.resource.addOverride(...)`); `npm run audit` reads the synthesized result.
   */
  public readonly resource: ServiceResource;
  /** @internal The Docker name as a plain string (`serviceName` is a token): for clash checks, messages and drawings. */
  public readonly _plainName: string;

  private readonly env = new Environment(this);
  private readonly ports: PublishedPort[] = [];
  private readonly networks: ServiceNetworkAttachment[] = [];
  private readonly mounts: Record<string, unknown>[] = [];
  private readonly volumeMounts: { volume: IVolume; containerPath: string; readOnly: boolean }[] = [];
  private readonly secretFiles: Record<string, unknown>[] = [];
  private readonly configFiles: Record<string, unknown>[] = [];
  private readonly labels: Record<string, string>;
  private readonly fileOwner: { uid: string; gid: string };
  private readonly explicitOrder: boolean;
  private readonly mountPaths = new MountPaths(this);

  constructor(scope: Construct, id: string, props: SwarmServiceProps) {
    super(scope, id);
    const stack = DockerStack.of(this);
    if (new.target === SwarmService) checkServicePropKeys(this, props);
    checkSwarmServiceProps(this, props);
    this.image = props.image;
    this._plainName = props.serviceName ?? stack.defaultName(id);
    if (!isUnresolved(this._plainName) && (!SERVICE_NAME.test(this._plainName) || this._plainName.length > 63)) {
      throw invalid(
        this,
        ErrorCode.INVALID_SERVICE_NAME,
        `invalid service name '${this._plainName}'`,
        "use at most 63 letters, digits, - and _, starting and ending with a letter or digit (it is a DNS name)",
      );
    }
    EngineClaims.of(stack).claimName(this, "service", this._plainName);
    this.mode = props.mode ?? ServiceMode.REPLICATED;
    if (this.mode === ServiceMode.GLOBAL && props.replicas !== undefined) {
      throw invalid(
        this,
        ErrorCode.CONFLICTING_PROPS,
        `replicas ${props.replicas} on a global service`,
        "drop replicas (a global service runs one task per node) or use ServiceMode.REPLICATED",
      );
    }
    this.replicas = this.mode === ServiceMode.REPLICATED ? (props.replicas ?? 1) : undefined;
    this.nodeCount = props.nodeCount ?? Number(this.node.tryGetContext(SWARM_NODES_CONTEXT) ?? 1);
    if (!Number.isInteger(this.nodeCount) || this.nodeCount < 1) {
      throw invalid(
        this,
        ErrorCode.INVALID_NUMBER,
        `nodeCount ${this.nodeCount} is not a whole number of 1 or more`,
        "give the number of nodes in the swarm (prop nodeCount or context swarmNodes)",
      );
    }
    this.endpointMode = props.endpointMode ?? EndpointMode.VIP;
    this.explicitOrder = props.updatePolicy?.order !== undefined;
    this.updateOrder = props.updatePolicy?.order ?? UpdateOrder.START_FIRST;

    const { profile, defaults } = defaultsFor(this, props.defaultsProfile, stack.defaultsProfile);
    this.defaultsProfile = profile;
    const memory = props.memoryMiB ?? defaults.memoryMiB;
    const cpus = props.cpus ?? defaults.cpus;
    if (
      props.memoryReservationMiB !== undefined &&
      memory !== undefined &&
      !isUnresolved(memory) &&
      props.memoryReservationMiB > memory
    ) {
      throw invalid(
        this,
        ErrorCode.LIMITS_OUT_OF_ORDER,
        `memoryReservationMiB ${props.memoryReservationMiB} is above the limit memoryMiB ${memory}`,
        "reserve at most the limit",
      );
    }
    const restartCondition = props.restartCondition ?? defaults.taskRestartCondition;
    // 0 is Swarm's "unlimited" (the compose profile's, Docker's own); a window of 0 counts them forever.
    const maxAttempts = props.maxRestartAttempts ?? defaults.maxRestartRetries ?? 0;
    const perNode = props.maxReplicasPerNode;
    if (
      perNode !== undefined &&
      !isUnresolved(perNode) &&
      this.replicas !== undefined &&
      !isUnresolved(this.replicas) &&
      this.replicas > perNode * this.nodeCount
    ) {
      throw invalid(
        this,
        ErrorCode.REPLICAS_EXCEED_NODES,
        `${this.replicas} replicas with at most ${perNode} per node on ${this.nodeCount} node(s)`,
        `run at most ${perNode * this.nodeCount} replicas, raise maxReplicasPerNode, or add nodes`,
      );
    }
    const security = resolveSecurity(this, props, defaults, profile);
    // Without a numeric user (a name, or the image's USER) the files go to root, the daemon's default.
    const [uid, gid] = (security.user ?? "").split(":");
    this.fileOwner = /^\d+$/.test(uid) ? { uid, gid: /^\d+$/.test(gid ?? "") ? gid : uid } : { uid: "0", gid: "0" };
    this.labels = { ...stack.labels, ...props.labels };

    const monitorDefault = props.healthcheck ? Math.max(10, props.healthcheck._failureSeconds()) : 10;
    const update = renderPolicy(this, "updatePolicy", props.updatePolicy ?? {}, {
      failureAction: UpdateFailureAction.ROLLBACK,
      order: UpdateOrder.START_FIRST,
      monitorSeconds: monitorDefault,
    });
    const rollback = renderPolicy(this, "rollbackPolicy", props.rollbackPolicy ?? {}, {
      failureAction: UpdateFailureAction.PAUSE,
      order: UpdateOrder.START_FIRST,
      monitorSeconds: monitorDefault,
    });
    if (update.failureAction === UpdateFailureAction.ROLLBACK && !props.healthcheck) {
      warn(
        this,
        "automatic rollback without a healthcheck only notices tasks that exit",
        "add a healthcheck so a version that runs but does not answer is rolled back too",
      );
    }
    const tmpfs = props.tmpfs ?? defaultTmpfsPaths(defaults);
    claimTmpfs(this.mountPaths, this, tmpfs);
    for (const target of tmpfs) this.mounts.push({ target: literal(target), type: "tmpfs", read_only: false });

    const waitForConvergence = props.waitForConvergence ?? this.mode === ServiceMode.REPLICATED;
    if (waitForConvergence && this.mode === ServiceMode.GLOBAL) {
      throw invalid(
        this,
        ErrorCode.CONFLICTING_PROPS,
        "waitForConvergence on a global service",
        "drop waitForConvergence: the provider can only wait for replicated services",
      );
    }

    const resource = (this.resource = new ServiceResource(this, "Resource", {
      name: literal(this._plainName),
      // For an image named by a registry reference, the daemon asks the registry which
      // platforms it has and adds them to the placement; the library never sets them, so a
      // service with a placement block would plan their removal (and a redeploy) every run.
      lifecycle: { ignoreChanges: ["task_spec[0].placement[0].platforms"] },
      labels: Lazy.anyValue({ produce: () => labelBlocks(literalLabels(this.labels)) }) as unknown as IResolvable,
      mode: this.mode === ServiceMode.GLOBAL ? { global: true } : { replicated: { replicas: this.replicas } },
      taskSpec: {
        containerSpec: {
          image: serviceImage(props.image),
          args: props.command ? literalList(props.command) : undefined,
          command: props.entrypoint ? literalList(props.entrypoint) : undefined,
          env: Lazy.anyValue({ produce: () => this.env.forService() }) as unknown as Record<string, string>,
          hostname: props.hostname !== undefined ? literal(props.hostname) : undefined,
          ...securityForService(security),
          dir: defaults.workingDirectory,
          stopGracePeriod: stopGraceForService(props.stopGracePeriodSeconds ?? defaults.stopTimeoutSeconds),
          healthcheck: healthcheckForService(props.healthcheck),
          labels: labelBlocks(literalLabels(stack.labels)),
          mounts: Lazy.anyValue({ produce: () => this.mounts }, { omitEmptyArray: true }) as unknown as IResolvable,
          secrets: Lazy.anyValue(
            { produce: () => this.secretFiles },
            { omitEmptyArray: true },
          ) as unknown as IResolvable,
          configs: Lazy.anyValue(
            { produce: () => this.configFiles },
            { omitEmptyArray: true },
          ) as unknown as IResolvable,
        },
        resources: {
          limits:
            memory !== undefined || cpus !== undefined
              ? {
                  memoryBytes: memory === undefined ? undefined : mebibytes(memory),
                  nanoCpus: cpus === undefined ? undefined : nanoCpus(cpus),
                }
              : undefined,
          reservation:
            props.memoryReservationMiB !== undefined || props.cpuReservation !== undefined
              ? {
                  memoryBytes: mebibytes(props.memoryReservationMiB ?? 0),
                  nanoCpus: nanoCpus(props.cpuReservation ?? 0),
                }
              : undefined,
        },
        restartPolicy: {
          condition: restartCondition,
          maxAttempts,
          delay: serviceDurationSeconds(props.restartDelaySeconds ?? 5),
          window: serviceDurationSeconds(props.restartWindowSeconds ?? defaults.restartWindowSeconds ?? 0),
        },
        placement: {
          constraints: props.placementConstraints?.length ? literalList(props.placementConstraints) : undefined,
          prefs: props.placementPreferences?.length ? literalList(props.placementPreferences) : undefined,
          maxReplicas: props.maxReplicasPerNode,
        },
      },
      endpointSpec: {
        mode: this.endpointMode,
        ports: Lazy.anyValue({ produce: () => this.renderPorts() }, { omitEmptyArray: true }) as unknown as IResolvable,
      },
      updateConfig: update,
      rollbackConfig: rollback,
      convergeConfig: waitForConvergence
        ? { delay: "2s", timeout: serviceDurationSeconds(props.convergeTimeoutSeconds ?? 180) }
        : undefined,
    }));
    // networks_advanced: provider 3.x reads the network back into `name`, 4.x into `id`
    // (and replaces the service when `name` is set); either way the value is the network ID.
    const networkKey = Number(stack.host.providerVersion.split(".")[0]) >= 4 ? "id" : "name";
    resource.addOverride(
      "task_spec.networks_advanced",
      Lazy.anyValue({
        produce: () =>
          this.networks.length
            ? this.networks.map((n) => ({
                [networkKey]: n.network instanceof OverlayNetwork ? n.network.networkId : n.network.networkName,
                aliases: n.aliases.length ? literalList(n.aliases) : undefined,
              }))
            : undefined,
      }),
    );
    this.serviceName = resource.name;
    this.serviceId = resource.id;
    if (props.image instanceof ImmutableImage) {
      // Swarm keeps the old tasks' containers (for rollback), so a replaced tag is still in use
      // when Terraform removes it: untag it anyway; the old image lives on by ID until its
      // containers are gone, which is what a rollback needs.
      (props.image.node.findChild("Resource") as ImageResource).forceRemove = true;
    }

    for (const network of props.networks ?? []) this.joinNetwork(network);
    for (const [name, value] of Object.entries(props.environment ?? {})) this.addEnvironment(name, value);
    for (const { targetPort, ...options } of props.ports ?? []) this.publishPort(targetPort, options);
    for (const [containerPath, volume] of Object.entries(props.volumes ?? {})) this.mountVolume(containerPath, volume);
    for (const [fileName, secret] of Object.entries(props.secrets ?? {})) this.mountSecret(fileName, secret);
    for (const [containerPath, config] of Object.entries(props.configs ?? {})) this.mountConfig(containerPath, config);
    this.node.addValidation({ validate: () => this.checkPorts() });
  }

  /** Publishes `targetPort` on the swarm's nodes. */
  public publishPort(targetPort: number, options: PublishedPortOptions = {}): PublishedPort {
    checkKnownProps(this, "PublishedPortOptions", options, schemaKeys(PUBLISHED_PORT_OPTIONS_SCHEMA));
    const given = checkObject(this, "publishPort options", options) ?? {};
    checkPortNumber(this, "target port", targetPort);
    if (options.publishedPort !== undefined) checkPortNumber(this, "published port", options.publishedPort);
    checkWithSchema(this, PUBLISHED_PORT_OPTIONS_SCHEMA, given);
    const protocol = options.protocol ?? Protocol.TCP;
    checkProtocol(this, protocol, targetPort, Object.values(Protocol));
    const port: PublishedPort = {
      targetPort,
      publishedPort: options.publishedPort,
      protocol,
      mode: options.mode ?? PublishMode.INGRESS,
    };
    if (port.mode === PublishMode.INGRESS && this.endpointMode === EndpointMode.DNSRR) {
      // Docker refuses this combination: the routing mesh needs a virtual IP.
      throw invalid(
        this,
        ErrorCode.INGRESS_WITH_DNSRR,
        `port ${targetPort} is published in ingress mode on a service with endpoint mode dnsrr`,
        "publish it with mode: PublishMode.HOST, or use EndpointMode.VIP",
      );
    }
    warnPrivilegedPort(this, "published port", port.publishedPort, "the nodes");
    this.ports.push(port);
    // A fixed published port is taken on every interface of the nodes, as the engine sees it.
    if (port.publishedPort !== undefined) {
      EngineClaims.of(DockerStack.of(this)).claimHostPort(this, {
        containerPort: port.targetPort,
        hostPort: port.publishedPort,
        protocol: port.protocol,
        hostIp: "0.0.0.0",
      });
    }
    return { ...port };
  }

  /** Joins an overlay network, with extra DNS names on it. */
  public joinNetwork(network: INetwork, options: { aliases?: string[] } = {}): ServiceNetworkAttachment {
    checkKnownProps(this, "joinNetwork options", options, schemaKeys(SERVICE_NETWORK_OPTIONS_SCHEMA));
    checkNetworkArgument(this, "network", network);
    checkStringListOption(this, "joinNetwork aliases", checkObject(this, "joinNetwork options", options)?.aliases);
    if (network.mode !== NetworkMode.OVERLAY) {
      throw invalid(
        this,
        ErrorCode.WRONG_NETWORK_KIND,
        `a service cannot join network mode ${network.mode} (${isUnresolved(network.networkName) ? "a bridge network" : network.networkName})`,
        "use an OverlayNetwork: bridge networks exist on one engine only",
      );
    }
    if (this.networks.some((n) => n.network === network)) {
      throw invalid(
        this,
        ErrorCode.DUPLICATE_ENTRY,
        `already joined network ${describe(network)}`,
        "join each network once",
      );
    }
    const attachment = { network, aliases: [...(options.aliases ?? [])] };
    this.networks.push(attachment);
    return { network, aliases: [...attachment.aliases] };
  }

  /** Adds an environment variable. */
  public addEnvironment(name: string, value: string): void {
    this.env.set(name, value);
  }

  /** Mounts a named volume at `containerPath`. */
  public mountVolume(containerPath: string, volume: IVolume, options: VolumeMountOptions = {}): void {
    checkKnownProps(this, "VolumeMountOptions", options, schemaKeys(SERVICE_VOLUME_OPTIONS_SCHEMA));
    checkMountArguments(this, volume, options, SERVICE_VOLUME_OPTIONS_SCHEMA);
    checkMountPath(this, "container path", containerPath);
    this.mountPaths.claim(containerPath, volumeMountName(volume.volumeName));
    this.mounts.push({
      target: containerPath,
      source: volume.volumeName,
      type: "volume",
      read_only: options.readOnly ?? false,
    });
    this.volumeMounts.push({ volume, containerPath, readOnly: options.readOnly ?? false });
  }

  /** Gives the tasks a secret as the file `fileName` (a plain name goes under /run/secrets). */
  public mountSecret(fileName: string, secret: SwarmSecret, options: SwarmFileOptions = {}): void {
    checkKnownProps(this, "SwarmFileOptions", options, schemaKeys(SWARM_FILE_OPTIONS_SCHEMA));
    checkPathFirst(this, "secret file name", fileName);
    if (fileName.trim() === "")
      throw invalid(
        this,
        ErrorCode.BLANK_VALUE,
        "secret file name is blank",
        "give a file name such as db-password (it goes under /run/secrets), or an absolute path",
      );
    checkSwarmFileArgument(
      this,
      `secret ${show(fileName)}`,
      secret,
      "a SwarmSecret",
      "secretName",
      "give a SwarmSecret",
    );
    const target = fileName.startsWith("/") ? fileName : `/run/secrets/${fileName}`;
    checkMountPath(this, "secret file", target);
    this.checkFileTarget(target, fileName, "a secret");
    this.secretFiles.push({
      secret_id: secret.secretId,
      secret_name: literal(secret.secretName),
      file_name: literal(target),
      ...this.owner(options, 0o400),
    });
  }

  /** Gives the tasks a config as a read-only file at `containerPath`. */
  public mountConfig(containerPath: string, config: SwarmConfig, options: SwarmFileOptions = {}): void {
    checkKnownProps(this, "SwarmFileOptions", options, schemaKeys(SWARM_FILE_OPTIONS_SCHEMA));
    checkPathFirst(this, "container path", containerPath);
    checkSwarmFileArgument(
      this,
      `config at ${show(containerPath)}`,
      config,
      "a SwarmConfig",
      "configName",
      "give a SwarmConfig",
    );
    checkMountPath(this, "config path", containerPath);
    this.checkFileTarget(containerPath, containerPath, "a config");
    this.configFiles.push({
      config_id: config.configId,
      config_name: literal(config.configName),
      file_name: literal(containerPath),
      ...this.owner(options, 0o444),
    });
  }

  /** Adds a label to the service. */
  public addLabel(key: string, value: string): void {
    checkLabelEntry(this, key, value);
    this.labels[key] = value;
  }

  /** Records a deliberate exception to a CIS rule; the audit shows it as waived with the reason. */
  public waiveAuditRule(ruleId: string, reason: string): void {
    const waiver = waiverLabel(this, ruleId, reason);
    this.addLabel(waiver.key, waiver.value);
  }

  /** The published ports (a copy). */
  public get publishedPorts(): PublishedPort[] {
    return this.ports.map((p) => ({ ...p }));
  }

  /** The named volume mounts (a copy). */
  public get mountedVolumes(): { volume: IVolume; containerPath: string; readOnly: boolean }[] {
    return this.volumeMounts.map((m) => ({ ...m }));
  }

  /** The network attachments (a copy). */
  public get networkAttachments(): ServiceNetworkAttachment[] {
    return this.networks.map((n) => ({ ...n, aliases: [...n.aliases] }));
  }

  private owner(options: SwarmFileOptions, mode: number) {
    checkOptions(this, "SwarmFileOptions", SWARM_FILE_OPTIONS_SCHEMA, options);
    return {
      file_uid: literal(options.uid ?? this.fileOwner.uid),
      file_gid: literal(options.gid ?? this.fileOwner.gid),
      file_mode: options.mode ?? mode,
    };
  }

  private checkFileTarget(target: string, given: string, what: string): void {
    const normalized = path.posix.normalize(target);
    const taken = [...this.secretFiles, ...this.configFiles].some((f) => f.file_name === literal(normalized));
    if (taken)
      throw invalid(
        this,
        ErrorCode.DUPLICATE_MOUNT_PATH,
        `two secrets or configs at '${given}'`,
        "give each file its own name",
      );
    this.mountPaths.claim(normalized, what);
  }

  /** Host-mode ports hold one task per node: checks that depend on the whole service. */
  private checkPorts(): string[] {
    const problems: string[] = [];
    for (const port of this.ports) {
      if (port.mode !== PublishMode.HOST || port.publishedPort === undefined) continue;
      const where = `host-mode port ${port.publishedPort}/${port.protocol}`;
      if (this.replicas !== undefined && this.replicas > this.nodeCount) {
        problems.push(
          withCode(
            `${where} binds on the node a task runs on, so ${this.nodeCount} node(s) hold at most ${this.nodeCount} task(s), not ${this.replicas} replicas. Fix: publish in ingress mode, leave publishedPort out, run at most ${this.nodeCount} replicas, or add nodes (prop nodeCount / context swarmNodes)`,
            ErrorCode.REPLICAS_EXCEED_NODES,
          ),
        );
      }
      const full = this.replicas === undefined || this.replicas >= this.nodeCount;
      if (this.updateOrder === UpdateOrder.START_FIRST && full) {
        problems.push(
          withCode(
            `${where} with update order start-first: the new task cannot bind the port while the old one holds it on ${this.replicas === undefined ? "every node" : "a full swarm"}. Fix: use updatePolicy.order UpdateOrder.STOP_FIRST (and rollbackPolicy.order), leave publishedPort out, or run fewer replicas than nodes${this.explicitOrder ? "" : " (start-first is the default)"}`,
            ErrorCode.START_FIRST_HOST_PORT,
          ),
        );
      }
    }
    return problems;
  }

  private renderPorts() {
    return this.ports.map((p) => ({
      target_port: p.targetPort,
      published_port: p.publishedPort,
      protocol: p.protocol,
      publish_mode: p.mode,
    }));
  }
}

/**
 * What the service spec names: a built image by its ID (content-addressed, nothing to pull:
 * Swarm skips the registry for an ID), any other image by its reference, which every node can pull.
 */
function serviceImage(image: IImage): string {
  return image instanceof ImmutableImage ? image.imageId : literal(image.imageName);
}

function literalLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [literal(k), literal(v)]));
}

/** The mount methods take the path first (as the props' maps do); an object there is the old order. */
function checkPathFirst(scope: Construct, what: string, value: unknown): void {
  if (typeof value !== "string") {
    throw invalid(
      scope,
      ErrorCode.WRONG_TYPE,
      `${what} ${String(value)} is not a string`,
      'give the path first and the volume, secret or config second, e.g. mountVolume("/data", volume)',
    );
  }
}

function checkStringListOption(scope: Construct, what: string, value: unknown): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!Array.isArray(value))
    throw invalid(
      scope,
      ErrorCode.WRONG_TYPE,
      `${what} ${show(value)} is not a list of strings`,
      "give aliases as an array of strings",
    );
  value.forEach((item, i) => checkString(scope, `${what}[${i}]`, item));
}

function describe(network: INetwork): string {
  return network instanceof OverlayNetwork ? network._plainName : network.networkName;
}
