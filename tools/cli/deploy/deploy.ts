// docker-iac deploy [--auto-approve] [--full] [--app <command>] [--lock-timeout <s>] [--rollout-timeout <s>] [stack...]: the everyday deploy
// (its options and help: command.ts).
//
// 1. Synthesizes (a child process) while it reads each stack's Terraform state and
//    inspects the objects that state names on the engine, in one batch (docker-modem).
// 2. Compares the two the way the provider's refresh would (tools/cli/deploy/drift.ts).
// 3. Nothing drifted and nothing in doubt: `terraform apply -refresh=false` (the refresh
//    is what costs: the provider waits 2 s on every network read). Anything drifted or in
//    doubt (no state, an unchecked resource type, a configuration other than the last one
//    applied here, a state someone else wrote since): the full refresh and apply.
//    When the configuration on disk is the one last applied here and the state is the one
//    that apply wrote, Terraform's `plan -refresh=false` runs alongside the synth; if the new
//    synth is that same configuration, nothing drifted and that plan has no changes, the
//    apply would have nothing to do, so none runs (any change in the plan: it applies).
// Before Terraform runs, one line with the fix for what would fail midway: a stack with Swarm
// objects on an engine that is not a swarm manager (tools/cli/deploy/swarm-preflight.ts), images to
// build on an engine that keeps them in containerd (tools/cli/deploy/image-store-preflight.ts); the
// server images a stack pulls from the local registry are built first if it lacks them
// (tools/cli/deploy/server-images-preflight.ts). Containers, networks and volumes with the stack's
// label that the state does not record (a deploy killed midway) are imported or removed first, one
// line each (tools/cli/deploy/orphan-repair.ts). It says which path it took and why. State is the file `cdktf deploy` uses, so both mix.
// Like cdktf: the app command comes from cdktf.json (or --app), the output folder from cdktf.json's
// "output" or CDKTF_OUTDIR, and the state file is the one the stack's backend names. Without
// --auto-approve it plans first, shows the plan in words and asks (confirm.ts).
// A second deploy of a stack while one runs: plan and apply wait for the state lock up to
// --lock-timeout seconds (default 60), it says once whom it waits for, and past the timeout
// Terraform's page of text becomes one line with the holder and the fix
// (tools/cli/deploy/state-lock.ts).
// After an apply that touched a stack with Swarm services, it waits until Swarm says each one
// rolled out, and fails naming a service Swarm paused or rolled back
// (tools/cli/deploy/swarm-rollout.ts; --rollout-timeout overrides how long, 0 does not wait).
import { spawn, spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { type Finding, type LiveObjects, type TerraformState, findDrift, objectsToRead, stateDoubts } from "./drift";
import {
  ACQUIRING_LOCK,
  DEFAULT_LOCK_TIMEOUT,
  isStateLockError,
  lockInfoFromOutput,
  readLockInfo,
  seeStateLock,
  stateLockHolders,
  stateLockedLine,
  staleLockLine,
  waitingLine,
} from "./state-lock";
import type { Resources } from "./swarm-preflight";
import { toolchainCache } from "../../dev/toolchain-env";
import { CliError } from "../command";
import type { Project } from "../project";
import { confirmApply } from "./confirm";

const TERRAFORM = process.env.TERRAFORM_BINARY_NAME ?? "terraform";
/** This repository's build of its examples' server images; absent from the package. */
const SERVER_IMAGES_SCRIPT = path.join(__dirname, "..", "..", "dev", "server-images.sh");
const LOCAL_SOCKETS = [undefined, "unix:///var/run/docker.sock", "unix:///run/docker.sock"];

/** What this command records after each successful apply, to know the next time what it applied. */
interface LastApply {
  readonly configSha256: string;
  readonly lineage: string;
  readonly serial: number;
}

/** The parts of a synthesized cdk.tf.json read here. */
interface SynthesizedConfig {
  terraform?: { backend?: { local?: { path?: string } }; required_providers?: { docker?: { version?: string } } };
  provider?: { docker?: { host?: string }[] };
  resource?: Resources;
}

interface StackRun {
  readonly stack: string;
  readonly dir: string;
  readonly stateFile: string;
  /** Seconds plan and apply wait for the state lock (terraform -lock-timeout). */
  readonly lockTimeout: number;
  /** Whether it said already that the state is locked (once per stack), or that a killed run's lock info is left. */
  saidWaiting?: boolean;
  saidStale?: boolean;
  state?: TerraformState;
  live?: LiveObjects;
  readError?: string;
  /** `terraform plan -refresh=false` of the configuration last applied, run during the synth. */
  plan?: Promise<PlanAhead>;
  /** Seconds to wait for each Swarm service to roll out after the apply; undefined: derived from its update config. */
  readonly rolloutTimeout?: number;
  /** Apply without showing the plan and asking. */
  readonly autoApprove: boolean;
}

/** What the plan run alongside the synth saw. */
interface PlanAhead {
  readonly configSha256: string;
  readonly lineage: string;
  readonly serial: number;
  /** terraform plan -detailed-exitcode: 0 no changes, 2 changes, 1 error. */
  readonly status: number;
  readonly output: string;
}

export interface DeployOptions {
  readonly project: Project;
  /** Stacks to deploy; empty: the app's only stack (several: CliError naming them, as cdktf). */
  readonly stacks: string[];
  /** Always refresh first. */
  readonly full?: boolean;
  /** Seconds plan and apply wait for the state lock. */
  readonly lockTimeout?: number;
  /** Seconds to wait for each Swarm service to roll out; undefined: from its update policy; 0: no wait. */
  readonly rolloutTimeout?: number;
  /** Apply without showing the plan and asking (`terraform apply -auto-approve`). */
  readonly autoApprove?: boolean;
}

/** The everyday deploy; returns the exit code. Lines it prints start with [deploy]. */
export async function deploy(options: DeployOptions): Promise<number> {
  const { project } = options;
  process.env.CHECKPOINT_DISABLE = "1";
  useMachineServerImages();
  const stacks = options.stacks.length ? options.stacks : await onlyStack(project);
  const runs: StackRun[] = stacks.map((stack) => {
    const dir = path.join(project.outdir, "stacks", stack);
    // The state the last synth's backend names (checked against the new synth below).
    return {
      stack,
      dir,
      stateFile: backendStateFile(dir) ?? path.join(project.root, `terraform.${stack}.tfstate`),
      lockTimeout: options.lockTimeout ?? DEFAULT_LOCK_TIMEOUT,
      rolloutTimeout: options.rolloutTimeout,
      autoApprove: options.autoApprove ?? false,
    };
  });

  // The engine is read while the synth runs: neither waits for the other.
  const started = Date.now();
  const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(2);
  let readTime = "";
  if (!options.full) runs.forEach((r) => (r.plan = planAhead(r)));
  const synth = synthesize(project);
  const reads = Promise.all(runs.map((r) => readStateAndEngine(r))).then(() => (readTime = seconds(started)));
  const [synthStatus] = await Promise.all([synth, reads, ...runs.map((r) => r.plan)]);
  if (synthStatus !== 0) return synthStatus;
  console.log(
    `[deploy] synth and, alongside it, state + engine read: ${seconds(started)} s (the read alone: ${readTime} s)`,
  );
  const known = project.stacks().map((s) => s.name);
  const unknown = runs.filter((r) => !known.includes(r.stack)).map((r) => r.stack);
  if (unknown.length)
    throw new CliError(
      `no stack named ${unknown.map((u) => `'${u}'`).join(", ")} in this app. Stacks: ${known.join(", ")}`,
      2,
    );
  const imagesStatus = await buildMissingServerImages(runs, project);
  if (imagesStatus !== 0) return imagesStatus;

  for (const run of runs) {
    const status = await deployOne(run, options.full ?? false);
    if (status !== 0) return status;
  }
  return 0;
}

/**
 * No stack named: the app's only one (cdktf deploy asks for names when there are several), from
 * the last synth; a project never synthesized yet (just made by init) synthesizes once first.
 */
async function onlyStack(project: Project): Promise<string[]> {
  if (!fs.existsSync(path.join(project.outdir, "manifest.json"))) await project.synth();
  const names = project.stacks().map((s) => s.name);
  if (names.length === 1) return names;
  throw new CliError(
    `the app has ${names.length} stacks (${names.join(", ")}): name the ones to deploy, e.g. \`docker-iac deploy ${names[0] ?? "<stack>"}\``,
    2,
  );
}

/**
 * The server images come from the record of what this machine built (tools/dev/server-images.sh
 * writes it in the toolchain cache) unless the context names another: Debian may have moved on
 * since the committed stacks/server-images.lock.json, and the registry holds what was built.
 */
function useMachineServerImages(): void {
  const context = JSON.parse(process.env.CDKTF_CONTEXT_JSON ?? "{}") as Record<string, unknown>;
  // Only this repository builds them (its examples' PostgreSQL, Redis, nginx): other projects are left alone.
  if (context.serverImagesLock !== undefined || !fs.existsSync(SERVER_IMAGES_SCRIPT)) return;
  context.serverImagesLock = path.join(toolchainCache(), "server-images.lock.json");
  process.env.CDKTF_CONTEXT_JSON = JSON.stringify(context);
}

/**
 * Builds the local server images the synthesized stacks pull and the registry lacks (a stack's
 * first deploy on this machine), then synthesizes again with their digests. Not root: one line.
 */
async function buildMissingServerImages(runs: StackRun[], project: Project): Promise<number> {
  const configs = () =>
    runs
      .map((r) => path.join(r.dir, "cdk.tf.json"))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f, "utf8"));
  const { missingServerImages, missingServerImagesProblem } = await import("./server-images-preflight");
  const missing = await missingServerImages(configs());
  if (!missing.length) return 0;
  const stacks = runs.map((r) => r.stack);
  const script = SERVER_IMAGES_SCRIPT;
  const cannot = !fs.existsSync(script)
    ? "they are the docker-iac examples' server images, which only the docker-iac repository builds (bash tools/dev/server-images.sh build, as root)"
    : process.getuid?.() !== 0
      ? "building them needs root"
      : undefined;
  if (cannot) {
    console.error(missingServerImagesProblem(stacks, missing, cannot));
    return 1;
  }
  const names = [...new Set(missing.map((m) => m.image))];
  console.error(
    `[deploy] ${stacks.join(", ")}: building the server images the local registry lacks (${names.join(", ")}), once per machine`,
  );
  const build = spawnSync("bash", [script, "build", ...names], { stdio: ["ignore", "inherit", "inherit"] });
  if (build.status !== 0) return build.status ?? 1;
  const again = await synthesize(project);
  if (again !== 0) return again;
  const still = await missingServerImages(configs());
  if (still.length) {
    console.error(
      missingServerImagesProblem(
        stacks,
        still,
        "the synthesized digests are not the ones just built: is context serverImagesLock another file?",
      ),
    );
    return 1;
  }
  return 0;
}

