import type { TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";
import { type DockerStack, type INetwork, Network, NetworkMode } from "docker-iac";
import type { DiagramBuilder, NodeKind, Place } from "./model";

/** What a drawer gets besides the construct: where to draw, and lookups across the tree. */
export interface DrawContext {
  readonly diagram: DiagramBuilder;
  readonly stack: DockerStack;
  /** The stack's box. */
  readonly place: Place;
  /** The box of the host whose engine the stack deploys to. */
  readonly host: Place;
  /** The construct that owns a resource named in `depends_on` (`docker_container.Db_1234`), if any. */
  readonly ownerOf: (dependency: string) => IConstruct | undefined;
  /** A resource's attributes as synth writes them, escape-hatch overrides included. */
  readonly synthesized: (resource: TerraformResource) => Record<string, unknown>;
}

/**
 * Draws one type of construct. A new construct type adds itself with a file in drawers/
 * exporting one of these, and one line in drawers/index.ts; nothing else changes.
 */
export interface ConstructDrawer<T extends IConstruct = IConstruct> {
  /** The construct class this drawer draws (matched with instanceof, subclasses included). */
  readonly type: abstract new (...args: never[]) => T;
  draw(construct: T, context: DrawContext): void;
}

/** Defines a drawer with the construct type inferred. */
export function drawer<T extends IConstruct>(
  type: abstract new (...args: never[]) => T,
  draw: (construct: T, context: DrawContext) => void,
): ConstructDrawer<T> {
  return { type, draw };
}

const NETWORK_KINDS: Record<string, NodeKind> = {
  [NetworkMode.BRIDGE]: "bridge-network",
  [NetworkMode.HOST]: "host-network",
  [NetworkMode.NONE]: "none-network",
  overlay: "overlay-network",
};

/**
 * The node id of any network a container or service names: the network's own node when a
 * construct of this app draws it, else one drawn here (the host network in the host's box,
 * a `none` network per stack, a network made elsewhere marked external).
 */
export function networkRef(network: INetwork, context: DrawContext): string {
  const kind = NETWORK_KINDS[network.mode] ?? "bridge-network";
  if (network === Network.HOST)
    return context.diagram.ref(network, "network host", {
      kind,
      label: ["host network", "the host's own interfaces"],
      place: context.host,
    });
  if (network === Network.NONE) {
    const key = `${context.stack.node.path} network none`;
    return context.diagram.ref(key, key, { kind, label: ["none", "loopback only"], place: context.place });
  }
  const construct = (network as Partial<IConstruct>).node;
  if (construct)
    return context.diagram.ref(network, construct.path, { kind, label: [network.networkName], place: context.place });
  return context.diagram.ref(network, `network ${network.networkName}`, {
    kind,
    label: [network.networkName, "external"],
    place: context.place,
  });
}

/** The node id of a construct another one points at (an image, a volume), drawn by its own drawer. */
export function constructRef(thing: unknown, name: string, kind: NodeKind, context: DrawContext): string {
  const node = (thing as Partial<IConstruct>).node;
  return node
    ? context.diagram.ref(thing, node.path, { kind, label: [name], place: context.place })
    : context.diagram.ref(thing, `${kind} ${name}`, { kind, label: [name, "external"], place: context.place });
}

/** What a resource's synthesized `depends_on` names, as the constructs that own those resources. */
export function dependenciesOf(resource: TerraformResource, context: DrawContext): IConstruct[] {
  const dependsOn = context.synthesized(resource).depends_on;
  const names = Array.isArray(dependsOn) ? dependsOn.map(String) : [];
  return names.map(context.ownerOf).filter((owner): owner is IConstruct => owner !== undefined);
}

/**
 * Whether a `docker_network` is internal (no route out: Docker gives it no gateway to the
 * host's interfaces), read from what synth writes so an escape-hatch override counts too.
 */
export function internalNetwork(
  resource: TerraformResource,
  context: DrawContext,
): { internal: boolean; label: string[] } {
  const internal = context.synthesized(resource).internal === true;
  return { internal, label: internal ? ["internal: no route out"] : [] };
}
