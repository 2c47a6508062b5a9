// Row group "deploy": the bridge stack (tools/bench/bridge-app.ts: BridgeStack as
// "bench-bridge", names bench-*, port 18185) against its docker-compose equivalent
// (tools/bench/bridge-compose.yml: bench-compose-*, port 18186) on the same engine.
//
// Phases, each alternating one cdktf cycle (A) and one compose cycle (B) per run:
//   1. prebuilt images (keep_locally on, so a destroy leaves the images):
//      npm run deploy from nothing | no-change npm run deploy (fast path) | destroy
//      vs docker-compose up -d     | no-change up -d                     | down
//      plus plain terraform apply (first, no change, -refresh=false) as diagnostics
//   2. the full CLI: npx cdktf deploy vs docker-compose up -d, then
//      terraform destroy vs docker-compose down -t 0 (the provider kills, it does not wait)
//   3. the stack exactly as written (keep_locally false): the destroy deletes the images,
//      so every first deploy builds them: terraform apply vs docker-compose up -d --build
// Every deploy is checked (front answers with "inventory") outside the clock. Everything
// the group creates carries the label io.docker-iac.stack=bench / bench-compose or a
// docker-iac/bench-* image name and is removed in `cleanUpDeploy`, also on failure.
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";
import { STACK_LABEL } from "docker-iac";
import {
  type BenchContext,
  medianMs,
  record,
  REPO_ROOT,
  type Row,
  run,
  type RunResult,
  series,
  type Series,
  show,
  sleep,
  sweepLabelled,
} from "./harness";

const TF = process.env.TERRAFORM_BINARY_NAME ?? "terraform";
const STACK_ID = "bench-bridge";
const LABELS = ["bench", "bench-compose"];
const CDKTF_PORT = 18185;
const COMPOSE_PORT = 18186;
const COMPOSE_FILE = "tools/bench/bridge-compose.yml";
const COMPOSE_BUILD_FILE = "tools/bench/bridge-compose.build.yml";
const COMPOSE = ["docker-compose", "-p", "bench-compose", "-f", COMPOSE_FILE];
const COMPOSE_BUILD = [...COMPOSE, "-f", COMPOSE_BUILD_FILE];
const COMPOSE_BUILT_IMAGES = ["docker-iac/bench-compose-front:build", "docker-iac/bench-compose-back:build"];
const APP = [
  "node",
  "-r",
  path.join(REPO_ROOT, "tools/dev/register-ts.js"),
  path.join(REPO_ROOT, "tools/bench/bridge-app.ts"),
];
/** `npm run deploy` without npm's own start-up, on the bench app. */
const DEPLOY = [
  "node",
  "-r",
  path.join(REPO_ROOT, "tools/dev/register-ts.js"),
  path.join(REPO_ROOT, "tools/cli/main.ts"),
  "deploy",
  "--auto-approve",
  "--app",
  show(APP),
  STACK_ID,
];
/** How the provider version in use builds images (docs/provider-versions.md). */
const PROVIDER_BUILDER =
  Number((process.env.DOCKER_IAC_PROVIDER_VERSION ?? "3.6.2").split(".")[0]) >= 4
    ? "BuildKit (its embedded buildx on the engine's BuildKit)"
    : "the engine's classic builder (3.6.2 uses buildx only when build.builder is set)";
/** The provider waits this long before its first read of a network, on create and on refresh (both 3.6.2 and 4.5.0). */
const NETWORK_READ_DELAY_S = 2;

interface TfWorkspace {
  readonly outdir: string;
  readonly stackDir: string;
  readonly stateFile: string;
  readonly env: NodeJS.ProcessEnv;
  readonly frontImage: string;
  readonly backImage: string;
}

/** What cleanUpDeploy must remove besides labelled objects. */
interface Created {
  workspaces: TfWorkspace[];
  /** Image IDs of compose's legacy builds (final images and their intermediate parents). */
  composeImageIds: Set<string>;
}

