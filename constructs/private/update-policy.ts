import type { IConstruct } from "constructs";
import { ErrorCode } from "../error-code";
import { invalid } from "../errors";
import type { UpdateFailureAction, UpdateOrder, UpdatePolicy } from "../swarm-policies";
import { serviceDurationSeconds } from "./validation/duration";

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
      throw invalid(
        scope,
        ErrorCode.INVALID_NUMBER,
        `${what}.${name} ${value} is not a whole number of 0 or more`,
        "give whole seconds or a task count",
      );
    }
  };
  whole("parallelism", policy.parallelism);
  whole("delaySeconds", policy.delaySeconds);
  whole("monitorSeconds", policy.monitorSeconds);
  const ratio = policy.maxFailureRatio ?? 0;
  // The provider reads the ratio back with one decimal; a finer one would never plan empty.
  if (!(ratio >= 0 && ratio <= 1) || Math.abs(ratio * 10 - Math.round(ratio * 10)) > 1e-9) {
    throw invalid(
      scope,
      ErrorCode.INVALID_NUMBER,
      `${what}.maxFailureRatio ${ratio} is not a share from 0 to 1 in steps of 0.1`,
      "give e.g. 0 or 0.2",
    );
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