/**
 * Starts `terraform plan -refresh=false` in the stack folder when it holds the configuration
 * last applied here, initialized, with the state that apply wrote: the only case the fast
 * path can take. Its answer counts only if the new synth is byte for byte that configuration
 * (checked in deployOne), so a synth rewriting the file meanwhile cannot mislead it: what the
 * plan read is either that configuration or, half-written, not JSON (an error, ignored).
 */
function planAhead(run: StackRun): Promise<PlanAhead> | undefined {
  const last = readLastApply(run.dir);
  if (!last) return undefined;
  let configJson: string;
  let state: TerraformState;
  try {
    configJson = fs.readFileSync(path.join(run.dir, "cdk.tf.json"), "utf8");
    state = JSON.parse(fs.readFileSync(run.stateFile, "utf8")) as TerraformState;
  } catch {
    return undefined;
  }
  const configSha256 = sha256(configJson);
  const config = JSON.parse(configJson) as SynthesizedConfig;
  if (configSha256 !== last.configSha256 || state.lineage !== last.lineage || state.serial !== last.serial)
    return undefined;
  if (!isInitialized(run.dir, config)) return undefined;
  sayLock(run, run.stateFile, false);
  return new Promise((resolve) => {
    const child = spawn(
      TERRAFORM,
      [
        "plan",
        "-refresh=false",
        "-detailed-exitcode",
        "-input=false",
        "-no-color",
        `-lock-timeout=${run.lockTimeout}s`,
      ],
      { cwd: run.dir },
    );
    let output = "";
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      output += d;
      if (output.includes(ACQUIRING_LOCK)) sayLock(run, run.stateFile, true);
    });
    child.stderr.on("data", (d: string) => (output += d));
    child.on("error", () => resolve({ configSha256, lineage: state.lineage, serial: state.serial, status: 1, output }));
    child.on("close", (code) =>
      resolve({ configSha256, lineage: state.lineage, serial: state.serial, status: code ?? 1, output }),
    );
  });
}

