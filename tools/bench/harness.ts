// Shared pieces of `npm run bench`: running commands with a wall clock (and optionally
// peak memory through /usr/bin/time), interrupt handling so clean-up always runs,
// medians, and the row model every group returns.
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { STACK_LABEL } from "docker-iac";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** One timed execution. */
export interface Sample {
  readonly ms: number;
  /** Peak resident set size of the command (GNU time %M), when measured. */
  readonly rssKiB?: number;
  readonly code: number;
}

/** What one side (A or B) of a row ran, and every sample of it. */
export interface Series {
  /** Short name for the table. */
  readonly label: string;
  /** The exact command, for the legend. */
  readonly command: string;
  readonly samples: Sample[];
}

/** A row of the result table: A alone, or A against B (ratio A/B). */
export interface Row {
  readonly group: string;
  readonly title: string;
  readonly a: Series;
  readonly b?: Series;
  /** The target this row is compared against (printed, never asserted). */
  target?: string;
  /** "met", "missed" or a remark, filled in by the group. */
  verdict?: string;
  readonly notes: string[];
}

export interface BenchContext {
  readonly runs: number;
  /** The bench's own temp folder; removed at the end. */
  readonly tmp: string;
  /** Environment for child commands (TMPDIR points into `tmp`). */
  readonly env: NodeJS.ProcessEnv;
  readonly log: (message: string) => void;
}

// ---------------------------------------------------------------------- interrupts

let interrupted: string | undefined;
const children = new Set<ChildProcess>();

export class Interrupted extends Error {
  constructor(signal: string) {
    super(`interrupted by ${signal}`);
  }
}

/** SIGINT/SIGTERM/SIGHUP stop the current command and make the next `run` throw, so finally blocks clean up. */
export function installInterruptHandlers(log: (m: string) => void): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (interrupted) {
        log(`second ${signal}: exiting without clean-up (run \`npm run bench -- --clean-only\` later)`);
        process.exit(130);
      }
      interrupted = signal;
      log(`${signal}: stopping the current command, then cleaning up`);
      for (const child of children) child.kill("SIGTERM");
    });
  }
}

export function throwIfInterrupted(): void {
  if (interrupted) throw new Interrupted(interrupted);
}

// ---------------------------------------------------------------------- commands

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the command after this long. @default 15 minutes */
  readonly timeoutMs?: number;
  /** Wrap in `/usr/bin/time -f "%e %M"` to get the peak RSS. */
  readonly memory?: boolean;
  /** Throw when the exit code is not 0. @default true */
  readonly check?: boolean;
  /** Run even after an interrupt (clean-up commands). */
  readonly cleanup?: boolean;
}

export interface RunResult extends Sample {
  readonly stdout: string;
  readonly stderr: string;
}

const OUTPUT_CAP = 4 * 1024 * 1024;

