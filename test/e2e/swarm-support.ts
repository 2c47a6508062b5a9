import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { SWARM_SECRET_FILES } from "../../stacks/swarm-stack";
import { docker } from "./docker";
import { type CommandResult, E2eWorkspace } from "./workspace";

const REPO = path.resolve(__dirname, "..", "..");

/** Runs one of the repo's scripts in tools/dev (swarm.sh, swarm-cluster.sh) and returns its stdout. */
export function script(name: string, ...args: string[]): string {
  return execFileSync("bash", [path.join(REPO, "tools", "dev", name), ...args], {
    encoding: "utf8",
    timeout: 300_000,
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

/** An e2e workspace whose stacks read their secrets from a folder of the run's own. */
export class SwarmWorkspace extends E2eWorkspace {
  public readonly secretsDir: string;
  private readonly extraContext: Record<string, unknown>;

  constructor(
    extraContext: Record<string, unknown> = {},
    private readonly extraEnv: Record<string, string> = {},
  ) {
    super();
    this.secretsDir = path.join(this.dir, ".secrets");
    fs.mkdirSync(this.secretsDir, { mode: 0o700 });
    this.writeSecret("first-password-" + this.runId);
    this.writeSecret("cache-password-" + this.runId, "cache");
    this.extraContext = extraContext;
  }

  /** Writes the password file the stack's DB (or cache) secret is made from. */
  public writeSecret(value: string, which: keyof typeof SWARM_SECRET_FILES = "db"): void {
    fs.writeFileSync(path.join(this.secretsDir, SWARM_SECRET_FILES[which]), value, { mode: 0o600 });
  }

  public context(): Record<string, unknown> {
    return { ...super.context(), swarmSecretsDir: this.secretsDir, ...this.extraContext };
  }

  /** `npm run deploy` (which waits until Swarm rolled the services out), with this workspace's extra environment. */
  public deployAsync(stack: string): Promise<CommandResult> {
    return super.deployAsync(stack, { extraEnv: this.extraEnv, via: "npm" });
  }

  /** Edits a file of the run's own copy of the sources. */
  public edit(relative: string, content: string): void {
    fs.writeFileSync(path.join(this.dir, relative), content);
  }

  public read(relative: string): string {
    return fs.readFileSync(path.join(this.dir, relative), "utf8");
  }
}

export { requestLoop } from "../../tools/bench/request-loop";
export type { LoadResult } from "../../tools/bench/request-loop";

/** Polls until `check` returns true or the time is up; returns the seconds it took. */
export async function waitFor(what: string, check: () => boolean, maxSeconds = 120): Promise<number> {
  const started = Date.now();
  for (;;) {
    let ok = false;
    try {
      ok = check();
    } catch {
      ok = false;
    }
    if (ok) return (Date.now() - started) / 1000;
    if (Date.now() - started > maxSeconds * 1000)
      throw new Error(`timed out after ${maxSeconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Swarm's own view that a service's last change has rolled out: no update or rollback is
 * under way or paused, and exactly `replicas` tasks run, every one of them on the current spec.
 * `_up-to-date` is the task filter the docker CLI itself waits on in `service update`; the
 * provider's convergence wait counts running tasks without it, so an old task counts too.
 */
export function rolledOut(service: string, replicas: number): boolean {
  const state = docker("service", "inspect", service, "--format", "{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}");
  if (["rollback_started", "paused", "rollback_paused"].includes(state)) return false;
  const running = (...filters: string[]) =>
    docker("service", "ps", service, "--filter", "desired-state=running", ...filters, "--format", "{{.CurrentState}}")
      .split("\n")
      .filter((l) => l.startsWith("Running")).length;
  return running("--filter", "_up-to-date=true") === replicas && running() === replicas;
}

/** How many of a service's tasks run, whatever Swarm wants of them (an old one stopping counts). */
export function tasksRunning(service: string): number {
  return docker("service", "ps", service, "--format", "{{.CurrentState}}")
    .split("\n")
    .filter((l) => l.startsWith("Running")).length;
}

/** The engine's swarm state and whether it has a docker_gwbridge network (what swarm.sh down cleans up). */
export function swarmFootprint(): { swarm: string; gwbridge: boolean } {
  const gwbridge =
    spawnSync("docker", ["network", "inspect", "docker_gwbridge"], { stdio: "ignore", timeout: 30_000 }).status === 0;
  return { swarm: docker("info", "--format", "{{.Swarm.LocalNodeState}}"), gwbridge };
}
