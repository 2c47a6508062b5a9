// Takes over what a killed deploy left behind (orphans.ts decides what), before Terraform plans:
// lists the stack's labelled containers, networks and volumes on the engine (three list calls),
// imports the declared ones into the state with `terraform import`, removes the disposable
// containers, and says one line per object. `npm run deploy` runs it for every stack; `npm run
// repair -- <stack>` runs it alone, for stacks deployed with `cdktf deploy`.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import Modem from "docker-modem";
import type { TerraformState } from "./drift";
import { engineOptions } from "./engine-info";
import { readLive } from "./live-engine";
import {
  type EngineObject,
  type OrphanAction,
  type OrphanConfig,
  STACK_LABEL,
  classify,
  findOrphans,
  imagesToResolve,
  orphanLine,
  stackLabelValue,
} from "./orphans";
import { isStateLockError, lockInfoFromOutput, readLockInfo, stateLockHolders, stateLockedLine } from "./state-lock";

const TERRAFORM = process.env.TERRAFORM_BINARY_NAME ?? "terraform";

/** A synthesized stack, as far as the repair reads it. */
export interface RepairConfig extends OrphanConfig {
  readonly terraform?: { readonly backend?: { readonly local?: { readonly path?: string } } };
  readonly provider?: { readonly docker?: readonly { readonly host?: string }[] };
}

export interface RepairRun {
  /** "deploy" or "repair": the prefix of every line. */
  readonly command: string;
  readonly stack: string;
  /** The stack folder (cdktf.out/stacks/<stack>), initialized. */
  readonly dir: string;
  readonly config: RepairConfig;
  /** Seconds `terraform import` waits for the state lock. */
  readonly lockTimeout: number;
  /** Say what would be done, do nothing. */
  readonly dryRun?: boolean;
}

export interface RepairResult {
  /** 0, or the exit code to stop with (a failed import or removal: its line is printed). */
  readonly status: number;
  /** What was found, and done or planned. */
  readonly actions: readonly OrphanAction[];
  /** Whether the state or the engine was changed. */
  readonly changed: boolean;
}

/** Finds the stack's orphans, takes them over, and says one line per object (nothing when there are none). */
export async function repairOrphans(run: RepairRun): Promise<RepairResult> {
  const label = stackLabelValue(run.config);
  const options = engineOptions(run.config.provider?.docker?.[0]?.host);
  if (!label || !options) {
    if (run.command === "repair")
      console.log(
        `[repair] ${run.stack}: ${!label ? "nothing in the stack carries the stack label" : "the engine is one only the provider reaches (ssh:// or TLS)"}: nothing to check`,
      );
    return { status: 0, actions: [], changed: false };
  }
  const modem = new Modem(options);
  const state = await readState(run);
  if (state === "unreadable") return { status: 1, actions: [], changed: false };
  const orphans = findOrphans(state, await listLabelled(modem, label));
  if (!orphans.length) return { status: 0, actions: [], changed: false };
  const live = await readLive(
    imagesToResolve(run.config).map((ref) => ({ kind: "image" as const, ref })),
    modem,
  );
  const imageIds = new Map(
    imagesToResolve(run.config).map((ref) => [ref, (live.get(`image:${ref}`) as { Id?: string } | undefined)?.Id]),
  );
  const actions = classify(run.config, state, orphans, imageIds);
  let changed = false;
  for (const a of actions) {
    if (run.dryRun || a.action === "leave") {
      console.log(orphanLine(run.command, run.stack, a, run.dryRun ? "planned" : "done"));
      continue;
    }
    const failed = a.action === "remove" ? await removeContainer(modem, a.object) : await importObject(run, a);
    if (failed) {
      console.error(
        `[${run.command}] ${run.stack}: ${a.object.kind} ${a.object.name} carries the stack's label but is not in the Terraform state, and ${a.action === "remove" ? "removing" : `importing it as ${a.address}`} failed: ${failed}`,
      );
      return { status: 1, actions, changed };
    }
    changed = true;
    console.log(orphanLine(run.command, run.stack, a));
  }
  return { status: 0, actions, changed };
}

/** The state the stack's backend holds: the local file, else `terraform state pull`; undefined when there is none yet. */
async function readState(run: RepairRun): Promise<TerraformState | undefined | "unreadable"> {
  const local = run.config.terraform?.backend?.local;
  try {
    if (local) {
      const file = path.resolve(run.dir, local.path ?? "terraform.tfstate");
      return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as TerraformState) : undefined;
    }
    const pulled = await terraform(run.dir, ["state", "pull"]);
    if (pulled.status !== 0) throw new Error(pulled.output.trim().split("\n").slice(-3).join(" "));
    return pulled.stdout.trim() ? (JSON.parse(pulled.stdout) as TerraformState) : undefined;
  } catch (err) {
    console.error(
      `[${run.command}] ${run.stack}: could not read the Terraform state to look for objects a killed deploy left: ${(err as Error).message}`,
    );
    return "unreadable";
  }
}

