// Row group "watch" (opt-in: `npm run bench -- --only watch`): the inner loop, from a save in a
// build context to the new container answering over loopback, with `docker-iac watch` (A)
// against `docker-compose up -d --build -t 0` run right after the same save (B; docker-compose v1
// has no watch; -t 0 kills the old container at once, as the provider does). The stack is the immutable example (tools/bench/watch-app.ts: stack
// bench-immutable, names bench-watch-*, port 18187) in a project folder of the bench's own with
// a copy of examples/immutable; compose builds another copy (tools/bench/immutable-compose.yml:
// bench-compose-watch-*, port 18188). Each run writes a new www/VERSION on each side; the clock
// runs from just before the write until GET /cgi-bin/app answers with that version (polled
// every 50 ms, at most 120 s). Watch's own figure (save to container running) is a note.
// Everything carries io.docker-iac.stack=bench-watch / bench-compose-watch or a
// docker-iac/bench-* image name and is removed at the end, also on failure or Ctrl-C.
import { type ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { type BenchContext, median, REPO_ROOT, type Row, run, series, show, sleep, sweepLabelled } from "./harness";

const TF = process.env.TERRAFORM_BINARY_NAME ?? "terraform";
const STACK = "bench-immutable";
const WATCH_PORT = 18187;
const COMPOSE_PORT = 18188;
const LABELS = ["bench-watch", "bench-compose-watch"];
const COMPOSE = [
  "docker-compose",
  "-p",
  "bench-compose-watch",
  "-f",
  path.join(REPO_ROOT, "tools/bench/immutable-compose.yml"),
];
/** -t 0: the old container is killed at once, as the provider does (busybox httpd, PID 1, ignores SIGTERM: compose would wait its 10 s grace). */
const UP = ["up", "-d", "--build", "-t", "0"];
const REGISTER = path.join(REPO_ROOT, "tools/dev/register-ts.js");
const ANSWER_TIMEOUT_MS = 120_000;

export async function watchGroup(ctx: BenchContext): Promise<Row[]> {
  const root = path.join(ctx.tmp, "watch");
  const project = path.join(root, "project");
  const tfSource = path.join(project, "app-source");
  const composeSource = path.join(root, "compose-source");
  for (const dir of [tfSource, composeSource])
    fs.cpSync(path.join(REPO_ROOT, "examples", "immutable"), dir, { recursive: true });
  const app = ["node", "-r", REGISTER, path.join(REPO_ROOT, "tools/bench/watch-app.ts")];
  fs.writeFileSync(
    path.join(project, "cdktf.json"),
    JSON.stringify({ language: "typescript", app: show(app) }, null, 2),
  );
  const baseImage = contextValue("baseImage") ?? "busybox:1.37.0";
  const env: NodeJS.ProcessEnv = {
    ...ctx.env,
    BENCH_WATCH_SOURCE: tfSource,
    BENCH_WATCH_PORT: String(WATCH_PORT),
    BENCH_WATCH_COMPOSE_PORT: String(COMPOSE_PORT),
    BENCH_BASE_IMAGE: baseImage,
  };
  const composeEnv = { ...env, BENCH_WATCH_SOURCE: composeSource };
  const watchArgv = [
    "node",
    "-r",
    REGISTER,
    path.join(REPO_ROOT, "tools/cli/main.ts"),
    "watch",
    STACK,
    "--json",
    "--project",
    project,
  ];
  const row: Row = {
    group: "watch",
    title:
      "edit in a build context -> new container answering: docker-iac watch vs docker-compose up -d --build -t 0 right after the save",
    a: series("docker-iac watch", show(watchArgv.map((a) => a.replace(ctx.tmp, "$TMP")))),
    b: series(
      "save + docker-compose up -d --build -t 0",
      show([...COMPOSE, ...UP].map((a) => a.replace(REPO_ROOT + path.sep, ""))),
    ),
    notes: [],
  };
  let watch: ChildProcess | undefined;
  /** Watch's own figure per run, in ms. */
  const watchOwn: number[] = [];
  try {
    await sweepWatch(ctx);
    ctx.log("watch: starting docker-iac watch (first deploy) and compose's first build");
    const reports: WatchReport[] = [];
    watch = spawn(watchArgv[0], watchArgv.slice(1), { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    watch.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    let pending = "";
    watch.stdout!.on("data", (d: Buffer) => {
      const lines = (pending + d.toString()).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines.filter(Boolean)) reports.push(JSON.parse(line) as WatchReport);
    });
    const watchFailed = () => new Error(`docker-iac watch did not deploy (exit ${watch?.exitCode}):\n${stderr}`);
    await until(() => reports.length > 0 || watch!.exitCode !== null, 300_000);
    if (reports[0]?.deployExitCode !== 0) throw watchFailed();
    await until(() => /\[watch\] watching /.test(stderr), 30_000);
    await answersWith(WATCH_PORT, "version: 1.0.0");
    await run([...COMPOSE, "up", "-d", "--build"], { env: composeEnv });
    await answersWith(COMPOSE_PORT, "version: 1.0.0");

    for (let i = 1; i <= ctx.runs; i++) {
      ctx.log(`watch: run ${i}/${ctx.runs}`);
      const version = `bench-${i}`;
      const seen = reports.length;
      let started = Date.now();
      fs.writeFileSync(path.join(tfSource, "www", "VERSION"), `${version}\n`);
      await answersWith(WATCH_PORT, `version: ${version}`);
      row.a.samples.push({ ms: Date.now() - started, code: 0 });
      // Let watch print its line (it may still be polling the engine) before the next save.
      await until(() => reports.length > seen, 30_000);
      const own = reports
        .slice(seen)
        .flatMap((r) => r.containers)
        .find((c) => c.name === "bench-watch-app");
      if (own?.answeredSeconds != null) watchOwn.push(own.answeredSeconds * 1000);

      started = Date.now();
      fs.writeFileSync(path.join(composeSource, "www", "VERSION"), `${version}\n`);
      const up = await run([...COMPOSE, ...UP], { env: composeEnv, check: false });
      await answersWith(COMPOSE_PORT, `version: ${version}`);
      row.b!.samples.push({ ms: Date.now() - started, code: up.code });
    }
    row.notes.push(
      `clock: from just before the write of www/VERSION until GET /cgi-bin/app over loopback answers with the new version; ` +
        `A = debounce (300 ms) + synth + image build + container replaced by the everyday deploy; B = compose's build + recreate`,
      `watch's own figure (save to container running), median ${(median(watchOwn) / 1000).toFixed(3)} s`,
    );
    return [row];
  } finally {
    ctx.log("watch: cleaning up");
    if (watch && watch.exitCode === null) {
      watch.kill("SIGINT");
      await until(() => watch!.exitCode !== null, 120_000).catch(() => watch!.kill("SIGKILL"));
    }
    const stackDir = path.join(project, "cdktf.out", "stacks", STACK);
    if (fs.existsSync(path.join(stackDir, "cdk.tf.json"))) {
      await run([TF, `-chdir=${stackDir}`, "destroy", "-auto-approve", "-input=false", "-no-color"], {
        env,
        check: false,
        cleanup: true,
        timeoutMs: 300_000,
      });
    }
    await run([...COMPOSE, "down", "-v", "-t", "0", "--rmi", "local"], {
      env: composeEnv,
      check: false,
      cleanup: true,
    }).catch(() => undefined);
    await run(["docker", "rmi", "docker-iac/bench-compose-watch-app:build"], {
      env,
      check: false,
      cleanup: true,
    }).catch(() => undefined);
    await sweepWatch(ctx);
  }
}

interface WatchReport {
  readonly deployExitCode: number;
  readonly containers: { readonly name: string; readonly answeredSeconds: number | null }[];
}

/** Removes the group's labelled containers, volumes and networks and its docker-iac/bench-watch-* images. */
async function sweepWatch(ctx: BenchContext): Promise<void> {
  await sweepLabelled(ctx, LABELS, { volumes: true, images: "docker-iac/bench-watch-*" });
}

/** Polls until the condition holds; rejects after `ms`. */
async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s`);
    await sleep(50);
  }
}

/** Polls GET /cgi-bin/app on a loopback port every 50 ms until the body holds `text` (at most 120 s). */
async function answersWith(port: number, text: string): Promise<void> {
  const deadline = Date.now() + ANSWER_TIMEOUT_MS;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const body = await get(`http://127.0.0.1:${port}/cgi-bin/app`);
      if (body.includes(text)) return;
      last = body.split("\n")[0];
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(50);
  }
  throw new Error(`127.0.0.1:${port} did not answer '${text}' within ${ANSWER_TIMEOUT_MS / 1000} s (last: ${last})`);
}

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

function contextValue(key: string): string | undefined {
  try {
    const context = JSON.parse(process.env.CDKTF_CONTEXT_JSON ?? "{}") as Record<string, unknown>;
    return typeof context[key] === "string" ? (context[key] as string) : undefined;
  } catch {
    return undefined;
  }
}
