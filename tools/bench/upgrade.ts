// Row group "upgrade": what users see while a new version of the TODO API rolls out. A
// request loop at 10 GETs a second (loopback only, bounded) runs through each deploy of the
// same change (a new api/VERSION: a new API image), side by side in one run:
//   A: the todo stack on one engine, `terraform apply`: the API is start-first (the new
//      container becomes healthy before the old one goes) behind nginx;
//   B: the swarm stack, `terraform apply`: the API as a Swarm service of three tasks, start-first;
//   C: docker-compose up -d of the todo app (tools/bench/todo-compose.yml) with the new API
//      image, which stops the old container before it starts the new one.
// Two rows: A against B, A against C (A's samples are the same in both). A sample's time is
// the downtime the loop saw: failed requests x 100 ms (one request per 100 ms); the notes give
// the raw counts. B needs a swarm: `bash tools/dev/swarm.sh up` (this group runs it, and `down`
// afterwards, which leaves only a swarm it created).
import * as fs from "fs";
import * as path from "path";
import { SWARM_SECRET_FILES } from "../../stacks/swarm-stack";
import { requestLoop } from "./request-loop";
import { type BenchContext, record, REPO_ROOT, type Row, run, type Series, series, show } from "./harness";
import { imagesOf } from "./todo";

const TF = process.env.TERRAFORM_BINARY_NAME ?? "terraform";
const RATE = 10;
const LOAD = { perSecond: RATE, maxRequests: 3000, maxSeconds: 300 };
const APP = [
  "node",
  "-r",
  path.join(REPO_ROOT, "tools/dev/register-ts.js"),
  path.join(REPO_ROOT, "tools/bench/upgrade-app.ts"),
];
const COMPOSE_PORT = 18134;
const COMPOSE = ["docker-compose", "-p", "bench-up-compose", "-f", "tools/bench/todo-compose.yml"];
/** Compose runs its own tags of the images terraform built: terraform removes its tags when it replaces them. */
const COMPOSE_API_REPO = "docker-iac/bench-up-compose-api";
const COMPOSE_PROXY_IMAGE = "docker-iac/bench-up-compose-proxy:bench";

interface Side {
  readonly kind: "todo" | "swarm";
  readonly port: number;
  readonly versionFile: string;
  readonly url: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stackDir: string;
}