export async function deployGroup(ctx: BenchContext): Promise<Row[]> {
  const created: Created = { workspaces: [], composeImageIds: new Set() };
  try {
    return await measure(ctx, created);
  } finally {
    ctx.log("deploy: cleaning up");
    await cleanUpDeploy(ctx, created);
  }
}

async function measure(ctx: BenchContext, created: Created): Promise<Row[]> {
  await preflight(ctx);
  const baseImage = contextValue("baseImage") ?? "busybox:1.37.0";
  const baseImageId = (
    await run(["docker", "image", "inspect", "--format", "{{.Id}}", baseImage], { env: ctx.env })
  ).stdout.trim();

  // ---------------------------------------------------------------- set-up and warm-up
  ctx.log("deploy: synthesizing the bench app (keep_locally on) and terraform init");
  const keep = await synthWorkspace(ctx, "tf-keep", true);
  created.workspaces.push(keep);
  const composeEnv: NodeJS.ProcessEnv = {
    ...ctx.env,
    BENCH_FRONT_IMAGE: keep.frontImage,
    BENCH_BACK_IMAGE: keep.backImage,
    BENCH_COMPOSE_PORT: String(COMPOSE_PORT),
    BENCH_BASE_IMAGE: baseImage,
  };
  const tf = (ws: TfWorkspace, ...args: string[]) =>
    run([TF, `-chdir=${ws.stackDir}`, ...args, "-input=false", "-no-color"], { env: ws.env });
  const apply = (ws: TfWorkspace) => tf(ws, "apply", "-auto-approve");
  const destroy = (ws: TfWorkspace) => tf(ws, "destroy", "-auto-approve");
  const compose = (...args: string[]) => run([...COMPOSE, ...args], { env: composeEnv });
  /** npm run deploy on the bench app; fails the bench when it did not take the expected path. */
  const deploy = async (ws: TfWorkspace, expected: "fast" | "full") => {
    const result = await run(DEPLOY, { env: ws.env });
    if (!result.stdout.includes(`[deploy] ${STACK_ID}: ${expected} path`)) {
      throw new Error(`npm run deploy did not take the ${expected} path:\n${result.stdout.slice(-1500)}`);
    }
    return result;
  };
  const composeBuild = (...args: string[]) => run([...COMPOSE_BUILD, ...args], { env: composeEnv });

  ctx.log("deploy: warm-up (builds the images once, then both sides deploy and tear down once)");
  await apply(keep);
  await verify(CDKTF_PORT);
  await destroy(keep);
  for (const image of [keep.frontImage, keep.backImage]) {
    await run(["docker", "image", "inspect", image], { env: ctx.env }).catch(() => {
      throw new Error(`image ${image} is gone after destroy although keep_locally is on`);
    });
  }
  await compose("up", "-d");
  await verify(COMPOSE_PORT);
  await compose("down", "-t", "0");

  // ---------------------------------------------------------------- phase 1: prebuilt images
  const tfCmd = (...args: string[]) => show([TF, "-chdir=$STACK_DIR", ...args, "-input=false", "-no-color"]);
  const deployCmd = show(DEPLOY.map((a) => a.replaceAll(REPO_ROOT, ".")));
  const everydayFirst: Row = row(
    "first deploy, the everyday path, images already built: npm run deploy vs docker-compose up -d",
    series("docker-iac deploy --auto-approve (npm run deploy minus npm), full path", deployCmd),
    series("docker-compose up -d", show([...COMPOSE, "up", "-d"])),
  );
  const everydayNoop: Row = row(
    "no-change deploy, the everyday path: npm run deploy (fast path) vs docker-compose up -d",
    series("docker-iac deploy --auto-approve (npm run deploy minus npm), fast path", deployCmd),
    series("docker-compose up -d (no change)", show([...COMPOSE, "up", "-d"])),
  );
  everydayFirst.target = "A/B ≤ 2";
  everydayNoop.target = "A/B ≤ 1.2";
  const first: Row = row(
    "first deploy, images already built: terraform apply vs docker-compose up -d",
    series("terraform apply", tfCmd("apply", "-auto-approve")),
    series("docker-compose up -d", show([...COMPOSE, "up", "-d"])),
  );
  const noop: Row = row(
    "no-change redeploy: terraform apply vs docker-compose up -d",
    series("terraform apply (no change)", tfCmd("apply", "-auto-approve")),
    series("docker-compose up -d (no change)", show([...COMPOSE, "up", "-d"])),
  );
  const down: Row = row(
    "destroy: terraform destroy vs docker-compose down",
    series("terraform destroy", tfCmd("destroy", "-auto-approve")),
    series("docker-compose down", show([...COMPOSE, "down"])),
  );
  const noRefresh: Row = row(
    "diagnostic: no-change terraform apply vs the same with -refresh=false",
    series("terraform apply (no change)", tfCmd("apply", "-auto-approve")),
    series("terraform apply -refresh=false", tfCmd("apply", "-auto-approve", "-refresh=false")),
  );
  noRefresh.notes.push(
    "A's samples are row 'no-change redeploy' A's; B runs right after each: the difference is what refreshing the five resources costs",
  );
  const noopOutputs = { tf: new Set<string>(), compose: new Set<string>() };

  for (let i = 1; i <= ctx.runs; i++) {
    ctx.log(`deploy: prebuilt images, run ${i}/${ctx.runs}`);
    record(everydayFirst.a, await deploy(keep, "full"));
    await verify(CDKTF_PORT);
    record(everydayNoop.a, await deploy(keep, "fast"));
    await verify(CDKTF_PORT);
    await destroy(keep);
    record(everydayFirst.b!, await compose("up", "-d"));
    await verify(COMPOSE_PORT);
    record(everydayNoop.b!, await compose("up", "-d"));
    await verify(COMPOSE_PORT);
    await compose("down", "-t", "0");

    record(first.a, await apply(keep));
    await verify(CDKTF_PORT);
    noopOutputs.tf.add(describeTfApply(record(noRefresh.a, record(noop.a, await apply(keep)))));
    await verify(CDKTF_PORT);
    noopOutputs.tf.add(
      describeTfApply(record(noRefresh.b!, await tf(keep, "apply", "-auto-approve", "-refresh=false"))),
    );
    record(down.a, await destroy(keep));

    record(first.b!, await compose("up", "-d"));
    await verify(COMPOSE_PORT);
    noopOutputs.compose.add(describeComposeUp(record(noop.b!, await compose("up", "-d"))));
    await verify(COMPOSE_PORT);
    record(down.b!, await compose("down"));
  }
  noop.notes.push(`terraform: ${[...noopOutputs.tf].join(" / ")}; compose: ${[...noopOutputs.compose].join(" / ")}`);
  everydayFirst.notes.push(
    `floor: the provider waits ${NETWORK_READ_DELAY_S} s before it first reads a network it created, and the containers wait for the network, ` +
      `so A ≥ B + ${NETWORK_READ_DELAY_S} s minus compose's own network step; A includes the synth and the engine read`,
  );
  everydayNoop.notes.push(
    "A = synth ‖ state + engine read (docker-modem) ‖ terraform plan -refresh=false of the configuration last applied; no drift, same configuration, no changes: no apply; compose compares its config hash labels",
  );
  first.notes.push(
    "keep_locally is set on the bench's docker_image resources so a destroy leaves the images; the provider still runs a " +
      `build of each image on create with ${PROVIDER_BUILDER}, every step cached; compose only looks the images up`,
  );
  down.notes.push(
    "the provider stops with a 0 s timeout and force-removes; compose stops with stop_grace_period 10s and busybox httpd " +
      "(PID 1) ignores SIGTERM, so compose waits the full 10 s: see the down -t 0 row",
  );

  // ---------------------------------------------------------------- phase 2: the full CLI
  const cliOut = path.join(ctx.tmp, "deploy", "cli-out");
  const cliState = path.join(ctx.tmp, "deploy", "state", "cli.tfstate");
  const appCommand = show(APP);
  const cdktfDeploy = [
    "npx",
    "cdktf",
    "deploy",
    STACK_ID,
    "--app",
    appCommand,
    "--output",
    cliOut,
    "--auto-approve",
    "--skip-provider-lock",
  ];
  const cliEnv: NodeJS.ProcessEnv = {
    ...ctx.env,
    BENCH_STATE_FILE: cliState,
    BENCH_HOST_PORT: String(CDKTF_PORT),
    BENCH_KEEP_IMAGES: "1",
  };
  const cliWs: TfWorkspace = {
    ...keep,
    outdir: cliOut,
    stackDir: path.join(cliOut, "stacks", STACK_ID),
    stateFile: cliState,
    env: cliEnv,
  };
  created.workspaces.push(cliWs);
  const cli: Row = row(
    "first deploy via the full CLI: npx cdktf deploy vs docker-compose up -d",
    series("npx cdktf deploy", show(cdktfDeploy.map((a) => a.replace(ctx.tmp, "$TMP")))),
    series("docker-compose up -d", show([...COMPOSE, "up", "-d"])),
  );
  const kill: Row = row(
    "destroy, same stop semantics: terraform destroy vs docker-compose down -t 0",
    series("terraform destroy", tfCmd("destroy", "-auto-approve")),
    series("docker-compose down -t 0", show([...COMPOSE, "down", "-t", "0"])),
  );
  cli.notes.push("cdktf deploy = CLI start-up + synth through --app + terraform init + apply; images already built");

  for (let i = 1; i <= ctx.runs; i++) {
    ctx.log(`deploy: full CLI, run ${i}/${ctx.runs}`);
    record(cli.a, await run(cdktfDeploy, { env: cliEnv }));
    await verify(CDKTF_PORT);
    record(kill.a, await destroy(cliWs));

    record(cli.b!, await compose("up", "-d"));
    await verify(COMPOSE_PORT);
    record(kill.b!, await compose("down", "-t", "0"));
  }

  // ---------------------------------------------------------------- phase 3: incl. image build
  ctx.log("deploy: removing the kept images; synthesizing the stack as written (keep_locally off)");
  await run(["docker", "rmi", keep.frontImage, keep.backImage], { env: ctx.env });
  const asWritten = await synthWorkspace(ctx, "tf-as-written", false);
  created.workspaces.push(asWritten);
  const build: Row = row(
    "first deploy incl. image build: terraform apply (stack as written) vs docker-compose up -d --build",
    series("terraform apply + build", tfCmd("apply", "-auto-approve")),
    series("docker-compose up -d --build", show([...COMPOSE_BUILD, "up", "-d", "--build"])),
  );
  let imagesDeleted = 0;
  for (let i = 1; i <= ctx.runs; i++) {
    ctx.log(`deploy: incl. image build, run ${i}/${ctx.runs}`);
    record(build.a, await apply(asWritten));
    await verify(CDKTF_PORT);
    await destroy(asWritten);
    const left = await run(["docker", "image", "inspect", asWritten.frontImage], { env: ctx.env, check: false });
    if (left.code !== 0) imagesDeleted++;

    record(build.b!, await composeBuild("up", "-d", "--build"));
    await verify(COMPOSE_PORT);
    for (const image of COMPOSE_BUILT_IMAGES) {
      for (const id of await imageChain(ctx, image, baseImageId)) created.composeImageIds.add(id);
    }
    await composeBuild("down", "-t", "0");
    // Remove the tagged images but keep their intermediate layers: the legacy builder's
    // cache, the counterpart of the build cache the provider's builds keep.
    await run(["docker", "rmi", "--no-prune", ...COMPOSE_BUILT_IMAGES], { env: ctx.env });
  }
  build.notes.push(
    `the destroy deleted the stack's images in ${imagesDeleted}/${ctx.runs} runs (keep_locally false), so each apply built them again; ` +
      `the provider builds with ${PROVIDER_BUILDER}, docker-compose v1 with the legacy builder ` +
      "(the bench keeps its intermediate layers with rmi --no-prune)",
  );

  kill.target = "same stop semantics (both kill at once)";
  return [everydayFirst, everydayNoop, first, noop, noRefresh, down, cli, kill, build].map((r) => {
    if (r.target?.startsWith("A/B ≤ ")) r.verdict = ratioVerdict(r, Number(r.target.slice("A/B ≤ ".length)));
    return r;
  });
}

