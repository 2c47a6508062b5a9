import { Container as ContainerResource } from "@cdktf/provider-docker/lib/container";
import { IResolvable, Lazy } from "cdktf";
import { Construct } from "constructs";
import { BridgeNetwork } from "./bridge-network";
import { DockerStack } from "./docker-stack";
import { invalid, isUnresolved, warn } from "./errors";
import { Healthcheck } from "./healthcheck";
import { IImage } from "./image";
import { labelBlocks } from "./labels";
import { validateDockerName } from "./names";
import { INetwork, NetworkMode } from "./network";
import { makePortForward, PortForward, PortForwardOptions } from "./port-forward";
import { RestartPolicy } from "./restart-policy";
import {
  DEFAULT_TMPFS, DEFAULT_USER, KNOWN_CAPABILITIES, MIN_MEMORY_MIB, sensitiveMountReason,
} from "./security";
import { IVolume } from "./volume";

/** The label prefix that records a deliberate exception to a CIS rule, with the reason. */
export const WAIVER_LABEL_PREFIX = "io.docker-iac.cis-waiver.";

const ENV_NAME = /^[^=\s\0]+$/;

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
   * @default true (a container should not write into the host)
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

export interface ContainerProps {
  /** The image to run. */
  readonly image: IImage;

  /**
   * The container name, also its DNS name on bridge networks.
   * @default - `<stack namePrefix>-<id>`
   */
  readonly name?: string;

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
   * @default - RestartPolicy.ON_FAILURE, or RestartPolicy.NO when mustRun is false
   */
  readonly restartPolicy?: RestartPolicy;

  /**
   * Restarts after failures before giving up (CIS 5.14), with RestartPolicy.ON_FAILURE.
   * @default 5
   */
  readonly maxRestartRetries?: number;

  /**
   * Hard memory limit; swap is disabled (memory-swap equals memory). Docker's minimum is 6 MiB.
   * @default 128
   */
  readonly memoryMiB?: number;

  /**
   * Relative CPU weight (Docker's default is 1024). Not `cpus`, which provider 3.6.x mishandles.
   * @default 512
   */
  readonly cpuShares?: number;

  /**
   * `uid:gid` or user name to run as.
   * @default "10001:10001", an unprivileged numeric user every image can run as
   */
  readonly user?: string;

  /**
   * Working directory.
   * @default "/" (explicit: Docker would fill in the image's, and the plan would never be empty)
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
   * Capabilities added back after dropping ALL, e.g. `["NET_BIND_SERVICE"]`.
   * @default - none
   */
  readonly capabilities?: string[];

  /**
   * Allow setuid binaries to gain privileges (turns off `no-new-privileges`).
   * @default false
   */
  readonly allowPrivilegeEscalation?: boolean;

  /**
   * Mount the root filesystem read-only; write to volumes or `tmpfs` paths instead.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * In-memory writable folders, path to mount options.
   * @default { "/tmp": "rw,noexec,nosuid,size=16m" }
   */
  readonly tmpfs?: Record<string, string>;

  /**
   * Seconds between SIGTERM and SIGKILL on stop.
   * @default 10
   */
  readonly stopTimeoutSeconds?: number;
}

/**
 * A container: a running instance of an image, hardened by default (CIS Docker Benchmark
 * section 5): no privileges, all capabilities dropped, no-new-privileges, read-only root,
 * memory and CPU limits, an unprivileged user, ports on 127.0.0.1 only.
 */
export class Container extends Construct {
  /** The container name. */
  public readonly containerName: string;
  /** The container ID, known after deploy. */
  public readonly containerId: string;
  public readonly image: IImage;
  /** The network type of the first network, fixed at construction. */
  public readonly networkMode: NetworkMode;
  /**
   * The underlying `docker_container` resource: the escape hatch for what the props do not
   * cover, e.g. `container.resource.addOverride("stop_signal", "SIGINT")`. `npm run audit`
   * reads the synthesized result, overrides included.
   */
  public readonly resource: ContainerResource;

