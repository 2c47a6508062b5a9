// After an apply: waits until Swarm says every service of the stack has rolled out, as
// `docker service update` (without --detach) does. The provider's own convergence wait counts
// running tasks, old ones included, so without this the deploy can return mid-rollout, or exit 0
// while Swarm rolls a broken version back.
//
// A service has rolled out when Swarm is not updating it (UpdateStatus absent after a create, or
// "completed") and the tasks that run are exactly the ones Swarm counts as up to date (the
// `_up-to-date` task filter the docker CLI waits on: the task's spec is the service's current
// one), as many as the service has replicas, with no old task still running while it stops.
// Swarm pausing the update, or rolling it back (even successfully), fails the deploy.
import type Modem from "docker-modem";

/** The parts of `GET /services/{id}` read here. */
export interface SwarmService {
  readonly ID: string;
  readonly Spec: {
    readonly Name: string;
    readonly Mode?: {
      readonly Replicated?: { readonly Replicas?: number };
      readonly Global?: object;
      readonly ReplicatedJob?: object;
      readonly GlobalJob?: object;
    };
    readonly TaskTemplate?: {
      readonly ContainerSpec?: {
        readonly Image?: string;
        readonly StopGracePeriod?: number;
        readonly Healthcheck?: {
          readonly Test?: readonly string[];
          readonly Interval?: number;
          readonly Timeout?: number;
          readonly Retries?: number;
          readonly StartPeriod?: number;
        };
      };
    };
    readonly UpdateConfig?: SwarmUpdateConfig;
    readonly RollbackConfig?: SwarmUpdateConfig;
  };
  readonly UpdateStatus?: {
    readonly State?: string;
    readonly Message?: string;
    readonly StartedAt?: string;
    readonly CompletedAt?: string;
  };
}

/** Durations are nanoseconds, as the Engine API gives them. */
export interface SwarmUpdateConfig {
  readonly Parallelism?: number;
  readonly Delay?: number;
  readonly FailureAction?: string;
  readonly Monitor?: number;
}

/** The parts of a task from `GET /tasks` read here. */
export interface SwarmTask {
  readonly ID: string;
  readonly Slot?: number;
  readonly DesiredState?: string;
  readonly CreatedAt?: string;
  readonly Status?: {
    readonly State?: string;
    readonly Message?: string;
    readonly Err?: string;
    readonly Timestamp?: string;
  };
  readonly Spec?: { readonly ContainerSpec?: { readonly Image?: string } };
}

/** One read of a service: the service, all its tasks, and the IDs of those Swarm counts as up to date. */
export interface ServiceView {
  readonly service: SwarmService;
  readonly tasks: readonly SwarmTask[];
  readonly upToDate: readonly string[];
}

/** Where a service's rollout stands. */
export type Rollout =
  | { readonly phase: "done" }
  | { readonly phase: "waiting"; readonly progress: string }
  | { readonly phase: "failed"; readonly problem: string; readonly fix: string };

const SECOND = 1e9;

/** Where the rollout of one service stands, from one read of Swarm's view. */
export function rolloutOf(view: ServiceView): Rollout {
  const { service } = view;
  const name = service.Spec.Name;
  const status = service.UpdateStatus;
  const said = status?.Message ? `: "${status.Message}"` : "";
  const why = lastTaskError(view.tasks);
  const see = `see why with \`docker service ps ${name} --no-trunc\``;
  switch (status?.State) {
    case "paused":
      return {
        phase: "failed",
        problem: `Swarm paused the update (paused${said})${why}; some tasks may run the new spec, the rest the old one`,
        fix: `${see}; deploy a version that works, or go back with \`docker service rollback ${name}\``,
      };
    case "rollback_paused":
      return {
        phase: "failed",
        problem: `Swarm paused the rollback of a failed update (rollback_paused${said})${why}; the previous spec did not come back either`,
        fix: `${see}; deploy a version that works (\`docker service update --rollback\` only retries the previous spec)`,
      };
    case "rollback_completed":
      return {
        phase: "failed",
        problem: `Swarm rolled the update back (rollback_completed${said})${why}; the service runs its previous spec, not the one deployed`,
        fix: `${see}, fix the version and deploy again`,
      };
    case "updating":
    case "rollback_started":
      return {
        phase: "waiting",
        progress: `${status.State === "updating" ? "updating" : "rolling back"}, ${taskCount(view)}`,
      };
  }
  const mode = service.Spec.Mode ?? {};
  if (mode.ReplicatedJob || mode.GlobalJob) return { phase: "done" };
  const upToDate = new Set(view.upToDate);
  const running = view.tasks.filter((t) => t.Status?.State === "running");
  const current = running.filter((t) => t.DesiredState === "running" && upToDate.has(t.ID));
  const stale = running.length - current.length;
  const wanted = mode.Global
    ? view.tasks.filter((t) => t.DesiredState === "running").length
    : (mode.Replicated?.Replicas ?? 1);
  if (current.length === wanted && stale === 0) return { phase: "done" };
  return {
    phase: "waiting",
    progress: `${status?.State === "completed" ? "update completed" : "starting"}, ${taskCount(view)}`,
  };
}

