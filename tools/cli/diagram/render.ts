import { spawnSync } from "child_process";
import { toDot } from "./dot";
import { toMermaid } from "./mermaid";
import type { Diagram } from "./model";

export const FORMATS = ["mermaid", "dot", "svg"] as const;
export type Format = (typeof FORMATS)[number];

/** Renders a diagram; svg runs Graphviz's `dot`, which must be installed (Debian: graphviz). */
export function render(diagram: Diagram, format: Format): string {
  if (format === "mermaid") return toMermaid(diagram);
  if (format === "dot") return toDot(diagram);
  const dot = spawnSync("dot", ["-Tsvg"], { input: toDot(diagram), encoding: "utf8", timeout: 60_000 });
  if (dot.error || dot.status !== 0) {
    const why = dot.error ? String(dot.error.message) : dot.stderr;
    throw new Error(
      `Graphviz could not render the SVG (${why.trim()}). Fix: install Graphviz (apt-get install -y graphviz), or use --format mermaid`,
    );
  }
  return dot.stdout;
}

/**
 * Several stacks' diagrams as one: what two stacks share on their engine (a host port, the host
 * network, a host path) has the same id in each, so it is drawn once.
 */
export function mergeDiagrams(title: string, diagrams: Diagram[]): Diagram {
  const nodes = new Map(diagrams.flatMap((d) => d.nodes).map((n) => [n.id, n] as const));
  const edgeKey = (e: Diagram["edges"][number]) => `${e.from}\0${e.to}\0${e.kind}\0${e.label ?? ""}`;
  const edges = [...new Map(diagrams.flatMap((d) => d.edges).map((e) => [edgeKey(e), e] as const)).values()];
  edges.sort((a, b) => (edgeKey(a) < edgeKey(b) ? -1 : 1));
  return { title, nodes: [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), edges };
}