/** Runs the app (its own errors are its output); the exit code. */
function synthesize(project: Project): Promise<number> {
  return project.synth().then(
    () => 0,
    (err: CliError) => err.exitCode || 1,
  );
}

/** The local state file a synthesized stack's backend names, if there is one. */
function backendStateFile(dir: string): string | undefined {
  try {
    const config = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as SynthesizedConfig;
    const local = config.terraform?.backend?.local;
    return local ? path.resolve(dir, local.path ?? "terraform.tfstate") : undefined;
  } catch {
    return undefined;
  }
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function readStateAndEngine(run: StackRun): Promise<void> {
  if (!fs.existsSync(run.stateFile)) return;
  try {
    run.state = JSON.parse(fs.readFileSync(run.stateFile, "utf8")) as TerraformState;
    if (stateDoubts(run.state).length === 0) {
      // Loaded here, after the synth and the plan have started: the client takes a while to load.
      const { readLive } = await import("./live-engine");
      run.live = await readLive(objectsToRead(run.state));
    }
  } catch (err) {
    run.readError = (err as Error).message;
  }
}

async function deployOne(run: StackRun, full: boolean): Promise<number> {
  const configJson = fs.readFileSync(path.join(run.dir, "cdk.tf.json"), "utf8");
  const config = JSON.parse(configJson) as SynthesizedConfig;
  const configSha256 = sha256(configJson);
  const why = full
    ? [{ address: "(command)", problem: "--full was given" }]
    : reasonsToRefresh(run, config, configSha256);
  // The plan run alongside the synth waited for the state lock as long as the apply would.
  const ahead = await run.plan;
  if (ahead && ahead.status === 1 && isStateLockError(ahead.output))
    return stateLocked(run, run.stateFile, "plan", ahead.output);

  const started = Date.now();
  // Loaded here, not at start: the engine client is on the synth's critical path otherwise
  // (it is in memory already when the engine was read alongside the synth).
  const [{ checkSwarmEngine, missingSecretFiles }, { imageStoreProblem }, { readEngineInfo }] = await Promise.all([
    import("./swarm-preflight"),
    import("./image-store-preflight"),
    import("./engine-info"),
  ]);
  const engine = await readEngineInfo(config);
  const problems = [
    checkSwarmEngine(run.stack, config, engine),
    imageStoreProblem(run.stack, config, engine),
    ...missingSecretFiles(run.stack, config),
  ].filter((p): p is string => p !== undefined);
  if (problems.length) {
    for (const problem of problems) console.error(problem);
    return 1;
  }
  const initStatus = initIfNeeded(run.dir, config);
  if (initStatus !== 0) return initStatus;
  // What a killed deploy left on the engine and not in the state, taken over before Terraform plans.
  const { repairOrphans } = await import("./orphan-repair");
  const orphans = await repairOrphans({
    command: "deploy",
    stack: run.stack,
    dir: run.dir,
    config,
    lockTimeout: run.lockTimeout,
  });
  if (orphans.status !== 0) return orphans.status;
  if (orphans.changed)
    why.push({ address: "(orphans)", problem: "objects a killed deploy left were taken over (the lines above)" });
  const replace = [...new Set(why.filter((f) => f.replace).map((f) => f.address))];
  if (why.length) {
    console.log(`[deploy] ${run.stack}: full path (refresh + apply), because:`);
    for (const f of why.slice(0, 10)) console.log(`[deploy]   ${f.address}: ${f.problem}`);
    if (why.length > 10) console.log(`[deploy]   ... and ${why.length - 10} more`);
    for (const address of replace) {
      console.log(
        `[deploy]   replacing ${address}: the provider's refresh does not read network attachments back, so only a new container heals them`,
      );
    }
  } else {
    const checked = run.live?.size ?? 0;
    if (ahead && ahead.status === 0 && ahead.configSha256 === configSha256 && stateIsStill(run.stateFile, ahead)) {
      console.log(
        `[deploy] ${run.stack}: fast path (plan -refresh=false, no changes): the engine matches the state (${checked} objects inspected), the configuration is the one last applied, and terraform plan -refresh=false of it, run alongside the synth, has nothing to change, so there is nothing to apply`,
      );
      console.log(
        `[deploy] ${run.stack}: done in ${((Date.now() - started) / 1000).toFixed(2)} s after the synth (fast path)`,
      );
      return 0;
    }
    const planned = !ahead
      ? ""
      : ahead.status === 2
        ? "; the plan run alongside the synth has changes"
        : ahead.status === 1
          ? "; the plan run alongside the synth failed"
          : "";
    console.log(
      `[deploy] ${run.stack}: fast path (apply -refresh=false): the engine matches the state (${checked} objects inspected), and the configuration is the one last applied${planned}`,
    );
  }
  // The apply locks the state the new synth's backend names, which may not be the one the
  // last synth named (a first deploy, a moved backend); a remote backend leaves no record.
  const stateFile = backendStateFile(run.dir);
  sayLock(run, stateFile, false);
  const planArgs = [
    `-lock-timeout=${run.lockTimeout}s`,
    ...(why.length ? replace.map((a) => `-replace=${a}`) : ["-refresh=false"]),
  ];
  // Without --auto-approve: the plan in words, then the question; the apply takes that saved plan.
  let applyArgs = ["apply", "-auto-approve", "-input=false", "-no-color", ...planArgs];
  if (!run.autoApprove) {
    const confirmed = await confirmApply(run.stack, run.dir, planArgs);
    if (typeof confirmed === "number") return confirmed;
    applyArgs = ["apply", "-input=false", "-no-color", `-lock-timeout=${run.lockTimeout}s`, confirmed];
  }
  const apply = await runTerraform(run.dir, applyArgs, () => sayLock(run, stateFile, true));
  if (apply.status !== 0 && isStateLockError(apply.stderr)) return stateLocked(run, stateFile, "apply", apply.output);
  process.stderr.write(apply.stderr);
  // Also after a failed apply: the provider's error names no service and may come mid-rollback.
  const rolledOut = await waitForSwarm(run, config, stateFile);
  if (apply.status !== 0) return apply.status;
  if (stateFile) recordApply(run.dir, stateFile, configSha256);
  if (rolledOut !== 0) return rolledOut;
  console.log(
    `[deploy] ${run.stack}: done in ${((Date.now() - started) / 1000).toFixed(2)} s (${why.length ? "full" : "fast"} path)`,
  );
  return 0;
}

/**
 * After an apply to a stack with Swarm services: waits until Swarm rolled each one out; one line
 * per service it paused or rolled back (or that ran out of time), and 1. The apply is recorded
 * before (it did happen): the next deploy takes the fast path unless something drifted.
 */
async function waitForSwarm(run: StackRun, config: SynthesizedConfig, stateFile: string | undefined): Promise<number> {
  if (!Object.keys(config.resource?.docker_service ?? {}).length || run.rolloutTimeout === 0) return 0;
  const [{ stackServices, waitForRollouts }, { engineOptions }, { default: Modem }] = await Promise.all([
    import("./swarm-rollout"),
    import("./engine-info"),
    import("docker-modem"),
  ]);
  const options = engineOptions(config.provider?.docker?.[0]?.host);
  if (!options) {
    console.error(
      `[deploy] ${run.stack}: not waiting for Swarm to roll the services out: only the provider reaches its engine (${config.provider?.docker?.[0]?.host ?? process.env.DOCKER_HOST}); \`docker service ls\` there shows them`,
    );
    return 0;
  }
  let state: TerraformState | undefined;
  try {
    state = stateFile ? (JSON.parse(fs.readFileSync(stateFile, "utf8")) as TerraformState) : undefined;
  } catch {
    state = undefined;
  }
  const services = stackServices(state, config as Parameters<typeof stackServices>[1]);
  if (!services.length) return 0;
  try {
    const problems = await waitForRollouts({
      stack: run.stack,
      services,
      modem: new Modem(options),
      timeoutSeconds: run.rolloutTimeout,
    });
    for (const problem of problems) console.error(problem);
    return problems.length ? 1 : 0;
  } catch (err) {
    console.error(
      `[deploy] ${run.stack}: could not ask Swarm whether the services rolled out (${(err as Error).message}). Fix: \`docker service ls\` and \`docker service ps <name> --no-trunc\` show it`,
    );
    return 1;
  }
}

/**
 * Runs terraform in a stack folder: its stdout shown as it comes, except the line saying it waits
 * for the state lock (onWaiting says that instead); its stderr (the errors, printed as it ends)
 * kept for the caller, which shows it unless it is the state lock error. Output: both, in order.
 */
function runTerraform(
  dir: string,
  args: string[],
  onWaiting: () => void,
): Promise<{ status: number; output: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TERRAFORM, args, { cwd: dir, stdio: ["inherit", "pipe", "pipe"] });
    // Ctrl-C reaches terraform too (one process group) and it stops gracefully, saving the state:
    // this process stays to pass its output on, for dying first would close the pipes and kill
    // terraform at its next line (SIGPIPE) midway through the apply. A SIGTERM to this process
    // alone is not passed on: the apply goes on to its end, as it did when this process died.
    const stay = () => undefined;
    process.on("SIGINT", stay);
    process.on("SIGTERM", stay);
    let output = "";
    let stderr = "";
    let line = "";
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      output += d;
      const lines = (line + d).split("\n");
      line = lines.pop() ?? "";
      for (const l of lines) {
        if (l === ACQUIRING_LOCK) onWaiting();
        else process.stdout.write(`${l}\n`);
      }
    });
    child.stderr.on("data", (d: string) => {
      output += d;
      stderr += d;
    });
    let failed: Error | undefined;
    child.on("error", (err) => (failed = err));
    child.on("close", (code) => {
      process.off("SIGINT", stay);
      process.off("SIGTERM", stay);
      if (line) process.stdout.write(line);
      if (failed) stderr += `[deploy] could not run ${TERRAFORM}: ${failed.message}\n`;
      resolve({ status: code ?? 1, output, stderr });
    });
  });
}