function row(title: string, a: Series, b: Series): Row {
  return { group: "deploy", title, a, b, notes: [] };
}

function ratioVerdict(r: Row, limit: number): string {
  const ratio = medianMs(r.a) / medianMs(r.b!);
  return `${ratio <= limit ? "met" : "missed"} (${ratio.toFixed(2)}×)`;
}

/** Synthesizes the bench app into its own outdir and runs terraform init there once. */
async function synthWorkspace(ctx: BenchContext, name: string, keepImages: boolean): Promise<TfWorkspace> {
  const outdir = path.join(ctx.tmp, "deploy", name);
  const stateFile = path.join(ctx.tmp, "deploy", "state", `${name}.tfstate`);
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...ctx.env,
    CDKTF_OUTDIR: outdir,
    BENCH_STATE_FILE: stateFile,
    BENCH_HOST_PORT: String(CDKTF_PORT),
  };
  if (keepImages) env.BENCH_KEEP_IMAGES = "1";
  else delete env.BENCH_KEEP_IMAGES;
  await run(APP, { env });
  const stackDir = path.join(outdir, "stacks", STACK_ID);
  const config = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as {
    resource: { docker_image: Record<string, { name: string; keep_locally: boolean }> };
  };
  const images = Object.entries(config.resource.docker_image);
  const find = (prefix: string) => {
    const hit = images.find(([id]) => id.startsWith(prefix));
    if (!hit) throw new Error(`no docker_image ${prefix}* in ${stackDir}/cdk.tf.json`);
    if (hit[1].keep_locally !== keepImages)
      throw new Error(`${prefix} keep_locally is ${hit[1].keep_locally}, expected ${keepImages}`);
    return hit[1].name;
  };
  const ws = { outdir, stackDir, stateFile, env, frontImage: find("FrontImage"), backImage: find("BackImage") };
  await run([TF, `-chdir=${stackDir}`, "init", "-input=false", "-no-color"], { env });
  return ws;
}

