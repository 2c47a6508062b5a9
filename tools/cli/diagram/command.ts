// docker-iac diagram: draws stacks from their construct trees (networks, containers, images, host
// port forwards, volumes, mounts, dependencies), read from the synth report. Mermaid and DOT are
// text; svg is DOT rendered offline by Graphviz. --out writes a file, nothing else goes to stdout.
import * as fs from "fs";
import * as path from "path";
import { CliError, defineCommand, UsageError } from "../command";
import { readReport, synthWithReports } from "../synth-report/report";
import { type Format, FORMATS, mergeDiagrams, render } from "./render";

export const DIAGRAM = defineCommand({
  name: "diagram",
  summary: "draw stacks as Mermaid, DOT or SVG",
  synopsis: `[stack...] [--format ${FORMATS.join("|")}] [--out <file>]`,
  description: [
    "Synthesizes the app and draws the stacks named (all when none are) in one picture: networks,",
    "containers, services, images, host port forwards, volumes, mounts and dependencies. Stacks on one",
    "engine share the host's box. svg needs Graphviz's `dot` (Debian: apt-get install graphviz).",
  ].join("\n"),
  options: { format: { type: "string", short: "f" }, out: { type: "string", short: "o" } },
  help: {
    format: `${FORMATS.join(", ")} (default mermaid; with --out, taken from the file's extension .mmd, .dot or .svg)`,
    out: "write the picture to this file instead of stdout",
  },
  positionals: [0, undefined],
  async run({ values, positionals, project }) {
    const format = formatOf(values.format, values.out);
    const p = project();
    await synthWithReports(p);
    const stacks = p.pick(positionals);
    const title = positionals.length ? positionals.join(" + ") : "all stacks";
    const picture = render(
      mergeDiagrams(
        title,
        stacks.map((s) => readReport(s).diagram),
      ),
      format,
    );
    if (values.out === undefined) {
      process.stdout.write(picture);
      return 0;
    }
    try {
      fs.writeFileSync(values.out, picture);
    } catch (err) {
      throw new CliError(
        `cannot write --out '${values.out}' (${(err as NodeJS.ErrnoException).code ?? String(err)}). Fix: give a file in a folder you can write`,
      );
    }
    process.stderr.write(`wrote ${values.out} (${format}, ${stacks.map((s) => s.name).join(", ")})\n`);
    return 0;
  },
});

const EXTENSIONS: Record<string, Format> = {
  ".mmd": "mermaid",
  ".mermaid": "mermaid",
  ".dot": "dot",
  ".gv": "dot",
  ".svg": "svg",
};

function formatOf(format: string | undefined, out: string | undefined): Format {
  if (format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(format))
      throw new UsageError(`--format '${format}': use one of ${FORMATS.join(", ")}`);
    return format as Format;
  }
  return (out !== undefined ? EXTENSIONS[path.extname(out).toLowerCase()] : undefined) ?? "mermaid";
}
