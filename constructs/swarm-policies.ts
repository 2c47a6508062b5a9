// Part of the bottom core (enums and the plain UpdatePolicy shape): imports nothing. The
// checks and rendering of a policy are private/update-policy.ts.

/** How many tasks a service runs (`docker service create --mode`). */
export enum ServiceMode {
  /** A fixed number of tasks, placed by the scheduler. */
  REPLICATED = "replicated",
  /** One task on every node that matches the placement constraints. */
  GLOBAL = "global",
}

/** How other tasks reach the service by its name (`--endpoint-mode`). */
export enum EndpointMode {
  /** One virtual IP, load-balanced by the kernel's IPVS (needs IPVS on every node). */
  VIP = "vip",
  /** DNS round robin: the name resolves to every task's address; no IPVS needed. */
  DNSRR = "dnsrr",
}

/** Where a published port listens (`--publish mode=`). */
export enum PublishMode {
  /** The routing mesh: every node answers on the port and forwards to a task (needs IPVS). */
  INGRESS = "ingress",
  /** Only the node a task runs on answers, straight into that task; one task per node and port. */
  HOST = "host",
}

/** Whether a new task starts before the old one stops during an update or rollback. */
export enum UpdateOrder {
  /** Start the new task, wait until it runs (healthy, with a healthcheck), then stop the old one. */
  START_FIRST = "start-first",
  /** Stop the old task first: a gap with one task fewer. */
  STOP_FIRST = "stop-first",
}

/** What Swarm does when tasks of an update fail. */
export enum UpdateFailureAction {
  ROLLBACK = "rollback",
  PAUSE = "pause",
  CONTINUE = "continue",
}

/** When Swarm restarts a task's container (`--restart-condition`). */
export enum TaskRestartCondition {
  NONE = "none",
  ON_FAILURE = "on-failure",
  ANY = "any",
}

/** How Swarm rolls a change (new image, env, secret...) over the tasks (`--update-*` / `--rollback-*`). */
export interface UpdatePolicy {
  /**
   * Tasks changed at once; 0 means all at once.
   * @default 1
   */
  readonly parallelism?: number;
  /**
   * Seconds between batches.
   * @default 0
   */
  readonly delaySeconds?: number;
  /**
   * Seconds to watch each new task for failure before the next batch.
   * @default - long enough for the healthcheck to fail (start period + (retries + 1) x interval + timeout), at least 10
   */
  readonly monitorSeconds?: number;
  /**
   * @default UpdateFailureAction.ROLLBACK for updates, UpdateFailureAction.PAUSE for rollbacks
   */
  readonly failureAction?: UpdateFailureAction;
  /**
   * Share of failed tasks tolerated, 0 to 1.
   * @default 0
   */
  readonly maxFailureRatio?: number;
  /**
   * @default UpdateOrder.START_FIRST (no gap), except where a fixed host-mode port forbids it
   */
  readonly order?: UpdateOrder;
}
