// docker-iac explain <stack>: prints the docker commands that build the same thing by hand, in
// the order they must run, each with a one-line comment; read from the stack's synthesized
// Terraform JSON (as `cdktf deploy` would apply it) and the synth report (build contexts).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliError, defineCommand, UsageError } from "../command";
import { readReport, synthWithReports } from "../synth-report/report";
import { explainStack, type StackToExplain } from "./explain";
import { renderSteps } from "./shell";

export const EXPLAIN = defineCommand({
  name: "explain",
  summary: "print the docker commands that build a stack by hand",
  synopsis: "<stack> [--prefix <p>] [--port-offset <n>]",
  description: [
    "Prints, in order, the `docker network create / volume create / build / pull / run` commands (or",
    "`docker service create` for Swarm stacks) that make what the stack declares, each with a comment",
    "in plain words. Secrets appear only as file paths or ${TF_VAR_x}, never as values.",
  ].join("\n"),
  options: { prefix: { type: "string" }, "port-offset": { type: "string" } },
  help: {
    prefix:
      "explain the stack synthesized with context namePrefix <p>: every Docker name starts with `<p>-`, so the commands make a copy beside the deployed one",
    "port-offset": "add n to every published host port (with --prefix: a copy on other ports)",
  },
  positionals: [1, 1],
  async run({ values, positionals, project }) {
    const offsetText = values["port-offset"] ?? "0";
    if (!/^-?\d+$/.test(offsetText)) throw new UsageError(`--port-offset '${offsetText}' is not a whole number`);
    const portOffset = Number(offsetText);
    let p = project();
    let scratch: string | undefined;
    if (values.prefix !== undefined) {
      // Another prefix is another synth: into a folder of its own, so the deployed stacks' output stays.
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-explain-"));
      p = p.withOutdir(scratch);
    }
    try {
      const context = JSON.parse(process.env.CDKTF_CONTEXT_JSON || "{}") as Record<string, unknown>;
      if (values.prefix !== undefined) context.namePrefix = values.prefix;
      await synthWithReports(p, { CDKTF_CONTEXT_JSON: JSON.stringify(context) });
      const [manifest] = p.pick(positionals);
      const report = readReport(manifest);
      const config = JSON.parse(fs.readFileSync(manifest.config, "utf8")) as StackToExplain["config"];
      const stack: StackToExplain = {
        config,
        // An image made some other way builds from synth's copy of its context, in the stack folder.
        buildContext: (address, synthesized) =>
          showFolder(report.buildContexts[address] ?? path.resolve(manifest.dir, synthesized)),
      };
      checkPorts(config, portOffset);
      process.stdout.write(renderSteps(explainStack(stack, { portOffset, home: os.homedir() })));
      return 0;
    } finally {
      if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    }
  },
});

/** A folder as the user can type it from here. */
function showFolder(folder: string): string {
  const relative = path.relative(process.cwd(), folder);
  return relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? folder : relative;
}

/** Every shifted host port must still be a port: one line naming the first that is not. */
function checkPorts(config: StackToExplain["config"], offset: number): void {
  const ports = JSON.stringify(config.resource ?? {}).matchAll(/"(?:external|published_port)":(\d+)/g);
  for (const [, port] of ports) {
    const shifted = Number(port) + offset;
    if (shifted < 1 || shifted > 65535)
      throw new CliError(
        `--port-offset ${offset} moves host port ${port} to ${shifted}, outside 1-65535. Fix: give a smaller offset`,
      );
  }
}
