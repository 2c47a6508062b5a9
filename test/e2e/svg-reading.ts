// How big a Graphviz SVG reads in a page column: a README shows an image at its own size, or
// scaled down to the column's width when it is wider (GitHub's is about 900 px).

/** The picture as shown at most `columnPx` wide: its size, and its smallest text, in CSS px. */
export interface SvgReading {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly smallestTextPx: number;
}

// CSS has 96 px to the inch, Graphviz's point 72.
const PX_PER_PT = 96 / 72;

function lengthPx(value: string, what: string): number {
  const match = /^([\d.]+)(pt|px)?$/.exec(value);
  if (!match) throw new Error(`the SVG's ${what} '${value}' is not a length in pt or px`);
  return Number(match[1]) * (match[2] === "pt" ? PX_PER_PT : 1);
}

/** Reads `dot -Tsvg` output: the root's size and viewBox, the graph's scale, every text's font-size. */
export function readSvg(svg: string, columnPx: number): SvgReading {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0];
  if (!root) throw new Error("no <svg> element");
  const attribute = (name: string) => {
    const value = new RegExp(`\\s${name}="([^"]*)"`).exec(root)?.[1];
    if (value === undefined) throw new Error(`the <svg> element has no ${name}`);
    return value;
  };
  const naturalWidthPx = lengthPx(attribute("width"), "width");
  const [, , viewWidth, viewHeight] = attribute("viewBox")
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  // Graphviz scales the drawing inside the viewBox when the graph has a size or ratio set.
  const scale = /<g id="graph0"[^>]*transform="scale\(([\d.]+)/.exec(svg);
  const drawingScale = scale ? Number(scale[1]) : 1;
  const fontSizes = [...svg.matchAll(/<text\b[^>]*\sfont-size="([\d.]+)"/g)].map((m) => Number(m[1]));
  if (fontSizes.length === 0) throw new Error("the SVG has no text with a font-size");
  const pxPerUnit = Math.min(columnPx, naturalWidthPx) / viewWidth;
  return {
    widthPx: viewWidth * pxPerUnit,
    heightPx: viewHeight * pxPerUnit,
    smallestTextPx: Math.min(...fontSizes) * drawingScale * pxPerUnit,
  };
}
