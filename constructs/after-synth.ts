// Tools that run an app (the docker-iac command) load a file before the app that registers a
// listener here: after a synth that wrote its stacks, each listener gets the app, to write what
// only the construct tree knows (the audit, the diagram, build contexts) beside the output. A
// global symbol, not a module variable, so a listener finds the app even if two copies of the
// library are loaded (the tool's and the project's). The library itself registers none.
import type { App } from "cdktf";

const KEY = Symbol.for("docker-iac.after-synth");

/** Called with a DockerApp after it wrote its stacks. */
export type AfterSynthListener = (app: App) => void;

function listeners(): AfterSynthListener[] {
  const global = globalThis as unknown as Record<symbol, AfterSynthListener[] | undefined>;
  return (global[KEY] ??= []);
}

/** Calls `listener` with every DockerApp after it synthesized successfully (in this process). */
export function onAfterSynth(listener: AfterSynthListener): void {
  listeners().push(listener);
}

/** @internal Called by DockerApp.synth once the stacks are written. */
export function runAfterSynth(app: App): void {
  for (const listener of listeners()) listener(app);
}
