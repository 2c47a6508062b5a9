// docker-iac ps [stack...] [--json]: the containers and Swarm services of the stacks, as on the
// engine each stack deploys to, plus what the stack declares but the engine lacks ("missing").
import { CliError, defineCommand, EXIT } from "../command";
import type { Project } from "../project";
import { synthWithReports } from "../synth-report/report";
import { formatTable } from "./format";
import { psStack } from "./list";
import { readStackTarget } from "./stack-target";

/** The stacks named (all when none), from the last synth; synthesizes only when there is none yet. */
export async function lastSynthStacks(project: Project, names: string[]) {
  try {
    project.stacks();
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    process.stderr.write(`no synth output in ${project.show(project.outdir)} yet: synthesizing\n`);
    await synthWithReports(project);
  }
  return project.pick(names);
}

export const PS = defineCommand({
  name: "ps",
  summary: "list the containers and Swarm services of stacks: state, health, image, ports",
  synopsis: "[stack...] [--json]",
  description: [
    "Lists the containers and Swarm services of the stacks (all stacks of the last synth when none",
    "are named) on the engine each deploys to, found by their io.docker-iac.stack label. A container",
    "or service the stack declares that the engine does not have shows as 'missing'. It reads the",
    "last synth output and synthesizes only when there is none.",
  ].join("\n"),
  options: { json: { type: "boolean" } },
  help: { json: "print a JSON array, one object per container or service (fields: docs/cli.md)" },
  positionals: [0, undefined],
  async run({ values, positionals, project }) {
    const stacks = await lastSynthStacks(project(), positionals);
    const rows = (await Promise.all(stacks.map((s) => psStack(readStackTarget(s))))).flat();
    process.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : formatTable(rows));
    return EXIT.ok;
  },
});
