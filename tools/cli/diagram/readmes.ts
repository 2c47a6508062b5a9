import * as fs from "fs";
import * as path from "path";

// An example README holds its stacks' picture between these markers; the start marker
// names the stacks drawn (`<!-- diagram:start hello -->`, or several for one engine).
const BLOCK = /<!-- diagram:start ([^>]*?) -->\n[\s\S]*?<!-- diagram:end -->/g;
const END = "<!-- diagram:end -->";

/** An example README and the stacks its diagram shows. */
export interface ReadmeDiagram {
  readonly file: string;
  readonly stacks: string[];
}

/** The diagram blocks in the examples' READMEs; `missing` lists READMEs without one. */
export function findReadmeDiagrams(examplesDir: string): { found: ReadmeDiagram[]; missing: string[] } {
  const found: ReadmeDiagram[] = [];
  const missing: string[] = [];
  for (const name of fs.readdirSync(examplesDir).sort()) {
    const file = path.join(examplesDir, name, "README.md");
    if (!fs.existsSync(file)) continue;
    const blocks = [...fs.readFileSync(file, "utf8").matchAll(BLOCK)];
    if (blocks.length === 0) missing.push(file);
    for (const block of blocks) found.push({ file, stacks: block[1].trim().split(/\s+/) });
  }
  return { found, missing };
}

/** The text between the markers: the Mermaid block GitHub renders, and where it comes from. */
export function readmeBlock(stacks: string[], mermaid: string): string {
  return [
    `<!-- diagram:start ${stacks.join(" ")} -->`,
    "<!-- Generated from the construct tree by `npm run readmes`; edit the stack, not this block. -->",
    "```mermaid",
    mermaid.trimEnd(),
    "```",
    END,
  ].join("\n");
}

/** The README text with every diagram block redrawn by `render`. */
export function redrawReadme(text: string, render: (stacks: string[]) => string): string {
  return text.replace(BLOCK, (_block, stacks: string) =>
    readmeBlock(stacks.trim().split(/\s+/), render(stacks.trim().split(/\s+/))),
  );
}

/** Appends an empty diagram section for `stack` to a README that has none (filled by the next redraw). */
export function addDiagramSection(text: string, stacks: string[]): string {
  return `${text.trimEnd()}\n\n## The stack, drawn\n\nNetworks, containers, images, host port forwards and volumes, drawn from the construct\ntree (\`npm run diagram -- ${stacks[0]}\`; \`--format svg\` renders it with Graphviz).\n\n<!-- diagram:start ${stacks.join(" ")} -->\n${END}\n`;
}
