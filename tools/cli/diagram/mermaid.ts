import { Diagram, EdgeKind, NodeKind, nodesByPlace, Place } from "./model";

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

const ARROWS: Record<EdgeKind, string> = {
  runs: "-.->",
  network: "---",
  port: "-->",
  mount: "-.-",
  depends: "==>",
};

/** Mermaid text inside quotes: no raw quotes or angle brackets, lines joined with <br/>. */
function text(lines: string[]): string {
  const escape = (s: string) => s.replace(/#/g, "#35;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
  return `"${lines.map(escape).join("<br/>")}"`;
}

function box(place: Place, index: number): string {
  return `box_${"stack" in place ? "stack" : "host"}_${index}`;
}

/** A Mermaid flowchart: one box per stack, one per host, nodes shaped by kind. */
export function toMermaid(diagram: Diagram): string {
  const out = ["flowchart LR"];
  nodesByPlace(diagram).forEach(({ place, title, nodes }, i) => {
    out.push(`  subgraph ${box(place, i)}[${text([title])}]`);
    for (const node of nodes) {
      const [open, close] = SHAPES[node.kind];
      out.push(`    ${node.id}${open}${text(node.label)}${close}`);
    }
    out.push("  end");
  });
  for (const edge of diagram.edges) {
    const label = edge.label ? `|${text([edge.label])}|` : "";
    out.push(`  ${edge.from} ${ARROWS[edge.kind]}${label} ${edge.to}`);
  }
  const kinds = [...new Set(diagram.nodes.map((n) => n.kind))].sort();
  for (const kind of kinds) {
    out.push(`  classDef ${className(kind)} ${STYLES[kind]}`);
    out.push(`  class ${diagram.nodes.filter((n) => n.kind === kind).map((n) => n.id).join(",")} ${className(kind)}`);
  }
  return `${out.join("\n")}\n`;
}

function className(kind: NodeKind): string {
  return kind.replace(/-/g, "_");
}
