// docker-iac watch <stack>: deploys the stack, then redeploys it on every change to its sources
// (the project folder and every build context), and says per change how long it took from the
// save until the changed containers answered (running, and healthy when they have a healthcheck).
import * as path from "path";
import { CliError, defineCommand, EXIT } from "../command";
import { listContainers } from "../ps/list";
import { readStackTarget, type StackTarget } from "../ps/stack-target";
import type { ManifestStack, Project } from "../project";
import { readReport, synthWithReports } from "../synth-report/report";
import { changedContainers, readiness, seconds, snapshot } from "./answering";
import { deployStack } from "./deploy";
import { watchRoots } from "./ignore";
import { type ChangeBurst, SourceWatcher } from "./watcher";

/** How long a changed container may take to answer after its deploy before watch says it did not. */
const ANSWER_TIMEOUT_MS = 120_000;
const POLL_MS = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const clock = () => new Date().toTimeString().slice(0, 8);

export const WATCH = defineCommand({
  name: "watch",
  summary: "deploy a stack, then redeploy it on every change to its sources",
  synopsis: "<stack> [--json]",
  description: [
    "Deploys the stack once, then watches the project folder (without node_modules, the output",
    "folder, .git, Terraform's files and what .gitignore ignores) and every build context of the",
    "stack. On a change (debounced) it deploys again, as `deploy --auto-approve`, and prints the",
    "time from the save until each container the change replaced answers (running, and healthy",
    "when it has a healthcheck). Ctrl-C stops it (exit 130), after a deploy under way ends cleanly.",
  ].join("\n"),
  options: { json: { type: "boolean" } },
  help: { json: "print one JSON object per deploy on stdout instead of a line (fields: docs/cli.md)" },
  positionals: [1, 1],
  async run({ values, positionals, project: findProject }) {
    const project = findProject();
    await synthWithReports(project);
    const [stack] = project.pick(positionals);
    return await new WatchLoop(project, stack, values.json === true).run();
  },
});

/** One line (or JSON object) per deploy watch ran. */
export interface DeployReport {
  /** What started it: "start", or the changed files relative to the project folder. */
  readonly trigger: "start" | string[];
  readonly deployExitCode: number;
  readonly deploySeconds: number;
  /** Per container the deploy replaced or created: seconds from the save (or the start) until it answered, or why it did not. */
  readonly containers: {
    readonly name: string;
    readonly answeredSeconds: number | null;
    readonly problem: string | null;
  }[];
}

export function formatReport(report: DeployReport, show: (file: string) => string = (f) => f): string {
  const what = report.trigger === "start" ? "start" : report.trigger.map(show).join(", ");
  if (report.deployExitCode !== 0)
    return `[watch] ${clock()} ${what}: deploy failed (exit ${report.deployExitCode}, see above); watching for the next change\n`;
  if (!report.containers.length)
    return `[watch] ${clock()} ${what}: deployed in ${report.deploySeconds.toFixed(2)} s, no container replaced\n`;
  const each = report.containers.map((c) =>
    c.answeredSeconds !== null
      ? `${c.name} answering ${c.answeredSeconds.toFixed(2)} s after the ${report.trigger === "start" ? "start" : "save"}`
      : `${c.name} not answering: ${c.problem}`,
  );
  return `[watch] ${clock()} ${what}: ${each.join("; ")} (deploy ${report.deploySeconds.toFixed(2)} s)\n`;
}

class WatchLoop {
  private readonly target: StackTarget;
  private watcher: SourceWatcher | undefined;
  private roots: string[] = [];
  private queued: ChangeBurst[] = [];
  private busy = false;
  private stopped = false;
  private wake: () => void = () => undefined;

  constructor(
    private readonly project: Project,
    private readonly stack: ManifestStack,
    private readonly json: boolean,
  ) {
    this.target = readStackTarget(stack);
  }

