// The picture of a stack as plain data: nodes and edges, each of a kind. Drawers (one per
// construct type, see drawers/) fill it from the construct tree; renderers (Mermaid, DOT)
// turn it into text. Neither side knows the other.

/** What a node stands for; each kind has its own shape in every renderer. */
export type NodeKind =
  | "container"
  | "service"
  | "image"
  | "volume"
  | "host-path"
  | "host-port"
  | "bridge-network"
  | "overlay-network"
  | "host-network"
  | "none-network";

/** What an edge means; each kind has its own line style in every renderer. */
export type EdgeKind =
  | "runs" // container -> image
  | "network" // container -- network
  | "port" // host port -> container port
  | "mount" // volume or host path -> container path
  | "depends"; // container -> what must be there first

/**
 * Where a node is drawn: inside its stack's box, or in the box of the host that runs the
 * engine (host ports, host paths, the host network), named by the engine's endpoint.
 */
export type Place = { readonly stack: string } | { readonly host: string };

export interface DiagramNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** Lines of text, first line the name. */
  readonly label: string[];
  readonly place: Place;
  /** A network with no route out of it (Docker's `internal`): renderers set it apart. */
  readonly internal?: boolean;
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
}

/** A finished diagram, nodes and edges in a stable order (so output only changes with the stacks). */
export interface Diagram {
  readonly title: string;
  readonly nodes: DiagramNode[];
  readonly edges: DiagramEdge[];
}

/** A node that may be drawn later by its own drawer, or else by the fallback given with the reference. */
type NodeSpec = Omit<DiagramNode, "id">;

/**
 * What a drawer draws into. Things are keyed by object identity (a construct, or a value
 * such as `Network.HOST`), so a container can point at a network before or after the
 * network's own drawer ran; whatever is referenced but never drawn gets its fallback.
 */
export class DiagramBuilder {
  private readonly ids = new Map<unknown, string>();
  private readonly nodes = new Map<string, DiagramNode>();
  private readonly fallbacks = new Map<string, NodeSpec>();
  private readonly edges: DiagramEdge[] = [];
  private readonly used = new Set<string>();

  constructor(public readonly title: string) {}

  /** Draws `thing` as a node; returns its id. `key` names it stably (a construct path). */
  public node(thing: unknown, key: string, spec: NodeSpec): string {
    const id = this.idOf(thing, key);
    this.nodes.set(id, { id, ...spec, label: [...spec.label] });
    return id;
  }

  /** The id of `thing`, drawn by its own drawer, or with `fallback` if nothing draws it. */
  public ref(thing: unknown, key: string, fallback: NodeSpec): string {
    const id = this.idOf(thing, key);
    if (!this.fallbacks.has(id)) this.fallbacks.set(id, fallback);
    return id;
  }

  public edge(from: string, to: string, kind: EdgeKind, label?: string): void {
    this.edges.push({ from, to, kind, label });
  }

  public build(): Diagram {
    for (const [id, spec] of this.fallbacks) if (!this.nodes.has(id)) this.nodes.set(id, { id, ...spec });
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const edgeKey = (e: DiagramEdge) => `${e.from}\0${e.to}\0${e.kind}\0${e.label ?? ""}`;
    const edges = [...new Map(this.edges.map((e) => [edgeKey(e), e])).values()];
    edges.sort((a, b) => (edgeKey(a) < edgeKey(b) ? -1 : 1));
    return { title: this.title, nodes: [...this.nodes.values()].sort(byId), edges };
  }

  private idOf(thing: unknown, key: string): string {
    const known = this.ids.get(thing);
    if (known) return known;
    let id = key.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "node";
    if (!/^[A-Za-z]/.test(id)) id = `n_${id}`;
    while (this.used.has(id)) id += "_";
    this.used.add(id);
    this.ids.set(thing, id);
    return id;
  }
}

/** The nodes of each place (stack or host box), places in a stable order, with the box title. */
export function nodesByPlace(diagram: Diagram): { place: Place; title: string; nodes: DiagramNode[] }[] {
  const key = (place: Place) => ("stack" in place ? `stack ${place.stack}` : `host ${place.host}`);
  const places = new Map<string, { place: Place; title: string; nodes: DiagramNode[] }>();
  for (const node of diagram.nodes) {
    const k = key(node.place);
    if (!places.has(k)) {
      const title = "stack" in node.place ? `stack ${node.place.stack}` : `host (engine ${node.place.host})`;
      places.set(k, { place: node.place, title, nodes: [] });
    }
    places.get(k)!.nodes.push(node);
  }
  return [...places.keys()].sort().map((k) => places.get(k)!);
}
