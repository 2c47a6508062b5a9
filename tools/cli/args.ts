// The one argument parser of every docker-iac command: node:util parseArgs, strict, with the
// options every command shares (--help, --project) added here.
import { parseArgs } from "node:util";
import { type Command, type Options, UsageError } from "./command";

/** Options every command takes. */
export const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  project: { type: "string", short: "C" },
} as const satisfies Options;

export const COMMON_HELP: Record<keyof typeof COMMON_OPTIONS, string> = {
  help: "print this help and exit 0",
  project:
    "the project folder (where cdktf.json is); default: the working folder or the nearest one above it with a cdktf.json",
};

/** The common options a command takes: --project only where it works on a project. */
function commonOptions(command: Command): Options {
  return command.inProject === false ? { help: COMMON_OPTIONS.help } : COMMON_OPTIONS;
}

export interface Parsed {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
  readonly help: boolean;
  readonly project?: string;
}

/** Parses one command's arguments; throws UsageError with the problem in Docker's and parseArgs' words. */
export function parseCommandLine(command: Command, argv: string[]): Parsed {
  const options: Options = { ...command.options, ...commonOptions(command) };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    // parseArgs explains the --foo=bar alternative at length; the first sentence is the problem.
    throw new UsageError((err as Error).message.split("\n")[0].replace(/\. To specify a positional argument.*$/, ""));
  }
  const { values, positionals } = parsed;
  if (values.help) return { values, positionals, help: true };
  for (const [name, option] of Object.entries(options)) {
    if (option.type !== "string" || option.multiple) continue;
    const given = argv.filter(
      (a) =>
        a === `--${name}` || a.startsWith(`--${name}=`) || (option.short !== undefined && a === `-${option.short}`),
    );
    if (given.length > 1) throw new UsageError(`--${name} is given ${given.length} times; give it once`);
  }
  const [min, max] = command.positionals;
  if (positionals.length < min)
    throw new UsageError(
      positionals.length === 0 ? "missing argument" : `expects at least ${min} arguments, got ${positionals.length}`,
    );
  if (max !== undefined && positionals.length > max) {
    throw new UsageError(
      max === 0
        ? `takes no arguments (got '${positionals[0]}')`
        : `takes at most ${max} argument${max > 1 ? "s" : ""} (got ${positionals.map((p) => `'${p}'`).join(" ")})`,
    );
  }
  return { values, positionals, help: false, project: values.project as string | undefined };
}

/** A non-negative whole number option (seconds, counts); UsageError otherwise. */
export function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value))
    throw new UsageError(`--${name} '${value}': give a whole number, e.g. --${name} ${fallback}`);
  return Number(value);
}

/** The usage text of a command: synopsis, description, options, exit codes. */
export function usageText(command: Command): string {
  const rows: [string, string][] = [];
  const all: Options = { ...command.options, ...commonOptions(command) };
  const help = { ...command.help, ...COMMON_HELP } as Record<string, string>;
  for (const [name, option] of Object.entries(all)) {
    const flag = `${option.short ? `-${option.short}, ` : "    "}--${name}${option.type === "string" ? " <value>" : ""}`;
    rows.push([flag, help[name] ?? ""]);
  }
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return [
    `usage: docker-iac ${command.name} ${command.synopsis}`.trimEnd(),
    "",
    command.description.trimEnd(),
    "",
    "options:",
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}${text}`),
    "",
    "exit codes: 0 done, 1 failed (one line says why and the fix), 2 wrong options or arguments; see docs/cli.md",
    "",
  ].join("\n");
}
