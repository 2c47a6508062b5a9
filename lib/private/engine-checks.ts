import { IConstruct } from "constructs";
import { BridgeNetwork } from "../bridge-network";
import { Container } from "../container";
import { DockerStack } from "../docker-stack";
import { cidrsOverlap, parseCidr } from "./ipv4";
import { describePortForward, PortForward, portForwardsClash } from "../port-forward";
import { Volume } from "../volume";
import { OverlayNetwork } from "../overlay-network";
import { SwarmService } from "../swarm-service";
import { isUnresolved } from "../errors";

/**
 * Checks what must be unique on one Docker engine across the given stacks: host ports,
 * container/network/volume names and bridge subnets. Returns one message per problem,
 * each naming both construct paths, the value and the fix.
 */
export function checkEngine(stacks: DockerStack[]): string[] {
  const all = stacks.flatMap((s) => s.node.findAll());
  const containers = all.filter((c): c is Container => c instanceof Container);
  const networks = all.filter((c): c is BridgeNetwork => c instanceof BridgeNetwork);
  const volumes = all.filter((c): c is Volume => c instanceof Volume);
  // Overlay networks share the engine's address space and name space with bridge networks;
  // a service's published port is taken on every interface of its nodes.
  const overlays = all.filter((c): c is OverlayNetwork => c instanceof OverlayNetwork);
  const services = all.filter((c): c is SwarmService => c instanceof SwarmService);
  const portOwners: PortOwner[] = [
    ...containers.map((owner) => ({ owner, forwards: owner.portForwards })),
    ...services.map((owner) => ({ owner, forwards: servicePortForwards(owner) })),
  ];
  return [
    ...portClashes(portOwners),
    ...duplicateNames("container", containers.map((c) => [c, c._plainName])),
    ...duplicateNames("network", [...networks, ...overlays].map((n) => [n, n._plainName])),
    ...duplicateNames("volume", volumes.map((v) => [v, v._plainName])),
    ...duplicateNames("service", services.map((s) => [s, s._plainName])),
    ...subnetOverlaps([...networks, ...overlays]),
  ];
}

interface PortOwner {
  readonly owner: IConstruct;
  readonly forwards: PortForward[];
}

/** A service's fixed published ports as the engine sees them: taken on every interface. */
function servicePortForwards(service: SwarmService): PortForward[] {
  return service.publishedPorts
    .filter((p) => p.publishedPort !== undefined)
    .map((p) => ({ containerPort: p.targetPort, hostPort: p.publishedPort, protocol: p.protocol, hostIp: "0.0.0.0" }));
}

function portClashes(owners: PortOwner[]): string[] {
  // Bucket by port and protocol so 1000 containers do not cost a million comparisons.
  const buckets = new Map<string, { owner: IConstruct; forward: PortForward }[]>();
  for (const { owner, forwards } of owners) {
    for (const forward of forwards) {
      if (forward.hostPort === undefined || isUnresolved(forward.hostPort)) continue;
      const key = `${forward.hostPort}/${forward.protocol}`;
      buckets.set(key, [...(buckets.get(key) ?? []), { owner, forward }]);
    }
  }
  const messages: string[] = [];
  for (const claims of buckets.values()) {
    for (let i = 0; i < claims.length; i++) {
      for (let j = i + 1; j < claims.length; j++) {
        const [a, b] = [claims[i], claims[j]];
        if (!portForwardsClash(a.forward, b.forward)) continue;
        messages.push(
          `host port clash: ${describePortForward(a.forward)} of [${a.owner.node.path}] and ` +
            `${describePortForward(b.forward)} of [${b.owner.node.path}] claim the same host port. ` +
            "Fix: give one of them another hostPort, or leave hostPort out so Docker picks a free one",
        );
      }
    }
  }
  return messages;
}

function duplicateNames(kind: string, named: [IConstruct, string][]): string[] {
  const seen = new Map<string, IConstruct>();
  const messages: string[] = [];
  for (const [construct, name] of named) {
    if (isUnresolved(name)) continue;
    const first = seen.get(name);
    if (first) {
      messages.push(
        `duplicate ${kind} name '${name}' used by [${first.node.path}] and [${construct.node.path}] on one Docker engine. ` +
          `Fix: give each a unique ${kind}Name (or a different stack namePrefix)`,
      );
    } else seen.set(name, construct);
  }
  return messages;
}

function subnetOverlaps(networks: (BridgeNetwork | OverlayNetwork)[]): string[] {
  const withSubnet = networks
    .filter((n) => n.subnet !== undefined && !isUnresolved(n.subnet))
    .map((n) => ({ n, cidr: parseCidr(n.subnet!)! }));
  const messages: string[] = [];
  for (let i = 0; i < withSubnet.length; i++) {
    for (let j = i + 1; j < withSubnet.length; j++) {
      const [a, b] = [withSubnet[i], withSubnet[j]];
      if (cidrsOverlap(a.cidr, b.cidr)) {
        messages.push(
          `overlapping subnets: ${a.n.subnet} of [${a.n.node.path}] and ${b.n.subnet} of [${b.n.node.path}]. ` +
            "Fix: give the networks disjoint subnets, or leave subnet out so Docker picks one",
        );
      }
    }
  }
  return messages;
}

/**
 * A container can only use networks and volumes on its own engine: a BridgeNetwork or
 * Volume of a stack that deploys to another engine does not exist where it runs.
 */
export function crossEngineUses(stacks: DockerStack[]): string[] {
  const messages: string[] = [];
  for (const stack of stacks) {
    for (const container of stack.node.findAll().filter((c): c is Container => c instanceof Container)) {
      const used: [string, IConstruct][] = [
        ...container.networkAttachments.filter((a) => a.network instanceof BridgeNetwork).map((a): [string, IConstruct] => ["network", a.network as BridgeNetwork]),
        ...container.mountedVolumes.filter((m) => m.volume instanceof Volume).map((m): [string, IConstruct] => ["volume", m.volume as Volume]),
      ];
      for (const [kind, owner] of used) {
        const ownerStack = DockerStack.of(owner);
        if (ownerStack.host.endpoint === stack.host.endpoint) continue;
        messages.push(
          `[${container.node.path}] uses ${kind} [${owner.node.path}] of a stack on another engine ` +
            `(${stack.host.endpoint} vs ${ownerStack.host.endpoint}). Fix: use a ${kind} of a stack on the same engine`,
        );
      }
    }
  }
  return messages;
}
