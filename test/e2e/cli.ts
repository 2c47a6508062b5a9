import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "child_process";
import * as path from "path";
import type { E2eWorkspace } from "./workspace";

/** What the docker-iac command printed and returned. */
export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The workspace's own copy of the command, in its folder, with its context, as a user runs it there. */
function command(ws: E2eWorkspace, args: string[]): [string, string[], { cwd: string; env: NodeJS.ProcessEnv }] {
  const env = {
    ...process.env,
    CI: "true",
    CHECKPOINT_DISABLE: "1",
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
    CDKTF_CONTEXT_JSON: JSON.stringify(ws.context()),
  };
  return [
    process.execPath,
    ["-r", path.join(ws.dir, "tools/dev/register-ts.js"), path.join(ws.dir, "tools/cli/main.ts"), ...args],
    { cwd: ws.dir, env },
  ];
}

/** `docker-iac <args>` in the workspace, to its end (bounded: 5 minutes). */
export function dockerIac(ws: E2eWorkspace, ...args: string[]): CliResult {
  const [file, argv, options] = command(ws, args);
  const result = spawnSync(file, argv, { ...options, encoding: "utf8", timeout: 300_000 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A running `docker-iac <args>` (watch, logs -f) whose output the test reads as it comes. */
export class RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = "";
  stderr = "";
  private readonly exited: Promise<number>;

  constructor(ws: E2eWorkspace, args: string[]) {
    const [file, argv, options] = command(ws, args);
    this.child = spawn(file, argv, options);
    this.child.stdout.on("data", (d) => (this.stdout += d));
    this.child.stderr.on("data", (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : 0))));
  }

  /** Resolves when stdout matches, or rejects after `ms` with what it printed. */
  async waitFor(pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = pattern.exec(this.stdout);
      if (match) return match;
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(
          `no ${pattern} in ${ms} ms (exit ${this.child.exitCode}):\nstdout:\n${this.stdout.slice(-3000)}\nstderr:\n${this.stderr.slice(-3000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Sends SIGINT (as Ctrl-C does) and waits for the exit code, SIGKILL after `ms`. */
  async interrupt(ms: number): Promise<number> {
    this.child.kill("SIGINT");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), ms);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