  async run(): Promise<number> {
    const stop = () => {
      this.stopped = true;
      this.wake();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    try {
      await this.deploy({ files: [], firstAt: Date.now() }, "start");
      this.rewatch();
      process.stderr.write(
        `[watch] watching ${this.roots.map((r) => this.project.show(r)).join(", ")} (${this.watcher!.folders} folders); Ctrl-C stops\n`,
      );
      while (!this.stopped) {
        if (!this.queued.length) await new Promise<void>((resolve) => (this.wake = resolve));
        if (this.stopped) break;
        // Every change seen so far goes into one deploy; the time counts from the first save.
        const bursts = this.queued.splice(0);
        const files = [...new Set(bursts.flatMap((b) => b.files))].sort();
        await this.deploy({ files, firstAt: Math.min(...bursts.map((b) => b.firstAt)) }, files);
        this.rewatch();
      }
    } finally {
      this.watcher?.close();
      process.removeListener("SIGINT", stop);
      process.removeListener("SIGTERM", stop);
    }
    process.stderr.write("[watch] stopped\n");
    return EXIT.interrupted;
  }

  /** (Re)watches the project and the stack's build contexts (a deploy's synth may have added one). */
  private rewatch(): void {
    let contexts: string[] = [];
    try {
      contexts = Object.values(readReport(this.stack).buildContexts);
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      process.stderr.write(`[watch] ${err.message}; watching the project folder only\n`);
    }
    const roots = watchRoots(this.project.root, contexts);
    if (this.watcher && roots.join("\n") === this.roots.join("\n")) return;
    this.watcher?.close();
    this.roots = roots;
    const outdir = (root: string) => (root === this.project.root ? path.relative(root, this.project.outdir) : "");
    this.watcher = new SourceWatcher(roots, outdir, (burst) => {
      this.queued.push(burst);
      if (!this.busy) this.wake();
    });
    this.watcher.start();
  }

  private async deploy(burst: ChangeBurst, trigger: DeployReport["trigger"]): Promise<void> {
    this.busy = true;
    try {
      if (trigger !== "start")
        process.stderr.write(
          `[watch] ${clock()} changed: ${trigger.map((f) => this.project.show(f)).join(", ")}; deploying ${this.stack.name}\n`,
        );
      const before = trigger === "start" ? new Map() : snapshot(await listContainers(this.target));
      const started = Date.now();
      const code = await deployStack(this.project, this.stack.name);
      const deploySeconds = (Date.now() - started) / 1000;
      const changed = code === 0 ? changedContainers(before, snapshot(await listContainers(this.target))) : [];
      const containers = code === 0 && !this.stopped ? await this.answered(changed, burst.firstAt) : [];
      const report: DeployReport = { trigger, deployExitCode: code, deploySeconds, containers };
      process.stdout.write(
        this.json ? `${JSON.stringify(report)}\n` : formatReport(report, (f) => this.project.show(f)),
      );
    } finally {
      this.busy = false;
    }
  }

  /** Waits until each changed container answers (bounded); the seconds since `since` for each. */
  private async answered(names: string[], since: number): Promise<DeployReport["containers"]> {
    const result = new Map<string, DeployReport["containers"][number]>();
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    while (result.size < names.length && !this.stopped) {
      const byName = new Map((await listContainers(this.target)).map((c) => [c.Name.replace(/^\//, ""), c]));
      for (const name of names.filter((n) => !result.has(n))) {
        const { state, why } = readiness(byName.get(name));
        if (state === "answering")
          result.set(name, { name, answeredSeconds: (Date.now() - since) / 1000, problem: null });
        else if (state === "failed")
          result.set(name, {
            name,
            answeredSeconds: null,
            problem: `${why}. Fix: \`docker-iac logs ${this.stack.name} ${name}\` shows why`,
          });
        else if (Date.now() > deadline)
          result.set(name, {
            name,
            answeredSeconds: null,
            problem: `still ${why} after ${seconds(ANSWER_TIMEOUT_MS)}`,
          });
      }
      if (result.size < names.length) await sleep(POLL_MS);
    }
    return names.flatMap((n) => result.get(n) ?? []);
  }
}
