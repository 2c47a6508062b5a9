import * as path from "path";
import { TerraformStack } from "cdktf";
import { DockerApp, DockerStack, ImmutableImage } from "docker-iac";
import { defineStacks } from "../../stacks/app";
import type { StackToExplain } from "../cli/explain/explain";

// This repository's example app, loaded in this process: the README blocks (diagrams and
// "by hand" commands) and their tests are drawn from it. The docker-iac command itself reads
// the synth report of whatever app a project has instead (tools/cli/synth-report).

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

/** How to load the app: context values over the shell's, and where printed paths are relative to. */
export interface LoadOptions {
  /** Context values set over CDKTF_CONTEXT_JSON (`namePrefix` for --prefix). */
  readonly context?: Record<string, unknown>;
  /** Leave out the shell's CDKTF_CONTEXT_JSON and DOCKER_IAC_CACHE, for output that does not depend on the machine (READMEs). */
  readonly ignoreEnvironment?: boolean;
  /** Build contexts under this folder print relative to it. */
  readonly relativeTo: string;
}

/** One loaded stack: its name, and what explain reads. */
export interface LoadedStack extends StackToExplain {
  readonly name: string;
}

/**
 * The example app's stacks as synth makes them, nothing written: the same construct tree and
 * Terraform JSON as `cdktf synth` (audit and diagram load it the same way). A broken
 * definition throws with one line per problem, as synth would fail.
 */
export function loadStacks(options: LoadOptions): { stacks: LoadedStack[]; warnings: string[] } {
  const saved = { context: process.env.CDKTF_CONTEXT_JSON, cache: process.env.DOCKER_IAC_CACHE };
  const shellContext =
    options.ignoreEnvironment || !saved.context ? {} : (JSON.parse(saved.context) as Record<string, unknown>);
  // cdktf reads the environment after the constructor's context, so the merged context goes there.
  process.env.CDKTF_CONTEXT_JSON = JSON.stringify({ ...shellContext, ...options.context });
  if (options.ignoreEnvironment) delete process.env.DOCKER_IAC_CACHE;
  let app: DockerApp;
  try {
    app = new DockerApp({ stackTraces: false, reportErrors: false });
    defineStacks(app);
  } finally {
    restore("CDKTF_CONTEXT_JSON", saved.context);
    restore("DOCKER_IAC_CACHE", saved.cache);
  }
  const problems = app.findProblems();
  if (problems.length)
    throw new Error(`the app has ${problems.length} problem(s), as synth would report:\n  ${problems.join("\n  ")}`);
  const stacks = app.node.children
    .filter(TerraformStack.isStack)
    .filter((s): s is DockerStack => s instanceof DockerStack);
  return { stacks: stacks.map((stack) => loaded(stack, app.outdir, options.relativeTo)), warnings: app.findWarnings() };
}

/** What explain reads from one stack of an app already built (tests explain stacks of their own). */
export function loaded(stack: DockerStack, outdir: string, relativeTo: string): LoadedStack {
  const folders = new Map<string, string>();
  for (const construct of stack.node.findAll()) {
    if (construct instanceof ImmutableImage)
      folders.set(`docker_image.${stack.getLogicalId(construct.resource)}`, construct.contextDirectory);
  }
  const show = (folder: string) => {
    const relative = path.relative(relativeTo, folder);
    return relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? folder : relative;
  };
  return {
    name: stack.node.id,
    config: JSON.parse(JSON.stringify(stack.toTerraform())),
    // An image made some other way builds from synth's copy of its context, in the stack folder.
    buildContext: (address, synthesized) =>
      show(folders.get(address) ?? path.resolve(outdir, "stacks", stack.node.id, synthesized)),
  };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