/**
 * Says once per stack, before Terraform waits or when it does (terraformWaits: it printed that
 * it is acquiring the lock), that the state is locked and by whom; or that the .lock.info file
 * of a run that was killed is left and nothing holds the lock. Removes nothing.
 */
function sayLock(run: StackRun, stateFile: string | undefined, terraformWaits: boolean): void {
  if (run.saidWaiting) return;
  const seen = stateFile ? seeStateLock(stateFile) : undefined;
  if (seen?.holders?.length || terraformWaits) {
    if (!run.lockTimeout) return; // it does not wait: the line after says it all
    console.error(waitingLine(run.stack, seen?.info, seen?.holders, run.lockTimeout));
    run.saidWaiting = true;
  } else if (seen && seen.holders?.length === 0 && !run.saidStale) {
    console.error(staleLockLine(run.stack, stateFile!, seen.info));
    run.saidStale = true;
  }
}

/** Terraform gave up waiting for the state lock: one line with who holds it and the fix, its output in a log. */
function stateLocked(run: StackRun, stateFile: string | undefined, command: string, output: string): number {
  const log = path.join(run.dir, `terraform-${command}.log`);
  fs.writeFileSync(log, output);
  const info = (stateFile && readLockInfo(stateFile)) || lockInfoFromOutput(output);
  const holders = stateFile ? stateLockHolders(stateFile) : undefined;
  console.error(
    stateLockedLine({
      stack: run.stack,
      dir: run.dir,
      stateFile,
      timeoutSeconds: run.lockTimeout,
      output,
      info,
      holders,
      log,
    }),
  );
  return 1;
}

