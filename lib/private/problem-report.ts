/**
 * The one error path. Every entry point builds a DockerApp, defines stacks and calls
 * synth(); a mistake can surface in any of those steps (a constructor check, a
 * validation, a duplicate construct id). DockerApp installs this process-level handler
 * once, so no entry needs its own try/catch: a definition error is printed as
 * `[path] problem. Fix: ... (Code)` with exit code 1 and no stack trace, and every app's stale
 * output is removed first. Anything else is a bug in the library and keeps its trace.
 */

import { ErrorCode } from "../error-code";
import { withCode } from "../errors";

/** What the handler needs from an app: a way to remove its stack output. */
export interface OutputOwner {
  removeStackOutput(): void;
}

const owners = new Set<OutputOwner>();
let installed = false;

/** Registers `owner` and installs the handler (once per process). */
export function reportUncaughtProblems(owner: OutputOwner): void {
  owners.add(owner);
  if (installed) return;
  installed = true;
  process.on("uncaughtException", fatal);
  process.on("unhandledRejection", fatal);
}

function fatal(error: unknown): void {
  for (const owner of owners) {
    try {
      owner.removeStackOutput();
    } catch {
      // Removing output is best effort; the error below is what the user must see.
    }
  }
  const message = definitionMessage(error);
  if (message !== undefined) {
    process.stderr.write(`${message}\n`);
  } else {
    const trace = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`docker-iac: internal error (a bug in the library or cdktf, not in your definition):\n${trace}\n`);
  }
  process.exit(1);
}

/** The header every failed synth prints above its problem lines. */
export function problemsHeader(count: number): string {
  return `docker-iac found ${count} problem(s); nothing was synthesized:`;
}

/**
 * The user-facing text of an error that is a definition mistake, or undefined for a bug.
 * Matching by name, not instanceof: an entry may load two copies of the library.
 */
export function definitionMessage(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === "SynthProblemsError") return error.message;
  if (error.name === "DefinitionError" || error.name === "InterpolationError") return `${problemsHeader(1)}\n  ${error.message}`;
  const line = constructsLibraryProblem(error.message);
  return line === undefined ? undefined : `${problemsHeader(1)}\n  ${line}`;
}

/** Mistakes the `constructs` library itself refuses, reworded to the same shape. */
function constructsLibraryProblem(message: string): string | undefined {
  const duplicate = /^There is already a Construct with name '(.*)' in (\S+)(?: \[(.*)\])?$/.exec(message);
  if (duplicate) {
    const [, id, type, scope] = duplicate;
    return withCode(`[${scope ?? "app"}] two constructs in this ${type} have the id '${id}'. Fix: give each construct a unique id within its scope`, ErrorCode.DUPLICATE_CONSTRUCT_ID);
  }
  if (message === "Only root constructs may have an empty ID") {
    return withCode("[app] a construct was given an empty id. Fix: give every construct a non-empty id", ErrorCode.EMPTY_CONSTRUCT_ID);
  }
  return undefined;
}
