import type { IConstruct, IValidation } from "constructs";
import { cidrsOverlap, parseCidr } from "./ipv4";
import { DOCKER_OBJECT_KINDS, EngineClaims, type HostPortClaim } from "./engine-claims";
import { describePortForward, portForwardsClash } from "./port-forwards";
import { ErrorCode } from "../error-code";
import { isUnresolved, withCode } from "../errors";

// The checks of what must be unique on one Docker engine. Each reads the claims the constructs
// registered (engine-claims.ts) in the registries it is given: one stack's (a DockerStack adds
// them as its own validations) or those of every stack on one engine (DockerApp). Each message
// starts with the path of the later claimant (in construct-tree order), names the earlier one,
// the value and the fix.

/** No two claims on one host socket: same port and protocol on overlapping addresses. */
export class UniqueHostPorts implements IValidation {
  constructor(private readonly registries: readonly EngineClaims[]) {}

  public validate(): string[] {
    // Bucket by port and protocol so 1000 containers do not cost a million comparisons.
    const buckets = new Map<string, HostPortClaim[]>();
    for (const claim of this.registries.flatMap((r) => r.hostPortClaims)) {
      const { hostPort, protocol } = claim.forward;
      if (hostPort === undefined || isUnresolved(hostPort)) continue;
      const key = `${hostPort}/${protocol}`;
      buckets.set(key, [...(buckets.get(key) ?? []), claim]);
    }
    const messages: string[] = [];
    for (const claims of buckets.values()) {
      for (let i = 0; i < claims.length; i++) {
        for (let j = i + 1; j < claims.length; j++) {
          const [a, b] = [claims[i], claims[j]];
          if (!portForwardsClash(a.forward, b.forward)) continue;
          const [first, later] = [describePortForward(a.forward), describePortForward(b.forward)];
          messages.push(
            `[${b.claimant.node.path}] host port ${later} is already claimed by [${a.claimant.node.path}]${first === later ? "" : ` (${first})`}. ` +
              withCode(
                "Fix: give one of them another hostPort, or leave hostPort out so Docker picks a free one",
                ErrorCode.HOST_PORT_CLASH,
              ),
          );
        }
      }
    }
    return messages;
  }
}

/** One Docker name per kind of object (container, network, volume, service) on an engine. */
export class UniqueDockerNames implements IValidation {
  constructor(private readonly registries: readonly EngineClaims[]) {}

  public validate(): string[] {
    const claims = this.registries.flatMap((r) => r.nameClaims);
    const messages: string[] = [];
    for (const kind of DOCKER_OBJECT_KINDS) {
      const seen = new Map<string, IConstruct>();
      for (const { claimant, name } of claims.filter((c) => c.kind === kind)) {
        if (isUnresolved(name)) continue;
        const first = seen.get(name);
        if (first) {
          messages.push(
            `[${claimant.node.path}] ${kind} name '${name}' is already used by [${first.node.path}] on the same Docker engine. ` +
              withCode(
                `Fix: give each a unique ${kind}Name (or a different stack namePrefix)`,
                ErrorCode.DUPLICATE_DOCKER_NAME,
              ),
          );
        } else seen.set(name, claimant);
      }
    }
    return messages;
  }
}

/** Bridge and overlay networks of one engine share its address space: their subnets must not overlap. */
export class DisjointSubnets implements IValidation {
  constructor(private readonly registries: readonly EngineClaims[]) {}

  public validate(): string[] {
    const withSubnet = this.registries
      .flatMap((r) => r.subnetClaims)
      .filter((c) => !isUnresolved(c.subnet))
      .map((c) => ({ c, cidr: parseCidr(c.subnet)! }));
    const messages: string[] = [];
    for (let i = 0; i < withSubnet.length; i++) {
      for (let j = i + 1; j < withSubnet.length; j++) {
        const [a, b] = [withSubnet[i], withSubnet[j]];
        if (cidrsOverlap(a.cidr, b.cidr)) {
          messages.push(
            `[${b.c.claimant.node.path}] subnet ${b.c.subnet} overlaps ${a.c.subnet} of [${a.c.claimant.node.path}] on the same Docker engine. ` +
              withCode(
                "Fix: give the networks disjoint subnets, or leave subnet out so Docker picks one",
                ErrorCode.OVERLAPPING_SUBNETS,
              ),
          );
        }
      }
    }
    return messages;
  }
}

/**
 * A container can only use networks, volumes and images on its own engine: a BridgeNetwork,
 * Volume or image of a stack that deploys to another engine does not exist where it runs.
 */
export class UsesOnOwnEngine implements IValidation {
  constructor(private readonly registries: readonly EngineClaims[]) {}

  public validate(): string[] {
    const messages: string[] = [];
    for (const registry of this.registries) {
      for (const { claimant, kind, used, usedEngine } of registry.engineUses) {
        if (usedEngine === registry.engine) continue;
        messages.push(
          `[${claimant.node.path}] uses ${kind} [${used.node.path}] of a stack on another engine ` +
            withCode(
              `(${registry.engine} vs ${usedEngine}). Fix: use ${kind === "image" ? "an image built or pulled by" : `a ${kind} of`} a stack on the same engine`,
              ErrorCode.CROSS_ENGINE_REFERENCE,
            ),
        );
      }
    }
    return messages;
  }
}

/** The engine-wide checks over the registries of stacks that share one engine, in report order. */
export function engineValidations(registries: readonly EngineClaims[]): IValidation[] {
  return [new UniqueHostPorts(registries), new UniqueDockerNames(registries), new DisjointSubnets(registries)];
}

/**
 * Checks what must be unique on one Docker engine across the given stacks: host ports,
 * container/network/volume/service names and subnets. Returns one message per problem.
 */
export function checkEngine(stacks: readonly IConstruct[]): string[] {
  return engineValidations(stacks.map((s) => EngineClaims.of(s))).flatMap((v) => v.validate());
}

/** The networks and volumes the stacks' containers use that live on another engine. */
export function crossEngineUses(stacks: readonly IConstruct[]): string[] {
  return new UsesOnOwnEngine(stacks.map((s) => EngineClaims.of(s))).validate();
}
