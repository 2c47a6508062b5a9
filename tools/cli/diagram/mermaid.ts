import { type Diagram, type EdgeKind, type NodeKind, nodesByPlace, type Place } from "./model";
import { edgeLines, nodeLines } from "./wrap";

// One shape and one colour per node kind, one line style per edge kind.
const SHAPES: Record<NodeKind, [string, string]> = {
  container: ["[", "]"],
  service: ["[[", "]]"],
  image: ["[/", "/]"],
  volume: ["[(", ")]"],
  "host-path": ["[\\", "\\]"],
  "host-port": ["([", "])"],
  "bridge-network": ["{{", "}}"],
  "overlay-network": ["{{", "}}"],
  "host-network": ["[/", "\\]"],
  "none-network": ["((", "))"],
};

const STYLES: Record<NodeKind, string> = {
  container: "fill:#dbeafe,stroke:#1d4ed8",
  service: "fill:#dbeafe,stroke:#1d4ed8,stroke-width:3px",
  image: "fill:#f3f4f6,stroke:#6b7280",
  volume: "fill:#fef3c7,stroke:#b45309",
  "host-path": "fill:#fee2e2,stroke:#b91c1c",
  "host-port": "fill:#dcfce7,stroke:#15803d",
  "bridge-network": "fill:#ede9fe,stroke:#6d28d9",
  "overlay-network": "fill:#ede9fe,stroke:#6d28d9,stroke-width:3px,stroke-dasharray:6 3",
  "host-network": "fill:#fee2e2,stroke:#b91c1c",
  "none-network": "fill:#ffffff,stroke:#6b7280,stroke-dasharray:3 3",
};

// Added on top of the kind's style: the thick dark border of a network walled off from the outside.
const INTERNAL = "stroke:#111827,stroke-width:4px";

const ARROWS: Record<EdgeKind, string> = {
  runs: "-.->",
  network: "---",
  port: "-->",
  mount: "-.-",
  depends: "==>",
};

/** Mermaid text inside quotes: no raw quotes or angle brackets, lines joined with <br/>. */
function text(lines: string[]): string {
  const escape = (s: string) =>
    s.replace(/#/g, "#35;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
  return `"${lines.map(escape).join("<br/>")}"`;
}

function box(place: Place, index: number): string {
  return `box_${"stack" in place ? "stack" : "host"}_${index}`;
}

/**
 * A Mermaid flowchart: one box per stack, one per host, nodes shaped by kind. Top to bottom,
 * as the DOT output: a README is narrow, and a left-to-right stack of any size is too wide.
 */
export function toMermaid(diagram: Diagram): string {
  const out = ["flowchart TB"];
  nodesByPlace(diagram).forEach(({ place, title, nodes }, i) => {
    out.push(`  subgraph ${box(place, i)}[${text([title])}]`);
    for (const node of nodes) {
      const [open, close] = SHAPES[node.kind];
      out.push(`    ${node.id}${open}${text(nodeLines(node))}${close}`);
    }
    out.push("  end");
  });
  for (const edge of diagram.edges) {
    const label = edge.label ? `|${text(edgeLines(edge.label))}|` : "";
    out.push(`  ${edge.from} ${ARROWS[edge.kind]}${label} ${edge.to}`);
  }
  const kinds = [...new Set(diagram.nodes.map((n) => n.kind))].sort();
  for (const kind of kinds) {
    out.push(`  classDef ${className(kind)} ${STYLES[kind]}`);
    out.push(
      `  class ${diagram.nodes
        .filter((n) => n.kind === kind)
        .map((n) => n.id)
        .join(",")} ${className(kind)}`,
    );
  }
  const internal = diagram.nodes.filter((n) => n.internal);
  if (internal.length)
    out.push(
      `  classDef internal_network ${INTERNAL}`,
      `  class ${internal.map((n) => n.id).join(",")} internal_network`,
    );
  return `${out.join("\n")}\n`;
}

function className(kind: NodeKind): string {
  return kind.replace(/-/g, "_");
}
