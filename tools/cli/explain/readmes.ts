import * as fs from "fs";
import * as path from "path";

// An example README's "The same thing by hand" section holds the commands between these
// markers; the start marker names the stacks explained (`<!-- explain:start hello -->`).
const BLOCK = /<!-- explain:start ([^>]*?) -->\n[\s\S]*?<!-- explain:end -->/g;

/** The README files under `examplesDir` with an explain block, and the stacks each block names. */
export function findReadmeBlocks(examplesDir: string): { file: string; stacks: string[] }[] {
  const found: { file: string; stacks: string[] }[] = [];
  for (const name of fs.readdirSync(examplesDir).sort()) {
    const file = path.join(examplesDir, name, "README.md");
    if (!fs.existsSync(file)) continue;
    for (const block of fs.readFileSync(file, "utf8").matchAll(BLOCK))
      found.push({ file, stacks: block[1].trim().split(/\s+/) });
  }
  return found;
}

/** The README text with every explain block rewritten from `explain(stacks)`; the prose around it stays. */
export function rewriteReadme(text: string, explain: (stacks: string[]) => string): string {
  return text.replace(BLOCK, (_block, names: string) => {
    const stacks = names.trim().split(/\s+/);
    return [
      `<!-- explain:start ${stacks.join(" ")} -->`,
      "<!-- Generated from the synthesized stack by `npm run readmes`; edit the stack, not this block. -->",
      "```sh",
      explain(stacks).trimEnd(),
      "```",
      "<!-- explain:end -->",
    ].join("\n");
  });
}
