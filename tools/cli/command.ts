// What every `docker-iac` subcommand is: its options (node:util parseArgs), its help, and a run
// function that returns the exit code. The dispatcher (main.ts) parses, prints help and turns
// the errors below into one line and an exit code, so no command does that itself.
import type { ParseArgsConfig } from "node:util";
import type { Project } from "./project";

/** Exit codes, the same for every command (docs/cli.md). */
export const EXIT = {
  ok: 0,
  /** The command ran and failed: one line on stderr says what and the fix. */
  failure: 1,
  /** Wrong options or arguments: the problem, then the usage, on stderr. */
  usage: 2,
  /** Only `plan --detailed-exitcode`: there are changes (Terraform's own convention). */
  changes: 3,
  /** Interrupted (Ctrl-C): 128 + SIGINT, as a shell reports it. */
  interrupted: 130,
} as const;

export type Options = NonNullable<ParseArgsConfig["options"]>;

/** The parsed command line of one command. */
export interface Invocation<O extends Options = Options> {
  readonly values: ParsedValues<O>;
  readonly positionals: string[];
  /** The project the command works on (cdktf.json found from --project or the working folder up). */
  project(): Project;
}

type ValueOf<T> = T extends { type: "boolean"; multiple: true }
  ? boolean[]
  : T extends { type: "boolean" }
    ? boolean
    : T extends { type: "string"; multiple: true }
      ? string[]
      : string;
export type ParsedValues<O extends Options> = { [K in keyof O]?: ValueOf<O[K]> };

export interface Command<O extends Options = Options> {
  readonly name: string;
  /** One line for `docker-iac --help`. */
  readonly summary: string;
  /** The usage line after `docker-iac <name>`, e.g. "[stack...] [--json]". */
  readonly synopsis: string;
  /** Each option's help line, keyed by option name (without --). Every option has one. */
  readonly help: { readonly [K in keyof O]: string };
  /** What the command does, in a few lines, and anything about its exit codes beyond the common ones. */
  readonly description: string;
  readonly options: O;
  /** How many positionals: [min, max]; max undefined means any number. */
  readonly positionals: readonly [number, number | undefined];
  /** False for a command that makes a project rather than working on one (init): no --project. */
  readonly inProject?: false;
  run(invocation: Invocation<O>): Promise<number> | number;
}

/** A helper so each command file gets its option types checked and inferred. */
export function defineCommand<O extends Options>(command: Command<O>): Command<O> {
  return command;
}

/** A failure the user can fix: printed as `docker-iac <command>: <message>` (nothing when the message is empty: it was said already), exit 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

/** Wrong options or arguments: printed with the usage, exit 2. */
export class UsageError extends Error {}