  private readonly env = new Map<string, string>();
  private readonly ports: PortForward[] = [];
  private readonly networks: NetworkAttachment[] = [];
  private readonly volumeMounts: VolumeMount[] = [];
  private readonly hostMounts: HostPathMount[] = [];
  private readonly labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: ContainerProps) {
    super(scope, id);
    const stack = DockerStack.of(this);
    this.image = props.image;
    this.containerName = props.name ?? stack.dockerName(id);
    validateDockerName(this, "container", this.containerName);

    const mustRun = props.mustRun ?? true;
    const restart = props.restartPolicy ?? (mustRun ? RestartPolicy.ON_FAILURE : RestartPolicy.NO);
    const memory = props.memoryMiB ?? 128;
    const cpuShares = props.cpuShares ?? 512;
    this.checkLimits(memory, cpuShares, restart, props.maxRestartRetries);
    if (props.waitForHealthy && !props.healthcheck) {
      throw invalid(this, "waitForHealthy is set but there is no healthcheck", "add a healthcheck or drop waitForHealthy");
    }
    const added = props.capabilities ?? [];
    for (const cap of added) {
      if (!KNOWN_CAPABILITIES.includes(cap)) {
        throw invalid(this, `unknown capability '${cap}'`, `use names without CAP_, e.g. NET_BIND_SERVICE (known: ${KNOWN_CAPABILITIES.join(", ")})`);
      }
    }
    if (props.privileged) {
      warn(this, "container is privileged: it can do anything the host's root can", "remove privileged and add only the capabilities it needs");
    }
    const user = props.user ?? DEFAULT_USER;
    if (["0", "root", "0:0", "root:root"].includes(user)) {
      warn(this, `container runs as root ('${user}')`, "run as an unprivileged uid unless the image cannot");
    }

    const network = props.network ?? stack.defaultNetwork;
    this.networkMode = network.mode;
    if (props.hostname !== undefined && network.mode === NetworkMode.HOST) {
      throw invalid(this, `hostname '${props.hostname}' on a container in network mode host`, "drop hostname: a host-mode container has the host's hostname");
    }
    this.labels = { ...stack.labels, ...props.labels };

    const resource = (this.resource = new ContainerResource(this, "Resource", {
      name: this.containerName,
      image: props.image.imageId,
      command: props.command,
      entrypoint: props.entrypoint,
      hostname: props.hostname,
      user,
      workingDir: props.workingDirectory ?? "/",
      env: Lazy.listValue({ produce: () => this.renderEnv() }, { omitEmpty: true }),
      ports: Lazy.anyValue({ produce: () => this.renderPorts() }, { omitEmptyArray: true }) as unknown as IResolvable,
      networkMode: network.mode === NetworkMode.BRIDGE ? "bridge" : network.mode,
      networksAdvanced: Lazy.anyValue({ produce: () => this.renderNetworks() }, { omitEmptyArray: true }) as unknown as IResolvable,
      volumes: Lazy.anyValue({ produce: () => this.renderVolumes() }, { omitEmptyArray: true }) as unknown as IResolvable,
      labels: Lazy.anyValue({ produce: () => labelBlocks(this.labels) }) as unknown as IResolvable,
      healthcheck: props.healthcheck?._render(),
      wait: props.waitForHealthy ?? false,
      mustRun,
      restart,
      maxRetryCount: restart === RestartPolicy.ON_FAILURE ? props.maxRestartRetries ?? 5 : undefined,
      memory,
      memorySwap: memory,
      cpuShares,
      privileged: props.privileged ?? false,
      capabilities: { drop: ["ALL"], add: added.length ? [...added].sort() : undefined },
      securityOpts: props.allowPrivilegeEscalation ? [] : ["no-new-privileges:true"],
      readOnly: props.readOnlyRootFilesystem ?? true,
      tmpfs: props.tmpfs ?? DEFAULT_TMPFS,
      stopTimeout: props.stopTimeoutSeconds ?? 10,
    }));
    this.containerId = resource.id;

    if (network.mode === NetworkMode.BRIDGE) this.joinNetwork(network, props.networkOptions);
    else if (props.networkOptions) {
      throw invalid(this, `networkOptions given for network mode ${network.mode}`, "aliases and static addresses exist only on bridge networks");
    }
    for (const [name, value] of Object.entries(props.environment ?? {})) this.addEnvironment(name, value);
    for (const { containerPort, ...options } of props.portForwards ?? []) this.addPortForward(containerPort, options);
    for (const [containerPath, volume] of Object.entries(props.volumes ?? {})) this.mountVolume(volume, containerPath);
  }

  /** Forwards a host port to `containerPort` (on 127.0.0.1 unless `hostIp` says otherwise). */
  public addPortForward(containerPort: number, options: PortForwardOptions = {}): PortForward {
    if (this.networkMode !== NetworkMode.BRIDGE) {
      throw invalid(
        this,
        `port forward for container port ${containerPort} on a container in network mode ${this.networkMode}`,
        this.networkMode === NetworkMode.HOST
          ? "remove the port forward: in host mode the service already listens on the host's ports"
          : "remove the port forward or use a bridge network: mode none has no network to forward to",
      );
    }
    const forward = makePortForward(this, containerPort, options);
    this.ports.push(forward);
    return forward;
  }

  /** Adds an environment variable; the name must be one Docker accepts. */
  public addEnvironment(name: string, value: string): void {
    if (!ENV_NAME.test(name)) {
      throw invalid(this, `invalid environment variable name '${name}'`, "use a non-empty name without '=' or whitespace, e.g. APP_PORT");
    }
    this.env.set(name, value);
  }

  /** Joins another bridge network; returns the attachment. */
  public joinNetwork(network: INetwork, options: NetworkAttachmentOptions = {}): NetworkAttachment {
    if (network.mode !== NetworkMode.BRIDGE) {
      throw invalid(this, `cannot join network mode ${network.mode} as an extra network`, "pass Network.HOST or Network.NONE as the container's network prop");
    }
    if (this.networkMode !== NetworkMode.BRIDGE) {
      throw invalid(this, `a container in network mode ${this.networkMode} cannot join network ${describe(network)}`, "use a bridge network as the container's network, or drop the extra network");
    }
    if (this.networks.some((n) => n.network === network)) {
      throw invalid(this, `already joined network ${describe(network)}`, "join each network once");
    }
    if (options.ipv4Address !== undefined) {
      if (!(network instanceof BridgeNetwork)) {
        throw invalid(this, `static address ${options.ipv4Address} on a network this app does not manage`, "use a BridgeNetwork with a subnet");
      }
      network._reserveAddress(this.node.path, options.ipv4Address);
    }
    const attachment = { network, aliases: [...(options.aliases ?? [])], ipv4Address: options.ipv4Address };
    this.networks.push(attachment);
    return { ...attachment, aliases: [...attachment.aliases] };
  }

  /** Mounts a named volume at `containerPath`. */
  public mountVolume(volume: IVolume, containerPath: string, options: VolumeMountOptions = {}): VolumeMount {
    this.checkContainerPath(containerPath);
    const mount = { volume, containerPath, readOnly: options.readOnly ?? false };
    this.volumeMounts.push(mount);
    return { ...mount };
  }

  /** Bind-mounts a host path; refuses the Docker socket and host system folders unless allowed. */
  public mountHostPath(hostPath: string, containerPath: string, options: HostPathMountOptions = {}): HostPathMount {
    this.checkContainerPath(containerPath);
    if (!hostPath.startsWith("/")) {
      throw invalid(this, `host path '${hostPath}' is not absolute`, "give an absolute host path");
    }
    const reason = sensitiveMountReason(hostPath);
    if (reason && !options.allowSensitive) {
      throw invalid(this, `refusing to mount host path '${hostPath}': ${reason}`, "mount a narrower folder, or set allowSensitive: true if you mean it");
    }
    const mount = { hostPath, containerPath, readOnly: options.readOnly ?? true };
    this.hostMounts.push(mount);
    return { ...mount };
  }

  /** Adds a label. */
  public addLabel(key: string, value: string): void {
    this.labels[key] = value;
  }

  /** Records a deliberate exception to a CIS rule; `npm run audit` shows it as waived with the reason. */
  public waiveAuditRule(ruleId: string, reason: string): void {
    if (reason.trim() === "") throw invalid(this, `waiver of CIS ${ruleId} without a reason`, "say why the rule does not apply");
    this.addLabel(`${WAIVER_LABEL_PREFIX}${ruleId}`, reason);
  }

  /** The port forwards (a copy). */
  public get portForwards(): PortForward[] {
    return this.ports.map((p) => ({ ...p }));
  }

  /** The network attachments (a copy). */
  public get networkAttachments(): NetworkAttachment[] {
    return this.networks.map((n) => ({ ...n, aliases: [...n.aliases] }));
  }

  /** The environment (a copy). */
  public get environment(): Record<string, string> {
    return Object.fromEntries(this.env);
  }

  /** The named volume and host path mounts (a copy). */
  public get mounts(): (VolumeMount | HostPathMount)[] {
    return [...this.volumeMounts.map((m) => ({ ...m })), ...this.hostMounts.map((m) => ({ ...m }))];
  }

  private checkLimits(memory: number, cpuShares: number, restart: RestartPolicy, retries?: number): void {
    if (!isUnresolved(memory) && (!Number.isInteger(memory) || memory < MIN_MEMORY_MIB)) {
      throw invalid(this, `memoryMiB ${memory} is below Docker's minimum of ${MIN_MEMORY_MIB} MiB or not whole`, `give a whole number of at least ${MIN_MEMORY_MIB}`);
    }
    if (!isUnresolved(cpuShares) && (!Number.isInteger(cpuShares) || cpuShares < 2 || cpuShares > 262144)) {
      throw invalid(this, `cpuShares ${cpuShares} is out of range`, "give a whole number from 2 to 262144 (1024 is Docker's default weight)");
    }
    if (retries !== undefined && restart !== RestartPolicy.ON_FAILURE) {
      throw invalid(this, `maxRestartRetries ${retries} with restart policy ${restart}`, "use RestartPolicy.ON_FAILURE or drop maxRestartRetries");
    }
    if (retries !== undefined && (!Number.isInteger(retries) || retries < 1)) {
      // Docker reads on-failure:0 as "retry forever".
      throw invalid(this, `maxRestartRetries ${retries} is not a whole number of 1 or more (0 means unlimited to Docker)`, "give e.g. 5");
    }
  }

  private checkContainerPath(containerPath: string): void {
    if (!containerPath.startsWith("/")) {
      throw invalid(this, `container path '${containerPath}' is not absolute`, "give an absolute path such as /data");
    }
  }

  private renderEnv(): string[] {
    return [...this.env.keys()].sort().map((k) => `${k}=${this.env.get(k)}`);
  }

  private renderPorts() {
    return this.ports.map((p) => ({ internal: p.containerPort, external: p.hostPort, ip: p.hostIp, protocol: p.protocol }));
  }

  private renderNetworks() {
    return this.networks.map((n) => ({
      name: n.network.networkName,
      aliases: n.aliases.length ? n.aliases : undefined,
      ipv4_address: n.ipv4Address,
    }));
  }

  private renderVolumes() {
    return [
      ...this.volumeMounts.map((m) => ({ volume_name: m.volume.volumeName, container_path: m.containerPath, read_only: m.readOnly })),
      ...this.hostMounts.map((m) => ({ host_path: m.hostPath, container_path: m.containerPath, read_only: m.readOnly })),
    ];
  }
}

function describe(network: INetwork): string {
  return network instanceof BridgeNetwork ? network.dockerName : network.networkName;
}
