// docker-iac logs <stack> [name...] [-f] [--tail N] [--timestamps]: the logs of a stack's
// containers and Swarm services, each line after its name, as `docker compose logs` prints them.
import type { Readable } from "stream";
import { CliError, defineCommand, EXIT, UsageError } from "../command";
import { lastSynthStacks } from "../ps/command";
import { engineFor, readStackTarget } from "../ps/stack-target";
import { parseTail, prefixes, PrefixedLines } from "./lines";
import { type LogOptions, type LogSource, logSources, openLog, pipeLog } from "./sources";

export const LOGS = defineCommand({
  name: "logs",
  summary: "show (and follow) the logs of a stack's containers and Swarm services",
  synopsis: "<stack> [name...] [-f|--follow] [--tail N] [-t|--timestamps]",
  description: [
    "Prints the logs of every container and Swarm service of the stack (or of those named), each",
    "line after its name, stdout and stderr alike, as `docker compose logs` does. Without --follow",
    "it prints them one after the other, by name; with --follow it interleaves new lines as they",
    "come and ends when every one has stopped, or on Ctrl-C (exit 130).",
  ].join("\n"),
  options: {
    follow: { type: "boolean", short: "f" },
    tail: { type: "string" },
    timestamps: { type: "boolean", short: "t" },
  },
  help: {
    follow: "keep printing new lines until all of them stop, or Ctrl-C",
    tail: "only the last N lines of each (default: all)",
    timestamps: "put the engine's timestamp before each line",
  },
  positionals: [1, undefined],
  async run({ values, positionals, project }) {
    const tail = parseTail(values.tail);
    if (!tail) throw new UsageError(`--tail '${values.tail}': give a whole number of lines or 'all', e.g. --tail 100`);
    const [stackName, ...names] = positionals;
    const [stack] = await lastSynthStacks(project(), [stackName]);
    const target = readStackTarget(stack);
    const all = await logSources(target);
    const chosen = pickSources(target.stack, all, names, [...target.containers, ...target.services]);
    if (!chosen.length)
      throw new CliError(
        `stack '${target.stack}' has no container or service on its engine. Fix: deploy it first (\`docker-iac ps ${target.stack}\` shows what is there)`,
      );
    const options: LogOptions = { follow: values.follow === true, tail, timestamps: values.timestamps === true };
    return await printLogs(target, chosen, options);
  },
});

/** The sources named (all when none are): a name that is not in the stack is a usage error listing the known ones. */
export function pickSources(
  stack: string,
  all: readonly LogSource[],
  names: readonly string[],
  declared: readonly string[],
): LogSource[] {
  if (!names.length) return [...all];
  return names.map((name) => {
    const found = all.find((s) => s.name === name);
    if (found) return found;
    if (declared.includes(name))
      throw new CliError(`'${name}' of stack '${stack}' is not on the engine (missing). Fix: deploy the stack again`);
    throw new UsageError(
      `no container or service '${name}' in stack '${stack}'. Known: ${all.map((s) => s.name).join(", ") || "(none on the engine)"}`,
    );
  });
}

async function printLogs(
  target: Parameters<typeof engineFor>[0],
  sources: LogSource[],
  options: LogOptions,
): Promise<number> {
  const modem = engineFor(target);
  const prefix = prefixes(
    sources.map((s) => s.name),
    process.stdout.isTTY === true,
  );
  const write = (text: string) => void process.stdout.write(text);
  const open: Readable[] = [];
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    for (const stream of open) stream.destroy();
  };
  process.once("SIGINT", onSigint);
  try {
    const show = async (source: LogSource) => {
      if (interrupted) return;
      const stream = await openLog(target, source, options);
      open.push(stream);
      // SIGINT between the request and its answer: the stream came after the others were closed.
      if (interrupted) stream.destroy();
      await pipeLog(
        modem,
        stream,
        source,
        new PrefixedLines(prefix.get(source.name)!, write),
        new PrefixedLines(prefix.get(source.name)!, write),
      );
    };
    if (options.follow) await Promise.all(sources.map(show));
    else for (const source of sources) await show(source);
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
  return interrupted ? EXIT.interrupted : EXIT.ok;
}