function dial<T>(modem: Modem, options: Modem.DialOptions): Promise<T> {
  return new Promise((resolve, reject) => modem.dial(options, (err, data) => (err ? reject(err) : resolve(data as T))));
}

/** The stack's containers (Swarm task containers aside: their service is what the state records), networks and volumes. */
async function listLabelled(modem: Modem, value: string): Promise<EngineObject[]> {
  const filters = JSON.stringify({ label: [`${STACK_LABEL}=${value}`] });
  const ok = { 200: true };
  const [containers, networks, volumes] = await Promise.all([
    dial<{ Id: string; Names?: string[]; ImageID?: string; State?: string; Labels?: Record<string, string> }[]>(modem, {
      path: "/containers/json?",
      method: "GET",
      options: { all: true, filters },
      statusCodes: ok,
    }),
    dial<{ Id: string; Name: string }[]>(modem, {
      path: "/networks?",
      method: "GET",
      options: { filters },
      statusCodes: ok,
    }),
    dial<{ Volumes?: { Name: string }[] | null }>(modem, {
      path: "/volumes?",
      method: "GET",
      options: { filters },
      statusCodes: ok,
    }),
  ]);
  return [
    ...containers
      .filter((c) => !c.Labels?.["com.docker.swarm.task.id"])
      .map(
        (c): EngineObject => ({
          kind: "container",
          id: c.Id,
          name: (c.Names?.[0] ?? c.Id).replace(/^\//, ""),
          image: c.ImageID,
          state: c.State,
        }),
      ),
    ...networks.map((n): EngineObject => ({ kind: "network", id: n.Id, name: n.Name })),
    ...(volumes.Volumes ?? []).map((v): EngineObject => ({ kind: "volume", id: v.Name, name: v.Name })),
  ];
}

/** Force-removes a container (its anonymous volumes stay); returns why it failed, if it did. */
async function removeContainer(modem: Modem, object: EngineObject): Promise<string | undefined> {
  try {
    await dial(modem, {
      path: `/containers/${encodeURIComponent(object.id)}?`,
      method: "DELETE",
      options: { force: true },
      statusCodes: { 204: true, 404: true },
    });
    return undefined;
  } catch (err) {
    return `${(err as Error).message}. Fix: \`docker rm -f ${object.name}\`, then deploy again`;
  }
}

/** `terraform import <address> <id>` in the stack folder; returns why it failed, if it did. */
async function importObject(run: RepairRun, a: OrphanAction & { action: "import" }): Promise<string | undefined> {
  const result = await terraform(run.dir, [
    "import",
    "-input=false",
    "-no-color",
    `-lock-timeout=${run.lockTimeout}s`,
    a.address,
    a.object.id,
  ]);
  if (result.status === 0) return undefined;
  const log = path.join(run.dir, "terraform-import.log");
  fs.writeFileSync(log, result.output);
  const local = run.config.terraform?.backend?.local;
  const stateFile = local ? path.resolve(run.dir, local.path ?? "terraform.tfstate") : undefined;
  if (isStateLockError(result.output)) {
    const info = (stateFile && readLockInfo(stateFile)) || lockInfoFromOutput(result.output);
    return stateLockedLine({
      stack: run.stack,
      dir: run.dir,
      stateFile,
      timeoutSeconds: run.lockTimeout,
      output: result.output,
      info,
      holders: stateFile ? stateLockHolders(stateFile) : undefined,
      log,
    }).replace(/^\[deploy\] [^:]+: /, "");
  }
  const error = /Error: (.*)/.exec(result.output)?.[1] ?? `exit code ${result.status}`;
  return `${error}. Fix: \`terraform import ${a.address} ${a.object.id}\` in ${run.dir} shows why, or remove the object by hand; Terraform's output: ${log}`;
}

function terraform(dir: string, args: string[]): Promise<{ status: number; stdout: string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(TERRAFORM, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => ((stdout += d), (output += d)));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.on("error", (err) =>
      resolve({ status: 1, stdout, output: `${output}\ncould not run ${TERRAFORM}: ${err.message}` }),
    );
    child.on("close", (code) => resolve({ status: code ?? 1, stdout, output }));
  });
}