/** Runs argv (no shell) and measures its wall time from spawn to exit. */
export async function run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  if (!options.cleanup) throwIfInterrupted();
  const timeFile = options.memory
    ? path.join(os.tmpdir(), `docker-iac-bench-time-${process.pid}-${Date.now()}`)
    : undefined;
  const full = timeFile ? ["/usr/bin/time", "-f", "%e %M", "-o", timeFile, ...argv] : argv;
  const result = await new Promise<RunResult>((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(full[0], full.slice(1), {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      if (stdout.length < OUTPUT_CAP) stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < OUTPUT_CAP) stderr += d.toString();
    });
    const timer = setTimeout(() => {
      stderr += `\n[bench] timed out after ${options.timeoutMs ?? 900000} ms`;
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    }, options.timeoutMs ?? 900000);
    child.on("error", (err) => {
      clearTimeout(timer);
      children.delete(child);
      reject(err);
    });
    child.on("close", (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      children.delete(child);
      resolve({ ms, code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
  let rssKiB: number | undefined;
  if (timeFile) {
    try {
      // GNU time writes "Command exited with non-zero status N" first on failure; the figures are the last line.
      const last = fs.readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "";
      const kib = Number(last.split(/\s+/)[1]);
      if (Number.isFinite(kib)) rssKiB = kib;
    } catch {
      // no figures: the command did not start
    } finally {
      fs.rmSync(timeFile, { force: true });
    }
  }
  if (!options.cleanup) throwIfInterrupted();
  if ((options.check ?? true) && result.code !== 0) {
    throw new Error(
      `command failed (exit ${result.code}): ${argv.join(" ")}\n${tail(result.stderr || result.stdout, 25)}`,
    );
  }
  return { ...result, rssKiB };
}

/** The last `lines` lines of some output, indented. */
export function tail(text: string, lines: number): string {
  return text
    .trimEnd()
    .split("\n")
    .slice(-lines)
    .map((l) => `    ${l}`)
    .join("\n");
}

// ---------------------------------------------------------------------- figures

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function medianMs(series: Series): number {
  return median(series.samples.map((s) => s.ms));
}

export function medianRssMiB(series: Series): number | undefined {
  const values = series.samples.map((s) => s.rssKiB).filter((v): v is number => v !== undefined);
  return values.length ? median(values) / 1024 : undefined;
}

export function seconds(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  return ms < 10000 ? `${(ms / 1000).toFixed(3)} s` : `${(ms / 1000).toFixed(2)} s`;
}

export function series(label: string, command: string): Series {
  return { label, command, samples: [] };
}

/** Records a run into a series and returns it (for chaining checks on the output). */
export function record<T extends Sample>(into: Series, result: T): T {
  into.samples.push({ ms: result.ms, rssKiB: result.rssKiB, code: result.code });
  return result;
}

/** The argv of a command as one readable line (for the legend). */
export function show(argv: string[], env: Record<string, string> = {}): string {
  const prefix = Object.entries(env)
    .map(([k, v]) => `${k}=${v} `)
    .join("");
  return prefix + argv.map((a) => (/^[\w@%+=:,./$-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ");
}

/** Makes `dir` paths shorter in legends. */
export function relativeToRepo(p: string): string {
  return p.startsWith(REPO_ROOT + path.sep) ? path.relative(REPO_ROOT, p) : p;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Removes what a bench group left on the engine: containers (with their anonymous volumes) and
 * networks carrying one of the stack labels, the labelled volumes when `volumes` is set, and the
 * images matching the `images` reference pattern. Returns a line per kind it removed.
 */
export async function sweepLabelled(
  ctx: BenchContext,
  labels: string[],
  options: { readonly volumes?: boolean; readonly images?: string } = {},
): Promise<string[]> {
  const removed: string[] = [];
  const opts = { env: ctx.env, check: false, cleanup: true };
  const list = async (argv: string[]) =>
    (await run(argv, opts)).stdout
      .split("\n")
      .map((s) => s.trim())
      .filter(Boolean);
  const remove = async (what: string, found: string[], argv: string[]) => {
    if (!found.length) return;
    await run([...argv, ...found], opts);
    removed.push(`${found.length} ${what}`);
  };
  for (const value of labels) {
    const filter = `label=${STACK_LABEL}=${value}`;
    await remove(`container(s) labelled ${value}`, await list(["docker", "ps", "-aq", "--filter", filter]), [
      "docker",
      "rm",
      "-f",
      "-v",
    ]);
    await remove(`network(s) labelled ${value}`, await list(["docker", "network", "ls", "-q", "--filter", filter]), [
      "docker",
      "network",
      "rm",
    ]);
    if (options.volumes) {
      await remove(`volume(s) labelled ${value}`, await list(["docker", "volume", "ls", "-q", "--filter", filter]), [
        "docker",
        "volume",
        "rm",
        "-f",
      ]);
    }
  }
  if (options.images) {
    const images = await list([
      "docker",
      "images",
      "--format",
      "{{.Repository}}:{{.Tag}}",
      "--filter",
      `reference=${options.images}`,
    ]);
    await remove(`image(s): ${images.join(", ")}`, images, ["docker", "rmi", "-f"]);
  }
  return removed;
}