/** The front page through the published port must show the back's data. */
async function verify(port: number): Promise<void> {
  const url = `http://127.0.0.1:${port}/cgi-bin/front`;
  const deadline = Date.now() + 30000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const body = await get(url);
      if (body.includes("inventory")) return;
      last = `answered without "inventory": ${body.trim().slice(0, 200)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer with the back's inventory within 30 s (${last})`);
}

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 8000 }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

function describeTfApply(result: RunResult): string {
  if (/No changes\./.test(result.stdout)) return "No changes";
  const summary = /Apply complete! Resources: (\d+) added, (\d+) changed, (\d+) destroyed/.exec(result.stdout);
  return summary ? `${summary[1]} added, ${summary[2]} changed, ${summary[3]} destroyed` : "unrecognised output";
}

function describeComposeUp(result: RunResult): string {
  const text = result.stdout + result.stderr;
  const upToDate = (text.match(/is up-to-date/g) ?? []).length;
  const recreated = (text.match(/Recreating/g) ?? []).length;
  return recreated ? `${recreated} recreated` : `${upToDate} up-to-date`;
}

/**
 * An image and its parent chain (legacy builds), down to but excluding `stopAt` and the first
 * image that carries any tag other than the bench's own (never someone else's image).
 */
async function imageChain(ctx: BenchContext, image: string, stopAt: string): Promise<string[]> {
  const ids: string[] = [];
  let ref = image;
  for (let i = 0; i < 50; i++) {
    const r = await run(["docker", "image", "inspect", "--format", "{{.Id}}|{{.Parent}}|{{json .RepoTags}}", ref], {
      env: ctx.env,
      check: false,
    });
    if (r.code !== 0) throw new Error(`docker image inspect ${ref} failed: ${r.stderr.trim()}`);
    const [id, parent, tagsJson] = r.stdout.trim().split("|");
    if (!id || id === stopAt) break;
    const tags = (JSON.parse(tagsJson || "null") as string[] | null) ?? [];
    if (tags.some((t) => !t.startsWith("docker-iac/bench-compose-"))) break;
    ids.push(id);
    if (!parent) break;
    ref = parent;
  }
  return ids;
}

