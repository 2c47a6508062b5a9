import { Diagram, EdgeKind, NodeKind, nodesByPlace } from "./model";

// Graphviz attributes per node kind and edge kind; `dot -Tsvg` renders them offline.
const NODES: Record<NodeKind, string> = {
  container: 'shape=box, style="rounded,filled", fillcolor="#dbeafe", color="#1d4ed8"',
  service: 'shape=box3d, style=filled, fillcolor="#dbeafe", color="#1d4ed8"',
  image: 'shape=note, style=filled, fillcolor="#f3f4f6", color="#6b7280"',
  volume: 'shape=cylinder, style=filled, fillcolor="#fef3c7", color="#b45309"',
  "host-path": 'shape=folder, style=filled, fillcolor="#fee2e2", color="#b91c1c"',
  "host-port": 'shape=cds, style=filled, fillcolor="#dcfce7", color="#15803d"',
  "bridge-network": 'shape=hexagon, style=filled, fillcolor="#ede9fe", color="#6d28d9"',
  "overlay-network": 'shape=doubleoctagon, style="filled,dashed", fillcolor="#ede9fe", color="#6d28d9"',
  "host-network": 'shape=house, style=filled, fillcolor="#fee2e2", color="#b91c1c"',
  "none-network": 'shape=circle, style=dashed, color="#6b7280"',
};

const EDGES: Record<EdgeKind, string> = {
  runs: "style=dashed",
  network: "dir=none",
  port: 'color="#15803d"',
  mount: "dir=none, style=dashed",
  depends: "style=bold",
};

function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** Graphviz DOT: one cluster per stack, one per host, nodes shaped by kind. */
export function toDot(diagram: Diagram): string {
  const out = [`digraph ${quote(diagram.title)} {`, "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=10];'];
  nodesByPlace(diagram).forEach(({ title, nodes }, i) => {
    out.push(`  subgraph cluster_${i} {`, `    label=${quote(title)};`, '    style="rounded,dashed";');
    for (const node of nodes) out.push(`    ${node.id} [label=${quote(node.label.join("\n"))}, ${NODES[node.kind]}];`);
    out.push("  }");
  });
  for (const edge of diagram.edges) {
    const label = edge.label ? `label=${quote(edge.label)}, ` : "";
    out.push(`  ${edge.from} -> ${edge.to} [${label}${EDGES[edge.kind]}];`);
  }
  out.push("}");
  return `${out.join("\n")}\n`;
}