/** "2/3 tasks on the current spec, 1 old one still running". */
function taskCount(view: ServiceView): string {
  const upToDate = new Set(view.upToDate);
  const running = view.tasks.filter((t) => t.Status?.State === "running");
  const current = running.filter((t) => t.DesiredState === "running" && upToDate.has(t.ID)).length;
  const mode = view.service.Spec.Mode ?? {};
  const wanted = mode.Global ? "" : `/${mode.Replicated?.Replicas ?? 1}`;
  const old = running.length - current;
  return `${current}${wanted} tasks running the current spec${old ? `, ${old} old one(s) still running` : ""}`;
}

/** The newest task failure Swarm recorded, as `; its last failed task: "..."`, or "". */
function lastTaskError(tasks: readonly SwarmTask[]): string {
  const failed = tasks
    .filter((t) => t.Status?.Err || ["failed", "rejected"].includes(t.Status?.State ?? ""))
    .sort((a, b) => (b.Status?.Timestamp ?? "").localeCompare(a.Status?.Timestamp ?? ""));
  const err = failed[0]?.Status?.Err ?? failed[0]?.Status?.Message;
  return err ? `; its last failed task: "${err}"` : "";
}

/** The longest a rollout of this service may take without anything being wrong, in seconds. */
export function rolloutTimeoutSeconds(service: SwarmService, cap = 900): number {
  const spec = service.Spec;
  const container = spec.TaskTemplate?.ContainerSpec;
  const health = container?.Healthcheck;
  const checks = health?.Test?.length && health.Test[0] !== "NONE";
  // Docker's healthcheck defaults: 30 s interval, 30 s timeout, 3 retries, no start period.
  const healthy = checks
    ? ((health.StartPeriod ?? 0) +
        ((health.Interval || 30 * SECOND) + (health.Timeout || 30 * SECOND)) * (health.Retries || 3)) /
      SECOND
    : 0;
  // A task: scheduled, image present or pulled, started, healthy; an old one stopped.
  const perTask = 30 + healthy + (container?.StopGracePeriod ?? 10 * SECOND) / SECOND;
  const replicas = spec.Mode?.Replicated?.Replicas ?? 1;
  const pass = (config: SwarmUpdateConfig | undefined) => {
    const parallelism = config?.Parallelism ?? 1;
    const batches = parallelism === 0 ? 1 : Math.ceil(Math.max(replicas, 1) / parallelism);
    // Swarm's defaults: no delay, a 5 s monitor.
    return batches * (perTask + (config?.Delay ?? 0) / SECOND + (config?.Monitor ?? 5 * SECOND) / SECOND);
  };
  const rollsBack = (spec.UpdateConfig?.FailureAction ?? "pause") === "rollback";
  return Math.min(cap, Math.max(60, Math.ceil(pass(spec.UpdateConfig) + (rollsBack ? pass(spec.RollbackConfig) : 0))));
}

function get<T>(modem: Modem, path: string, options?: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    modem.dial({ path, method: "GET", options, statusCodes: { 200: true, 404: "no such service" } }, (err, data) =>
      err ? reject(err) : resolve(data as T),
    );
  });
}

