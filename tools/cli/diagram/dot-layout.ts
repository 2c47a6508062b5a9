import type { Diagram, NodeKind } from "./model";

// Invisible edges that shape Graphviz's top-to-bottom layout (an edge puts its head at least
// one row below its tail), so a picture grows down rather than across. Graphviz still places
// every node; these only say which row must come below which.

/** An invisible edge: the node ids of the upper and the lower end. */
export type RowOrder = [above: string, below: string];

/** What runs: the nodes a row is made of. */
const WORKLOADS: NodeKind[] = ["container", "service"];

/**
 * The host's box above the stacks: every stack node nothing points at hangs below a host
 * node. Without this, a host box and a stack with no edge between them sit side by side.
 */
export function hostOnTop(diagram: Diagram): RowOrder[] {
  const top = diagram.nodes.find((n) => "host" in n.place);
  if (!top) return [];
  const heads = new Set(diagram.edges.map((e) => e.to));
  return diagram.nodes.filter((n) => "stack" in n.place && !heads.has(n.id)).map((n): RowOrder => [top.id, n.id]);
}

/**
 * At most `perRow` containers or services side by side: those no dependency orders (a stack
 * of independent services would all take one row) are wrapped onto further rows, in id order.
 */
export function wrapRows(diagram: Diagram, perRow: number): RowOrder[] {
  const workloads = diagram.nodes.filter((n) => WORKLOADS.includes(n.kind));
  const depends = diagram.edges.filter((e) => e.kind === "depends");
  // A workload's depth: the longest chain of dependencies above it (they draw it lower anyway);
  // a cycle (an override Terraform would refuse) stops where the walk began.
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const above = depends
      .filter((e) => e.to === id && !seen.has(e.from))
      .map((e) => depthOf(e.from, new Set([...seen, id])) + 1);
    const value = Math.max(0, ...above);
    depth.set(id, value);
    return value;
  };
  const rows = new Map<string, string[]>();
  for (const node of workloads) {
    const key = `${JSON.stringify(node.place)} ${depthOf(node.id, new Set())}`;
    rows.set(key, [...(rows.get(key) ?? []), node.id]);
  }
  const order: RowOrder[] = [];
  for (const row of rows.values()) {
    for (let i = 0; i + perRow < row.length; i++) order.push([row[i], row[i + perRow]]);
  }
  return order;
}
