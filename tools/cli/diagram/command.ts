// `npm run diagram -- <stack>... [--format mermaid|dot|svg]`: draws stacks from their
// construct trees (networks, containers, images, host port forwards, volumes, mounts,
// dependencies). Mermaid and DOT go to stdout; svg is DOT rendered offline by Graphviz.
//   --all               every stack, on the engines they deploy to, in one picture
//   --update-readmes    redraw the diagram block of every examples/*/README.md
//   --check-readmes     exit 1 when a README's diagram is stale or missing
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { DockerApp, DockerStack } from "docker-iac";
import { defineStacks } from "../../../stacks/app";
import { drawStacks } from "./draw";
import { toDot } from "./dot";
import { toMermaid } from "./mermaid";
import { Diagram } from "./model";
import { addDiagramSection, findReadmeDiagrams, redrawReadme } from "./readmes";

const EXAMPLES = path.join(__dirname, "..", "..", "..", "examples");
const FORMATS = ["mermaid", "dot", "svg"] as const;
type Format = (typeof FORMATS)[number];

/** The example stacks. READMEs are drawn without the shell's cdktf context, so they do not depend on it. */
export function exampleStacks(options: { ignoreEnvContext?: boolean } = {}): DockerStack[] {
  const saved = process.env.CDKTF_CONTEXT_JSON;
  if (options.ignoreEnvContext) delete process.env.CDKTF_CONTEXT_JSON;
  try {
    const app = new DockerApp({ stackTraces: false });
    defineStacks(app);
    return app.node.children.filter((c): c is DockerStack => c instanceof DockerStack);
  } finally {
    if (saved !== undefined) process.env.CDKTF_CONTEXT_JSON = saved;
  }
}

/** The stacks named, in the order given; throws with the known names for an unknown one. */
export function pickStacks(all: DockerStack[], names: string[]): DockerStack[] {
  return names.map((name) => {
    const stack = all.find((s) => s.node.id === name);
    if (!stack) throw new Error(`no stack '${name}'. Known stacks: ${all.map((s) => s.node.id).join(", ")}`);
    return stack;
  });
}

/** Renders a diagram; svg runs Graphviz's `dot`, which must be installed (Debian: graphviz). */
export function render(diagram: Diagram, format: Format): string {
  if (format === "mermaid") return toMermaid(diagram);
  if (format === "dot") return toDot(diagram);
  const dot = spawnSync("dot", ["-Tsvg"], { input: toDot(diagram), encoding: "utf8", timeout: 60_000 });
  if (dot.error || dot.status !== 0) {
    const why = dot.error ? String(dot.error.message) : dot.stderr;
    throw new Error(`Graphviz could not render the SVG (${why.trim()}). Fix: install Graphviz (apt-get install -y graphviz), or use --format mermaid`);
  }
  return dot.stdout;
}

/** Redraws (or, with check, compares) the diagram block of every example README; returns the stale files. */
export function updateReadmes(check: boolean): string[] {
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

function main(argv: string[]): number {
  let format: Format = "mermaid";
  let all = false;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--format") {
      if (argv[i + 1] === undefined || argv[i + 1].startsWith("--")) throw new Error(`--format needs a value: one of ${FORMATS.join(", ")}`);
      const value = argv[++i] as Format;
      if (!FORMATS.includes(value)) throw new Error(`--format '${value}': use one of ${FORMATS.join(", ")}`);
      format = value;
    } else if (arg === "--all") all = true;
    else if (arg === "--update-readmes" || arg === "--check-readmes") {
      const stale = updateReadmes(arg === "--check-readmes");
      stale.forEach((line) => console.error(line));
      if (stale.length && arg === "--check-readmes") console.error("Fix: npm run diagram -- --update-readmes");
      return stale.length ? 1 : 0;
    } else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}`);
    else names.push(arg);
  }
  if (all && names.length) throw new Error(`--all draws every stack: give --all or stack names (${names.join(", ")}), not both`);
  const stacks = exampleStacks();
  if (!all && names.length === 0) {
    console.error(`usage: npm run diagram -- <stack>... | --all [--format ${FORMATS.join("|")}] | --update-readmes | --check-readmes\nstacks: ${stacks.map((s) => s.node.id).join(", ")}`);
    return 2;
  }
  const chosen = all ? stacks : pickStacks(stacks, names);
  process.stdout.write(render(drawStacks(chosen, all ? "all stacks" : names.join(" + ")), format));
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  }
}
