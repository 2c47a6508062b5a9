import type { DiagramNode } from "./model";

// Long names (image references, host paths, mount targets) wrapped onto lines of a width a
// narrow picture can hold: after a slash, a hyphen, a space, a comma or a semicolon, or before
// an `@` or a bracketed part (kept whole); a run with no such place is cut where the line is full.

const PIECES = /\([^)]*\)[-/\s,;]*|[@(]?[^-/\s,;@(]*[-/\s,;]*/g;

/** `line` as lines of at most `width` characters, nothing dropped but spaces at the breaks. */
export function wrapLine(line: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const piece of line.match(PIECES) ?? []) {
    if (piece === "") continue;
    if (current && (current + piece).trimEnd().length > width) {
      lines.push(current.trimEnd());
      current = "";
    }
    current += piece;
    while (current.length > width) {
      lines.push(current.slice(0, width));
      current = current.slice(width);
    }
  }
  if (current.trimEnd() || lines.length === 0) lines.push(current.trimEnd());
  return lines;
}

// The longest line of a node's label and of an edge's, in characters, in every renderer: no
// one label widens the picture. A hexagon is half again as wide as its text; several edge
// labels often sit side by side on one row.
const NODE_LINE = 28;
const NETWORK_LINE = 22;
const EDGE_LINE = 16;

/** A node's label as the lines to draw. */
export function nodeLines(node: DiagramNode): string[] {
  const width = node.kind.endsWith("-network") ? NETWORK_LINE : NODE_LINE;
  return node.label.flatMap((line) => wrapLine(line, width));
}

/** An edge's label as the lines to draw. */
export function edgeLines(label: string): string[] {
  return wrapLine(label, EDGE_LINE);
}
