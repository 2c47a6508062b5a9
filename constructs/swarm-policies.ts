import { IConstruct } from "constructs";
import { ErrorCode } from "./error-code";
import { invalid } from "./errors";
import { serviceDurationSeconds } from "./private/validation/duration";

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

/** A policy as the provider's `update_config` / `rollback_config` block, every field explicit. */
export interface RenderedPolicy {
  readonly parallelism: number;
  readonly delay: string;
  readonly monitor: string;
  readonly failureAction: string;
  readonly maxFailureRatio: string;
  readonly order: string;
}

/** Checks and renders a policy; `what` names it in messages (`updatePolicy`, `rollbackPolicy`). */
export function renderPolicy(
  scope: IConstruct,
  what: string,
  policy: UpdatePolicy,
  defaults: { failureAction: UpdateFailureAction; order: UpdateOrder; monitorSeconds: number },
): RenderedPolicy {
  const whole = (name: string, value: number | undefined) => {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw invalid(scope, ErrorCode.INVALID_NUMBER, `${what}.${name} ${value} is not a whole number of 0 or more`, "give whole seconds or a task count");
    }
  };
  whole("parallelism", policy.parallelism);
  whole("delaySeconds", policy.delaySeconds);
  whole("monitorSeconds", policy.monitorSeconds);
  const ratio = policy.maxFailureRatio ?? 0;
  // The provider reads the ratio back with one decimal; a finer one would never plan empty.
  if (!(ratio >= 0 && ratio <= 1) || Math.abs(ratio * 10 - Math.round(ratio * 10)) > 1e-9) {
    throw invalid(scope, ErrorCode.INVALID_NUMBER, `${what}.maxFailureRatio ${ratio} is not a share from 0 to 1 in steps of 0.1`, "give e.g. 0 or 0.2");
  }
  return {
    parallelism: policy.parallelism ?? 1,
    // The provider reads these back in its short form ("1m7s", "2m"): "67s" would never plan empty.
    delay: serviceDurationSeconds(policy.delaySeconds ?? 0),
    monitor: serviceDurationSeconds(policy.monitorSeconds ?? defaults.monitorSeconds),
    failureAction: policy.failureAction ?? defaults.failureAction,
    maxFailureRatio: ratio.toFixed(1),
    order: policy.order ?? defaults.order,
  };
}
