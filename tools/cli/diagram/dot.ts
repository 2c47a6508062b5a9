import { type Diagram, type DiagramNode, type EdgeKind, type NodeKind, nodesByPlace } from "./model";
import { hostOnTop, wrapRows } from "./dot-layout";
import { edgeLines, nodeLines } from "./wrap";

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

// Added to the kind's attributes: a thick dark border around a network walled off from the outside.
const INTERNAL = 'penwidth=3, color="#111827"';

// Containers or services side by side at most, each with its image below it.
const PER_ROW = 2;

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

function attributes(node: DiagramNode): string {
  return `label=${quote(nodeLines(node).join("\n"))}, ${NODES[node.kind]}${node.internal ? `, ${INTERNAL}` : ""}`;
}

/**
 * Graphviz DOT: one cluster per stack, one per host, nodes shaped by kind. Top to bottom
 * (host ports and paths, then containers, then what they run on), so a picture grows in
 * height with its stack and stays legible scaled to a README's width.
 */
export function toDot(diagram: Diagram): string {
  const out = [
    `digraph ${quote(diagram.title)} {`,
    '  rankdir=TB; newrank=true; nodesep=0.2; ranksep=0.3; fontname="Helvetica";',
    // Large text and small gaps: a README shows the picture at most about 900 px wide.
    '  node [fontname="Helvetica", fontsize=14, margin="0.08,0.04"];',
    '  edge [fontname="Helvetica", fontsize=13];',
  ];
  nodesByPlace(diagram).forEach(({ place, title, nodes }, i) => {
    out.push(`  subgraph cluster_${i} {`, `    label=${quote(title)};`, '    style="rounded,dashed";');
    // The host's box is one row on top, where traffic and files come from (newrank allows it in a cluster).
    if ("host" in place) out.push("    rank=min;");
    for (const node of nodes) out.push(`    ${node.id} [${attributes(node)}];`);
    out.push("  }");
  });
  for (const edge of diagram.edges) {
    const label = edge.label ? `label=${quote(edgeLines(edge.label).join("\n"))}, ` : "";
    out.push(`  ${edge.from} -> ${edge.to} [${label}${EDGES[edge.kind]}];`);
  }
  for (const [from, to] of [...hostOnTop(diagram), ...wrapRows(diagram, PER_ROW)])
    out.push(`  ${from} -> ${to} [style=invis];`);
  out.push("}");
  return `${out.join("\n")}\n`;
}
