// npm run readmes [-- --check]: redraws the generated blocks of every examples/*/README.md from
// this repository's example app: the diagram (<!-- diagram:start ... -->) and the commands that
// build the same thing by hand (<!-- explain:start ... -->). --check only says which are stale
// (exit 1); unit tests run the same check. Repository upkeep, not part of the shipped command.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "node:util";
import { drawStacks } from "../cli/diagram/draw";
import { toMermaid } from "../cli/diagram/mermaid";
import { addDiagramSection, findReadmeDiagrams, redrawReadme } from "../cli/diagram/readmes";
import { explainStack } from "../cli/explain/explain";
import { findReadmeBlocks, rewriteReadme } from "../cli/explain/readmes";
import { renderSteps } from "../cli/explain/shell";
import { exampleStacks, type LoadedStack, loadStacks, pickStacks } from "./example-stacks";

const REPO = path.join(__dirname, "..", "..");
const EXAMPLES = path.join(REPO, "examples");

/** Redraws (or, with check, compares) the diagram block of every example README; returns the stale files. */
export function updateDiagramReadmes(check: boolean): string[] {
  const stacks = exampleStacks({ ignoreEnvContext: true });
  const stale: string[] = [];
  const { missing } = findReadmeDiagrams(EXAMPLES);
  for (const file of missing) {
    const name = path.basename(path.dirname(file));
    if (check || !stacks.some((s) => s.node.id === name)) {
      stale.push(`${file}: no <!-- diagram:start <stack> --> block`);
      continue;
    }
    fs.writeFileSync(file, addDiagramSection(fs.readFileSync(file, "utf8"), [name]));
  }
  const files = [...new Set(findReadmeDiagrams(EXAMPLES).found.map((r) => r.file))];
  for (const file of files) {
    const before = fs.readFileSync(file, "utf8");
    const after = redrawReadme(before, (names) => toMermaid(drawStacks(pickStacks(stacks, names), names.join(" + "))));
    if (after === before) continue;
    if (check) stale.push(`${file}: diagram is stale`);
    else fs.writeFileSync(file, after);
  }
  return stale;
}

/** The printed commands of one stack. */
export function explainText(stack: LoadedStack, portOffset = 0): string {
  return renderSteps(explainStack(stack, { portOffset, home: os.homedir() }));
}

/**
 * Rewrites (or, with check, compares) the explain block of every example README; returns the
 * stale files. READMEs are explained without the shell's context, so they do not depend on it.
 */
export function updateExplainReadmes(check: boolean): string[] {
  const { stacks } = loadStacks({ ignoreEnvironment: true, relativeTo: REPO });
  const stale: string[] = [];
  for (const file of [...new Set(findReadmeBlocks(EXAMPLES).map((b) => b.file))]) {
    const before = fs.readFileSync(file, "utf8");
    const after = rewriteReadme(before, (names) =>
      names
        .map((name) => {
          const stack = stacks.find((s) => s.name === name);
          if (!stack) throw new Error(`${file}: no stack '${name}'. Stacks: ${stacks.map((s) => s.name).join(", ")}`);
          return explainText(stack);
        })
        .join("\n"),
    );
    if (after === before) continue;
    stale.push(path.relative(REPO, file));
    if (!check) fs.writeFileSync(file, after);
  }
  return stale;
}

if (require.main === module) {
  const { values } = parseArgs({ options: { check: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    process.stdout.write("usage: npm run readmes [-- --check]\n");
  } else {
    const stale = [...updateDiagramReadmes(values.check ?? false), ...updateExplainReadmes(values.check ?? false)];
    stale.forEach((line) => process.stderr.write(`${values.check ? "stale" : "rewrote"}: ${line}\n`));
    if (values.check && stale.length) {
      process.stderr.write("Fix: npm run readmes\n");
      process.exitCode = 1;
    }
  }
}
