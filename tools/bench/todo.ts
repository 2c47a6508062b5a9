// Row group "todo": the first deploy of the todo stack (tools/bench/todo-app.ts: TodoStack
// as "bench-todo", names bench-todo-*, port 18121) against `docker-compose up -d` of its
// equivalent (tools/bench/todo-compose.yml: bench-compose-todo-*, port 18122), on the same
// local images: the server images pulled by digest from the local registry and the API and
// proxy images the stack built (kept between runs). Each run starts from nothing (no
// containers, networks or volumes), deploys, and is checked outside the clock: a TODO is
// added and listed through the proxy. Then terraform destroy / docker-compose down -v.
import * as fs from "fs";
import * as path from "path";
import { type BenchContext, record, REPO_ROOT, type Row, run, series, show, sleep, sweepLabelled } from "./harness";

const TF = process.env.TERRAFORM_BINARY_NAME ?? "terraform";
const STACK_ID = "bench-todo";
const LABELS = ["bench-todo", "bench-compose-todo"];
const CDKTF_PORT = 18121;
const COMPOSE_PORT = 18122;
const COMPOSE = ["docker-compose", "-p", "bench-compose-todo", "-f", "tools/bench/todo-compose.yml"];
const APP = [
  "node",
  "-r",
  path.join(REPO_ROOT, "tools/dev/register-ts.js"),
  path.join(REPO_ROOT, "tools/bench/todo-app.ts"),
];

export async function todoGroup(ctx: BenchContext): Promise<Row[]> {
  const dir = path.join(ctx.tmp, "todo");
  const secrets = path.join(dir, "secrets");
  const stateFile = path.join(dir, "state", "todo.tfstate");
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  const outdir = path.join(dir, "out");
  const env: NodeJS.ProcessEnv = {
    ...ctx.env,
    CDKTF_OUTDIR: outdir,
    BENCH_STATE_FILE: stateFile,
    BENCH_HOST_PORT: String(CDKTF_PORT),
    BENCH_SECRETS_DIR: secrets,
  };
  const stackDir = path.join(outdir, "stacks", STACK_ID);
  const tf = (...args: string[]) => run([TF, `-chdir=${stackDir}`, ...args, "-input=false", "-no-color"], { env });
  let composeEnv: NodeJS.ProcessEnv = { ...env, BENCH_COMPOSE_PORT: String(COMPOSE_PORT) };
  const compose = (...args: string[]) => run([...COMPOSE, ...args], { env: composeEnv });
  try {
    await sweepTodo(ctx);
    ctx.log("todo: synthesizing the bench todo app and terraform init");
    await run(APP, { env });
    composeEnv = { ...composeEnv, ...imagesOf(stackDir) };
    await tf("init");

    ctx.log("todo: warm-up (pulls the server images and builds the API and proxy images once)");
    await tf("apply", "-auto-approve");
    await verify(CDKTF_PORT);
    await tf("destroy", "-auto-approve");
    await compose("up", "-d");
    await verify(COMPOSE_PORT);
    await compose("down", "-v", "-t", "0");

    const first: Row = {
      group: "todo",
      title: "first deploy of the todo stack (5 containers, migration first): terraform apply vs docker-compose up -d",
      a: series(
        "terraform apply",
        show([TF, "-chdir=$STACK_DIR", "apply", "-auto-approve", "-input=false", "-no-color"]),
      ),
      b: series("docker-compose up -d", show([...COMPOSE, "up", "-d"])),
      notes: [
        "same images on both sides (server images by digest from 127.0.0.1:5000, API and proxy built by the stack and kept); " +
          "both wait for PostgreSQL and Redis healthchecks and the migration's exit before the API, and for the API's healthcheck " +
          "(terraform: wait = true; compose: depends_on conditions)",
      ],
    };
    for (let i = 1; i <= ctx.runs; i++) {
      ctx.log(`todo: run ${i}/${ctx.runs}`);
      record(first.a, await tf("apply", "-auto-approve"));
      await verify(CDKTF_PORT);
      await tf("destroy", "-auto-approve");
      record(first.b!, await compose("up", "-d"));
      await verify(COMPOSE_PORT);
      await compose("down", "-v", "-t", "0");
    }
    return [first];
  } finally {
    ctx.log("todo: cleaning up");
    if (fs.existsSync(path.join(stackDir, "cdk.tf.json")) && fs.existsSync(stateFile)) {
      await run([TF, `-chdir=${stackDir}`, "destroy", "-auto-approve", "-input=false", "-no-color"], {
        env,
        check: false,
        cleanup: true,
      }).catch(() => undefined);
    }
    await run([...COMPOSE, "down", "-v", "-t", "0", "--remove-orphans"], {
      env: composeEnv,
      check: false,
      cleanup: true,
    }).catch(() => undefined);
    await sweepTodo(ctx);
    const images = (
      await run(
        ["docker", "images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=docker-iac/bench-todo-*"],
        { env: ctx.env, check: false, cleanup: true },
      )
    ).stdout
      .split("\n")
      .filter(Boolean);
    if (images.length) await run(["docker", "rmi", ...images], { env: ctx.env, check: false, cleanup: true });
  }
}

/** The image references the synthesized stack uses, for the compose file. */
export function imagesOf(stackDir: string): Record<string, string> {
  const config = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as {
    resource: { docker_image: Record<string, { name: string }> };
  };
  const byPrefix = (prefix: string) => {
    const hit = Object.entries(config.resource.docker_image).find(([id]) => id.startsWith(prefix));
    if (!hit) throw new Error(`no docker_image ${prefix}* in ${stackDir}/cdk.tf.json`);
    return hit[1].name;
  };
  return {
    BENCH_POSTGRES_IMAGE: byPrefix("PostgresImage"),
    BENCH_REDIS_IMAGE: byPrefix("RedisImage"),
    BENCH_API_IMAGE: byPrefix("ApiImage"),
    BENCH_PROXY_IMAGE: byPrefix("ProxyImage"),
  };
}

/** Adds a TODO and lists it through the proxy. */
async function verify(port: number): Promise<void> {
  const deadline = Date.now() + 60000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const added = await fetch(`http://127.0.0.1:${port}/todos`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ title: "bench" }),
        signal: AbortSignal.timeout(5000),
      });
      if (added.status === 201) {
        const list = await (
          await fetch(`http://127.0.0.1:${port}/todos`, { signal: AbortSignal.timeout(5000) })
        ).text();
        if (list.includes("bench")) return;
      }
      last = `POST answered ${added.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`the todo app on 127.0.0.1:${port} did not add and list a TODO within 60 s (${last})`);
}

/** Removes containers, networks and volumes labelled as the group's. */
async function sweepTodo(ctx: BenchContext): Promise<void> {
  await sweepLabelled(ctx, LABELS, { volumes: true });
}
