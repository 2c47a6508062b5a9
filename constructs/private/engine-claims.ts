import type { IConstruct } from "constructs";
import type { PortForward } from "../port-forward";
import { checkDockerObjectName } from "./validation/docker-names";

/** The kinds of Docker object whose names are unique on one engine, in the order clashes are reported. */
export const DOCKER_OBJECT_KINDS = ["container", "network", "volume", "service"] as const;
export type DockerObjectKind = (typeof DOCKER_OBJECT_KINDS)[number];

/** Something one construct takes on its engine, which no other object there may take. */
export interface EngineClaim {
  /** The construct that takes it; messages name its path. */
  readonly claimant: IConstruct;
}

/** A Docker object name, unique per kind on an engine. */
export interface NameClaim extends EngineClaim {
  readonly kind: DockerObjectKind;
  readonly name: string;
}

/** A host port (with its address and protocol): one socket per engine. */
export interface HostPortClaim extends EngineClaim {
  readonly forward: PortForward;
}

/** A network's IPv4 subnet: bridge and overlay networks of an engine share one address space. */
export interface SubnetClaim extends EngineClaim {
  readonly subnet: string;
}

/** A network, volume or image of some stack that the claimant uses: it must live on the claimant's engine. */
export interface EngineUse extends EngineClaim {
  readonly kind: "network" | "volume" | "image";
  readonly used: IConstruct;
  /** The engine of the stack `used` belongs to. */
  readonly usedEngine: string;
}

/** The registry of each stack, found by the stack. */
const REGISTRIES = new WeakMap<IConstruct, EngineClaims>();

/**
 * What the constructs of one stack take on its Docker engine: names, host ports, subnets, and
 * the networks and volumes of other stacks they use. Each construct registers its claims here
 * as it is made or extended (a child registers with its parent, as aws-ecs containers do with
 * `_linkContainer`), so the checks in engine-checks.ts read the claims instead of searching
 * the construct tree for known classes. It knows no construct class: a claim is the value,
 * the construct that claims it, and what kind of thing it is.
 */
export class EngineClaims {
  /** The registry of `stack` (a DockerStack makes its own). */
  public static of(stack: IConstruct): EngineClaims {
    const registry = REGISTRIES.get(stack);
    if (registry === undefined) throw new Error(`internal error: [${stack.node.path}] has no engine claims registry`);
    return registry;
  }

  private readonly names: NameClaim[] = [];
  private readonly hostPorts: HostPortClaim[] = [];
  private readonly subnets: SubnetClaim[] = [];
  private readonly uses: EngineUse[] = [];
  /** Per network (the object joined), which construct path holds each service name (network alias). */
  private readonly serviceNames = new Map<object, Map<string, string>>();

  /**
   * @param stack the stack whose constructs register here
   * @param engine the stack's engine identity (DockerHost.endpoint): stacks with the same one share an engine
   */
  constructor(
    public readonly stack: IConstruct,
    public readonly engine: string,
  ) {
    REGISTRIES.set(stack, this);
  }

  public claimName(claimant: IConstruct, kind: DockerObjectKind, name: string): void {
    this.names.push({ claimant, kind, name });
  }

  /** Checks a container, network or volume name by Docker's rule, takes it on the engine, and returns it. */
  public claimDockerName(claimant: IConstruct, kind: "container" | "network" | "volume", name: string): string {
    this.claimName(claimant, kind, checkDockerObjectName(claimant, kind, name));
    return name;
  }

  public claimHostPort(claimant: IConstruct, forward: PortForward): void {
    this.hostPorts.push({ claimant, forward: { ...forward } });
  }

  public claimSubnet(claimant: IConstruct, subnet: string): void {
    this.subnets.push({ claimant, subnet });
  }

  public recordUse(claimant: IConstruct, kind: EngineUse["kind"], used: IConstruct, usedEngine: string): void {
    this.uses.push({ claimant, kind, used, usedEngine });
  }

  /**
   * Takes `serviceName` on `network` for the construct at `claimantPath`; returns the path that
   * holds it already (then nothing is taken), or undefined.
   */
  public claimServiceName(network: object, serviceName: string, claimantPath: string): string | undefined {
    const holders = this.serviceNames.get(network) ?? new Map<string, string>();
    this.serviceNames.set(network, holders);
    const holder = holders.get(serviceName);
    if (holder === undefined) holders.set(serviceName, claimantPath);
    return holder;
  }

  /** The name claims, in construct-tree order. */
  public get nameClaims(): NameClaim[] {
    return this.inTreeOrder(this.names);
  }

  /** The host port claims, in construct-tree order (one construct's in the order it made them). */
  public get hostPortClaims(): HostPortClaim[] {
    return this.inTreeOrder(this.hostPorts);
  }

  /** The subnet claims, in construct-tree order. */
  public get subnetClaims(): SubnetClaim[] {
    return this.inTreeOrder(this.subnets);
  }

  /** The uses, in construct-tree order; one construct's networks before its volumes, then its image. */
  public get engineUses(): EngineUse[] {
    const networksFirst = (["network", "volume", "image"] as const).flatMap((kind) =>
      this.uses.filter((u) => u.kind === kind),
    );
    return this.inTreeOrder(networksFirst);
  }

  /**
   * Claims sorted by where their claimant sits in the stack's construct tree (stable), so
   * messages read in the order the program declares things, whatever order `add*` calls came in.
   */
  private inTreeOrder<T extends EngineClaim>(claims: T[]): T[] {
    if (claims.length < 2) return [...claims];
    const position = new Map<IConstruct, number>(this.stack.node.findAll().map((c, i) => [c, i]));
    return claims
      .map((claim, i) => ({ claim, i }))
      .sort((a, b) => (position.get(a.claim.claimant) ?? 0) - (position.get(b.claim.claimant) ?? 0) || a.i - b.i)
      .map((e) => e.claim);
  }
}
