import type { IConstruct } from "constructs";
import { checkInteger } from "../validation/values";
import { serviceDurationSeconds } from "../validation/duration";

/** Docker turns the stop timeout (seconds) into a Go time.Duration (int64 nanoseconds). */
export const MAX_STOP_TIMEOUT_SECONDS = 9223372036;

/**
 * Seconds between SIGTERM and SIGKILL, a container's `stopTimeoutSeconds` or a service's
 * `stopGracePeriodSeconds`: whole, 0 up to what a Go duration holds.
 */
export function checkStopSeconds(scope: IConstruct, name: string, value: unknown): number | undefined {
  return checkInteger(scope, name, value, {
    min: 0,
    max: MAX_STOP_TIMEOUT_SECONDS,
    maxReason: "the longest duration Go (and so Docker) can hold",
  });
}

/** A task spec's `stop_grace_period`, in the form the provider reads back. */
export function stopGraceForService(seconds: number | undefined): string | undefined {
  return seconds === undefined ? undefined : serviceDurationSeconds(seconds);
}
