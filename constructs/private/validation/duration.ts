import { Token } from "cdktf";
import { ErrorCode } from "../../error-code";
import { isUnresolved } from "../../errors";
import { checkNumberIn } from "./number";
import { fail, type Where } from "./values";

/** Go's time.Duration is an int64 of nanoseconds: the longest duration Docker can hold. */
export const MAX_DURATION_NS = 9223372036854775807n;
const NS_PER_SECOND = 1_000_000_000n;

/**
 * Seconds (fractions allowed, as `docker run --health-interval 500ms` is) to the string
 * Go's Duration.String() prints. The provider reads durations back in that form, so
 * writing `1m30s` rather than `90s` keeps the second plan empty.
 */
export function checkDurationSeconds(
  where: Where,
  name: string,
  value: unknown,
  options: { minSeconds: number; allowZero: boolean },
): string | undefined {
  if (isUnresolved(value)) return `${Token.asString(value)}s`;
  const seconds = checkNumberIn(where, name, value, {
    min: 0,
    max: Number(MAX_DURATION_NS) / 1e9,
    fix: `give seconds from ${options.allowZero ? "0" : options.minSeconds} to ${Number(MAX_DURATION_NS / NS_PER_SECOND)} (fractions such as 0.5 are fine)`,
    maxReason: "the longest duration Go (and so Docker) can hold, about 292 years",
  });
  if (seconds === undefined) return undefined;
  if (!(options.allowZero && seconds === 0) && seconds < options.minSeconds) {
    throw fail(
      where,
      ErrorCode.INVALID_NUMBER,
      `${name} ${seconds} is below Docker's minimum of ${options.minSeconds} s${options.allowZero ? " (or 0)" : ""}`,
      `give at least ${options.minSeconds} seconds`,
    );
  }
  return secondsAsGoDuration(seconds);
}

/** Checked seconds (or a token) as Go writes the duration; past Go's longest, its longest. */
export function secondsAsGoDuration(seconds: number): string {
  if (isUnresolved(seconds)) return `${Token.asString(seconds)}s`;
  let ns = BigInt(Math.round(seconds * 1e9));
  if (ns > MAX_DURATION_NS) ns = MAX_DURATION_NS;
  return goDuration(ns);
}

/** Go's time.Duration.String(): "0s", "500ms", "1.5s", "1m30s", "1h0m0s". */
export function goDuration(ns: bigint): string {
  if (ns === 0n) return "0s";
  if (ns < 1000n) return `${ns}ns`;
  if (ns < 1_000_000n) return `${decimal(ns, 1000n)}µs`;
  if (ns < NS_PER_SECOND) return `${decimal(ns, 1_000_000n)}ms`;
  const hours = ns / (3600n * NS_PER_SECOND);
  const minutes = (ns / (60n * NS_PER_SECOND)) % 60n;
  const seconds = `${decimal(ns % (60n * NS_PER_SECOND), NS_PER_SECOND)}s`;
  if (hours > 0n) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0n) return `${minutes}m${seconds}`;
  return seconds;
}

/**
 * A Go duration string as the provider reads a Swarm service's durations back: its
 * `shortDur` cuts a trailing zero unit ("1m0s" -> "1m", "1h0m0s" -> "1h"), with no diff
 * suppression, so a service written any other way plans a change on every run.
 */
export function serviceDuration(go: string): string {
  let s = go;
  if (s.endsWith("m0s")) s = s.slice(0, -2);
  if (s.endsWith("h0m")) s = s.slice(0, -2);
  return s;
}

/** Whole or fractional seconds in the provider's service form (see serviceDuration). */
export function serviceDurationSeconds(seconds: number): string {
  return serviceDuration(goDuration(BigInt(Math.round(seconds * 1e9))));
}

function decimal(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const digits = unit.toString().length - 1;
  const fraction = (value % unit).toString().padStart(digits, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}