function contextValue(key: string): string | undefined {
  try {
    const context = JSON.parse(process.env.CDKTF_CONTEXT_JSON ?? "{}") as Record<string, unknown>;
    return typeof context[key] === "string" ? (context[key] as string) : undefined;
  } catch {
    return undefined;
  }
}

async function preflight(ctx: BenchContext): Promise<void> {
  const info = await run(["docker", "info", "--format", "{{.ServerVersion}}"], {
    env: ctx.env,
    check: false,
    timeoutMs: 20000,
  });
  if (info.code !== 0) throw new Error(`the Docker engine does not answer (docker info): ${info.stderr.trim()}`);
  await run([TF, "version"], { env: ctx.env });
  await run(["docker-compose", "version"], { env: ctx.env });
  if (!process.env.TF_CLI_CONFIG_FILE)
    ctx.log("warning: TF_CLI_CONFIG_FILE is not set; source ~/.cache/docker-iac/env for the offline provider mirror");
  // Objects with the bench's names but not its labels belong to someone else: stop.
  for (const name of ["bench-front", "bench-back", "bench-compose-front", "bench-compose-back"]) {
    const r = await run(["docker", "inspect", "--format", `{{index .Config.Labels "${STACK_LABEL}"}}`, name], {
      env: ctx.env,
      check: false,
    });
    if (r.code === 0 && !LABELS.includes(r.stdout.trim()))
      throw new Error(`a container named ${name} exists and is not the bench's; remove it or rename it`);
  }
  await sweep(ctx); // leftovers of an interrupted earlier run
  for (const port of [CDKTF_PORT, COMPOSE_PORT]) {
    if (!(await portFree(port)))
      throw new Error(`127.0.0.1:${port} is in use; the bench needs ports ${CDKTF_PORT} and ${COMPOSE_PORT}`);
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Destroys what the group deployed and removes every object with the bench's labels or image names. */
async function cleanUpDeploy(ctx: BenchContext, created: Created): Promise<void> {
  for (const ws of created.workspaces) {
    if (!fs.existsSync(ws.stateFile) || !fs.existsSync(path.join(ws.stackDir, "cdk.tf.json"))) continue;
    const state = fs.readFileSync(ws.stateFile, "utf8");
    if (!/"resources":\s*\[\s*\{/.test(state)) continue;
    await run([TF, `-chdir=${ws.stackDir}`, "destroy", "-auto-approve", "-input=false", "-no-color"], {
      env: ws.env,
      check: false,
      cleanup: true,
      timeoutMs: 300000,
    })
      .then(
        (r) =>
          r.code !== 0 &&
          ctx.log(`clean-up: terraform destroy in ${ws.stackDir} failed (exit ${r.code}); removing by label`),
      )
      .catch((err: Error) => ctx.log(`clean-up: ${err.message}`));
  }
  const composeEnv = {
    ...ctx.env,
    BENCH_FRONT_IMAGE: "none",
    BENCH_BACK_IMAGE: "none",
    BENCH_BASE_IMAGE: "none",
    BENCH_COMPOSE_PORT: String(COMPOSE_PORT),
  };
  await run([...COMPOSE_BUILD, "down", "-t", "0", "--remove-orphans"], {
    env: composeEnv,
    check: false,
    cleanup: true,
  }).catch(() => undefined);
  await sweep(ctx);
  for (const id of created.composeImageIds) {
    await run(["docker", "rmi", id], { env: ctx.env, check: false, cleanup: true }).catch(() => undefined);
  }
}

/** Removes containers and networks labelled bench / bench-compose, and docker-iac/bench-* images. */
export async function sweep(ctx: BenchContext): Promise<string[]> {
  const removed = await sweepLabelled(ctx, LABELS, { images: "docker-iac/bench-*" });
  if (removed.length) ctx.log(`clean-up: removed ${removed.join("; ")}`);
  return removed;
}
