/**
 * The one error path. Every entry point builds a DockerApp, defines stacks and calls
 * synth(); a mistake can surface in any of those steps (a constructor check, a
 * validation, a duplicate construct id). DockerApp installs this process-level handler
 * once, so no entry needs its own try/catch: a definition error is printed as
 * `[path] problem. Fix: ... (Code)` with exit code 1 and no stack trace, and every app's stale
 * output is removed first. Anything else is a bug in the library and keeps its trace.
 */

import * as fs from "fs";
import * as path from "path";
import { ErrorCode } from "../error-code";
import { onDefinitionError, withCode } from "../errors";

/** What the handler needs from an app: a way to remove its stack output. */
export interface OutputOwner {
  removeStackOutput(): void;
}

const owners = new Set<OutputOwner>();
let installed = false;
let declined = false;

/**
 * Registers `owner` and installs the handler (once per process). `unlessDeclined`: not when a
 * DockerApp of this process said it reports its errors itself (a test process).
 */
export function reportUncaughtProblems(owner: OutputOwner, options: { unlessDeclined?: boolean } = {}): void {
  if (options.unlessDeclined && declined) return;
  owners.add(owner);
  install();
}

/** An app that reports its errors itself (DockerApp `reportErrors: false`): no handler for mistakes made before it. */
export function declineUncaughtProblems(): void {
  declined = true;
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("uncaughtException", fatal);
  process.on("unhandledRejection", fatal);
}

// A mistake made before any DockerApp exists (a factory at module level) takes the same path.
onDefinitionError(() => {
  if (!declined) install();
});

function fatal(error: unknown): void {
  // Before any app existed, the stale output is the last synth's in the default folder.
  const toClean: OutputOwner[] = owners.size
    ? [...owners]
    : [{ removeStackOutput: () => removeSynthOutput(path.resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out"), []) }];
  for (const owner of toClean) {
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
    // Someone else's error (the program's own code, another package) prints as itself, as
    // Node would print it; only one raised in the library's own code is called internal.
    if (raisedInLibrary(error))
      process.stderr.write(`docker-iac: internal error (a bug in docker-iac, not in your definition):\n${trace}\n`);
    else process.stderr.write(`${trace}\n`);
  }
  process.exit(1);
}

// The library's own folder: constructs/ in this repository, dist/constructs/ in the package.
const LIBRARY_ROOT = path.resolve(__dirname, "..") + path.sep;

/** Whether the innermost frame of `error`'s stack that is not Node's own lies in the library. */
export function raisedInLibrary(error: unknown): boolean {
  if (!(error instanceof Error) || typeof error.stack !== "string") return false;
  for (const line of error.stack.split("\n")) {
    const frame = /^\s+at (?:.* \()?(.+?):\d+:\d+\)?$/.exec(line);
    if (!frame || frame[1].startsWith("node:")) continue;
    return path.resolve(frame[1]).startsWith(LIBRARY_ROOT);
  }
  return false;
}

/**
 * Removes the stack folders `ids` names and those the manifest in `outdir` lists, then the
 * manifest, so nobody applies a stale or partial folder.
 */
export function removeSynthOutput(outdir: string, ids: readonly string[]): void {
  const manifest = path.join(outdir, "manifest.json");
  const all = new Set(ids);
  try {
    const previous = JSON.parse(fs.readFileSync(manifest, "utf8")) as { stacks?: Record<string, unknown> };
    Object.keys(previous.stacks ?? {}).forEach((id) => all.add(id));
  } catch {
    // No manifest, or a broken one: only the given stacks are known.
  }
  for (const id of all) {
    // Never follow a stack id out of the stacks folder.
    if (id === "" || id.includes("/") || id.includes("\\") || id === "." || id === "..") continue;
    fs.rmSync(path.join(outdir, "stacks", id), { recursive: true, force: true });
  }
  fs.rmSync(manifest, { force: true });
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
  if (error.name === "DefinitionError" || error.name === "InterpolationError")
    return `${problemsHeader(1)}\n  ${error.message}`;
  const line = constructsLibraryProblem(error.message);
  return line === undefined ? undefined : `${problemsHeader(1)}\n  ${line}`;
}

/** Mistakes the `constructs` library itself refuses, reworded to the same shape. */
function constructsLibraryProblem(message: string): string | undefined {
  const duplicate = /^There is already a Construct with name '(.*)' in (\S+)(?: \[(.*)\])?$/.exec(message);
  if (duplicate) {
    const [, id, type, scope] = duplicate;
    return withCode(
      `[${scope ?? "app"}] two constructs in this ${type} have the id '${id}'. Fix: give each construct a unique id within its scope`,
      ErrorCode.DUPLICATE_CONSTRUCT_ID,
    );
  }
  // cdktf's own refusal of any construct (a docker-iac one, or a provider resource made directly)
  // that has no stack above it: the same rule docker-iac's constructs check (DockerStack.of).
  const noStack = /^No stack could be identified for the construct at path '(.*)'/.exec(message);
  if (noStack) {
    return withCode(
      `[${noStack[1]}] is not inside any stack. Fix: create docker-iac constructs and Terraform resources inside a DockerStack, not directly in the app`,
      ErrorCode.NOT_IN_DOCKER_STACK,
    );
  }
  if (message === "Only root constructs may have an empty ID") {
    return withCode(
      "[app] a construct was given an empty id. Fix: give every construct a non-empty id",
      ErrorCode.EMPTY_CONSTRUCT_ID,
    );
  }
  return undefined;
}