export async function upgradeGroup(ctx: BenchContext): Promise<Row[]> {
  const dir = path.join(ctx.tmp, "upgrade");
  const side = (kind: Side["kind"], port: number): Side => {
    const source = path.join(dir, `${kind}-source`);
    fs.cpSync(path.join(REPO_ROOT, "examples", "todo", "api"), source, { recursive: true });
    const secrets = path.join(dir, `${kind}-secrets`);
    fs.mkdirSync(secrets, { recursive: true });
    const outdir = path.join(dir, `${kind}-out`);
    return {
      kind,
      port,
      versionFile: path.join(source, "VERSION"),
      url: `http://127.0.0.1:${port}/health`,
      stackDir: path.join(outdir, "stacks", "bench-upgrade"),
      env: {
        ...ctx.env,
        CDKTF_OUTDIR: outdir,
        BENCH_UPGRADE_KIND: kind,
        BENCH_HOST_PORT: String(port),
        BENCH_APP_SOURCE: source,
        BENCH_STATE_FILE: path.join(dir, `${kind}.tfstate`),
        BENCH_SECRETS_DIR: secrets,
      },
    };
  };
  const a = side("todo", 18132);
  const b = side("swarm", 18133);
  for (const file of Object.values(SWARM_SECRET_FILES))
    fs.writeFileSync(path.join(b.env.BENCH_SECRETS_DIR!, file), `bench-${process.pid}`);
  // Compose reads the password files by the bench todo group's names; readable by the servers' users.
  const composeSecrets = path.join(dir, "compose-secrets");
  fs.mkdirSync(composeSecrets, { recursive: true });
  for (const file of ["bench-todo-db-password", "bench-todo-cache-password"])
    fs.writeFileSync(path.join(composeSecrets, file), `bench-${process.pid}-${file}`, { mode: 0o444 });
  let composeEnv: NodeJS.ProcessEnv = {
    ...ctx.env,
    BENCH_SECRETS_DIR: composeSecrets,
    BENCH_COMPOSE_PORT: String(COMPOSE_PORT),
  };
  const compose = (...args: string[]) => run([...COMPOSE, ...args], { env: composeEnv });

  const todoSeries = series("todo stack, API start-first", show(["terraform", "apply", "(changed todo/api/VERSION)"]));
  const swarmSeries = series(
    "swarm stack, 3 tasks start-first",
    show(["terraform", "apply", "(changed todo/api/VERSION)"]),
  );
  const composeSeries = series("docker-compose up -d", show([...COMPOSE, "up", "-d", "(new API image)"]));
  const row = (title: string, b: Series): Row => ({
    group: "upgrade",
    title: `downtime while a new API version rolls out, ${RATE} requests/s: ${title}`,
    a: todoSeries,
    b,
    target: "A = 0 failed requests",
    notes: [],
  });
  const vsSwarm = row("todo on one engine (start-first) vs Swarm service", swarmSeries);
  const vsCompose = row("todo on one engine (start-first) vs docker-compose up -d of the same change", composeSeries);
  const apply = (s: Side) =>
    run([TF, `-chdir=${s.stackDir}`, "apply", "-auto-approve", "-input=false", "-no-color"], { env: s.env });
  const synth = (s: Side) => run(APP, { env: s.env });
  /** Tags the API image the todo side built for compose, and returns compose's environment with it. */
  const composeImages = async (version: number): Promise<NodeJS.ProcessEnv> => {
    const images = imagesOf(a.stackDir);
    const api = `${COMPOSE_API_REPO}:v${version}`;
    await run(["docker", "tag", images.BENCH_API_IMAGE, api], { env: ctx.env });
    await run(["docker", "tag", images.BENCH_PROXY_IMAGE, COMPOSE_PROXY_IMAGE], { env: ctx.env });
    return { ...composeEnv, ...images, BENCH_API_IMAGE: api, BENCH_PROXY_IMAGE: COMPOSE_PROXY_IMAGE };
  };
  await run(["bash", path.join(REPO_ROOT, "tools/dev/swarm.sh"), "up"], { env: ctx.env });
  try {
    for (const s of [a, b]) {
      fs.writeFileSync(s.versionFile, "1.0.0\n");
      await synth(s);
      await run([TF, `-chdir=${s.stackDir}`, "init", "-input=false", "-no-color"], { env: s.env });
      await apply(s);
    }
    composeEnv = await composeImages(1);
    await compose("up", "-d");
    await answers(`http://127.0.0.1:${COMPOSE_PORT}/health`);
    const counts: string[] = [];
    const measure = async (what: string, url: string, into: Series, deploy: Promise<{ code: number }>) => {
      const load = await requestLoop(url, LOAD, deploy);
      const result = await deploy;
      record(into, { ms: load.failed * (1000 / RATE), code: result.code });
      counts.push(
        `${what}: ${load.failed} of ${load.sent} requests failed in ${load.seconds.toFixed(0)} s` +
          // One line each (nginx's 502 page is HTML): the notes are one table cell.
          (load.failures.length
            ? ` (first: ${load.failures
                .slice(0, 2)
                .map((f) =>
                  f
                    .replace(/<[^>]*>/g, " ")
                    .replace(/\s+/g, " ")
                    .trim()
                    .slice(0, 40),
                )
                .join("; ")})`
            : ""),
      );
    };
    for (let i = 1; i <= ctx.runs; i++) {
      const version = i + 1;
      for (const s of [a, b]) {
        ctx.log(`upgrade: ${s.kind}, run ${i}/${ctx.runs}`);
        fs.writeFileSync(s.versionFile, `${version}.0.0\n`);
        await synth(s);
        await measure(`${s.kind} run ${i}`, s.url, s === a ? todoSeries : swarmSeries, apply(s));
      }
      // The same change for compose: the API image the todo side just built.
      ctx.log(`upgrade: compose, run ${i}/${ctx.runs}`);
      composeEnv = await composeImages(version);
      await measure(`compose run ${i}`, `http://127.0.0.1:${COMPOSE_PORT}/health`, composeSeries, compose("up", "-d"));
    }
    vsSwarm.notes.push(...counts.filter((c) => !c.startsWith("compose")));
    vsCompose.notes.push(
      ...counts.filter((c) => !c.startsWith("swarm")),
      "compose (1.29) recreates the API: it stops the old container, then starts the new one; the proxy's config and images are the todo stack's",
    );
    const verdict = todoSeries.samples.every((x) => x.ms === 0 && x.code === 0) ? "met" : "missed";
    vsSwarm.verdict = verdict;
    vsCompose.verdict = verdict;
  } finally {
    await run([...COMPOSE, "down", "-v", "-t", "0", "--remove-orphans"], {
      env: composeEnv,
      check: false,
      cleanup: true,
    }).catch(() => undefined);
    const tags = (
      await run(
        [
          "docker",
          "images",
          "--format",
          "{{.Repository}}:{{.Tag}}",
          "--filter",
          `reference=${COMPOSE_API_REPO}`,
          "--filter",
          "reference=docker-iac/bench-up-compose-proxy",
        ],
        { env: ctx.env, check: false, cleanup: true },
      )
    ).stdout
      .split("\n")
      .filter(Boolean);
    if (tags.length) await run(["docker", "rmi", ...tags], { env: ctx.env, check: false, cleanup: true });
    for (const s of [b, a]) {
      if (fs.existsSync(s.stackDir)) {
        await run([TF, `-chdir=${s.stackDir}`, "destroy", "-auto-approve", "-input=false", "-no-color"], {
          env: s.env,
          check: false,
          cleanup: true,
        });
      }
    }
    await run(["bash", path.join(REPO_ROOT, "tools/dev/swarm.sh"), "down"], {
      env: ctx.env,
      check: false,
      cleanup: true,
    });
  }
  return [vsSwarm, vsCompose];
}

/** Waits (up to 120 s) until the app answers its health check. */
async function answers(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(5000) })).status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer 200 within 120 s`);
}