/** Whether the state file still has the lineage and serial the plan started from. */
function stateIsStill(stateFile: string, seen: { lineage: string; serial: number }): boolean {
  try {
    const state = JSON.parse(fs.readFileSync(stateFile, "utf8")) as TerraformState;
    return state.lineage === seen.lineage && state.serial === seen.serial;
  } catch {
    return false;
  }
}

/** Everything that makes the refresh necessary; empty means it could not find anything. */
function reasonsToRefresh(run: StackRun, config: SynthesizedConfig, configSha256: string): Finding[] {
  const stateFile = backendStateFile(run.dir);
  if (stateFile !== run.stateFile) {
    return [
      { address: "(backend)", problem: stateFile ? `the state file is now ${stateFile}` : "not a local state file" },
    ];
  }
  const host = config.provider?.docker?.[0]?.host;
  if (!LOCAL_SOCKETS.includes(host) || (process.env.DOCKER_HOST && !LOCAL_SOCKETS.includes(process.env.DOCKER_HOST))) {
    return [
      {
        address: "(provider)",
        problem: `the engine ${host ?? process.env.DOCKER_HOST} is not the local one this command inspects`,
      },
    ];
  }
  if (run.readError)
    return [{ address: "(engine)", problem: `could not read the state or the engine: ${run.readError}` }];
  const doubts = stateDoubts(run.state);
  if (doubts.length) return doubts;
  const last = readLastApply(run.dir);
  if (!last) return [{ address: "(history)", problem: "no earlier `npm run deploy` of this stack in this folder" }];
  if (last.configSha256 !== configSha256)
    return [{ address: "(configuration)", problem: "changed since the last apply here" }];
  if (last.lineage !== run.state!.lineage || last.serial !== run.state!.serial) {
    return [
      {
        address: "(state)",
        problem: `changed since the last successful apply here (serial ${last.serial} -> ${run.state!.serial})`,
      },
    ];
  }
  return findDrift(run.state!, run.live!);
}