/** Reads one service and its tasks (three requests, together); undefined when the service is gone. */
export async function readServiceView(modem: Modem, idOrName: string): Promise<ServiceView | undefined> {
  try {
    const [service, tasks, upToDate] = await Promise.all([
      get<SwarmService>(modem, `/services/${encodeURIComponent(idOrName)}`),
      get<SwarmTask[]>(modem, "/tasks?", { filters: { service: [idOrName] } }),
      get<SwarmTask[]>(modem, "/tasks?", { filters: { service: [idOrName], "_up-to-date": ["true"] } }),
    ]);
    return { service, tasks, upToDate: upToDate.map((t) => t.ID) };
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/** A service of the stack: its Terraform address and the ID (or name) to ask Swarm about. */
export interface StackService {
  readonly address: string;
  readonly ref: string;
}

/** The stack's services: from the state the apply wrote (IDs), else the configuration's literal names. */
export function stackServices(
  state:
    | {
        resources?: readonly {
          mode?: string;
          type: string;
          name: string;
          instances: readonly { attributes?: Record<string, unknown> }[];
        }[];
      }
    | undefined,
  config: { resource?: Record<string, Record<string, { name?: unknown }>> },
): StackService[] {
  if (state?.resources) {
    return state.resources
      .filter((r) => r.type === "docker_service" && r.mode !== "data")
      .flatMap((r) =>
        r.instances
          .map((i) => i.attributes?.id ?? i.attributes?.name)
          .filter((ref): ref is string => typeof ref === "string" && ref !== "")
          .map((ref) => ({ address: `docker_service.${r.name}`, ref })),
      );
  }
  return Object.entries(config.resource?.docker_service ?? {})
    .map(([id, body]) => ({ address: `docker_service.${id}`, ref: body?.name }))
    .filter((s): s is StackService => typeof s.ref === "string" && !s.ref.includes("${"));
}

export interface WaitOptions {
  readonly stack: string;
  readonly services: readonly StackService[];
  readonly modem: Modem;
  /** Overrides the per-service timeout derived from its update config (seconds). */
  readonly timeoutSeconds?: number;
  /** Progress goes here: rewritten in place on a TTY, else only the first and last lines. */
  readonly out?: NodeJS.WriteStream;
  readonly pollMs?: number;
}

/**
 * Waits until every service has rolled out, one failed, or its time is up. Returns the problem
 * lines (one per service, with the fix), empty when all rolled out.
 */
export async function waitForRollouts(options: WaitOptions): Promise<string[]> {
  const { stack, modem } = options;
  const out = options.out ?? process.stderr;
  const pollMs = options.pollMs ?? 1000;
  const started = Date.now();
  const pending = new Map(options.services.map((s) => [s.ref, s]));
  const limits = new Map<string, number>();
  const names = new Map<string, string>();
  const progress = new Map<string, string>();
  const problems: string[] = [];
  let said = false;
  let live = "";
  const clear = () => {
    if (live) out.write(`\r${" ".repeat(live.length)}\r`);
    live = "";
  };
  while (pending.size) {
    const views = await Promise.all(
      [...pending.keys()].map(async (ref) => [ref, await readServiceView(modem, ref)] as const),
    );
    const elapsed = (Date.now() - started) / 1000;
    for (const [ref, view] of views) {
      const { address } = pending.get(ref)!;
      if (!view) {
        problems.push(
          `[deploy] ${stack}: ${address} (${ref}) is not on the engine after the apply. Fix: \`docker service ls\` shows the services; deploy again with --full`,
        );
        pending.delete(ref);
        continue;
      }
      const name = view.service.Spec.Name;
      names.set(ref, name);
      if (!limits.has(ref)) limits.set(ref, options.timeoutSeconds ?? rolloutTimeoutSeconds(view.service));
      const rollout = rolloutOf(view);
      if (rollout.phase === "done") {
        pending.delete(ref);
        progress.delete(ref);
      } else if (rollout.phase === "failed") {
        problems.push(`[deploy] ${stack}: service ${name} (${address}): ${rollout.problem}. Fix: ${rollout.fix}.`);
        pending.delete(ref);
        progress.delete(ref);
      } else if (elapsed > limits.get(ref)!) {
        problems.push(
          `[deploy] ${stack}: service ${name} (${address}) has not rolled out after ${Math.round(elapsed)} s (Swarm: ${rollout.progress})${lastTaskError(view.tasks)}. ` +
            `Fix: see why with \`docker service ps ${name} --no-trunc\`; Swarm goes on meanwhile: wait for it with \`docker service update ${name}\` (no changes, it waits), or deploy with a longer --rollout-timeout <seconds> (this one: ${limits.get(ref)}).`,
        );
        pending.delete(ref);
        progress.delete(ref);
      } else {
        progress.set(ref, `${name} ${rollout.progress}`);
      }
    }
    if (!pending.size) break;
    if (!said) {
      const longest = Math.max(...[...pending.keys()].map((r) => limits.get(r) ?? 0));
      out.write(
        `[deploy] ${stack}: waiting for Swarm to roll out ${[...pending.keys()].map((r) => names.get(r) ?? r).join(", ")} (at most ${longest} s)\n`,
      );
      said = true;
    }
    if (out.isTTY) {
      clear();
      live = `[deploy] ${stack}: ${Math.round(elapsed)} s: ${[...progress.values()].join("; ")}`.slice(
        0,
        (out.columns || 120) - 1,
      );
      out.write(live);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  clear();
  if (said && !problems.length)
    out.write(`[deploy] ${stack}: Swarm rolled out every service in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return problems;
}