const lastApplyFile = (dir: string) => path.join(dir, ".terraform", "docker-iac-last-apply.json");

function readLastApply(dir: string): LastApply | undefined {
  try {
    return JSON.parse(fs.readFileSync(lastApplyFile(dir), "utf8")) as LastApply;
  } catch {
    return undefined;
  }
}

function recordApply(dir: string, stateFile: string, configSha256: string): void {
  const state = JSON.parse(fs.readFileSync(stateFile, "utf8")) as TerraformState;
  const record: LastApply = { configSha256, lineage: state.lineage, serial: state.serial };
  fs.writeFileSync(lastApplyFile(dir), JSON.stringify(record));
}

const initStamp = (dir: string) => path.join(dir, ".terraform", "docker-iac-init.sha256");
const initKey = (config: SynthesizedConfig) =>
  sha256(JSON.stringify([config.terraform?.required_providers, config.terraform?.backend]));

/** Whether `terraform init` ran here for these provider requirements and this backend. */
function isInitialized(dir: string, config: SynthesizedConfig): boolean {
  const stamp = initStamp(dir);
  return fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8").trim() === initKey(config);
}

/** `terraform init` only when the folder is new or its provider requirements or backend changed. */
export function initIfNeeded(dir: string, config: SynthesizedConfig): number {
  if (isInitialized(dir, config)) return 0;
  const want = initKey(config);
  const stamp = initStamp(dir);
  const init = spawnSync(TERRAFORM, ["init", "-input=false", "-no-color"], { cwd: dir, encoding: "utf8" });
  if (init.status !== 0) {
    const output = `${init.stdout}${init.stderr}`;
    const provider = /Failed to (query available provider packages|install provider)[\s\S]*kreuzwerker\/docker/.exec(
      output,
    );
    if (!provider) {
      process.stderr.write(output);
      return init.status ?? 1;
    }
    // Offline without a mirror: Terraform's own page of text says only that the registry did not answer.
    const log = path.join(dir, "terraform-init.log");
    fs.writeFileSync(log, output);
    const version = JSON.stringify(config.terraform?.required_providers?.docker?.version ?? "");
    console.error(
      `[deploy] ${path.basename(dir)}: terraform init could not get the provider kreuzwerker/docker ${version} (no Terraform registry reachable, no local mirror${process.env.TF_CLI_CONFIG_FILE ? ` in ${process.env.TF_CLI_CONFIG_FILE}` : ""}). ` +
        "Fix: as root on Debian, `bash tools/dev/toolchain.sh` builds it into a local mirror (with Go and ../shared/vendor) and names it in its env file: source that file; or point TF_CLI_CONFIG_FILE at a CLI config whose filesystem_mirror holds it (docs/air-gapped.md). " +
        `Terraform's output: ${log}`,
    );
    return 1;
  }
  fs.writeFileSync(stamp, `${want}\n`);
  return 0;
}
