import { fail, kindOf, show, type Where } from "./values";
import { ErrorCode } from "../../error-code";
import { isUnresolved } from "../../errors";

/** A finite number in range (fractions allowed); undefined stays undefined. */
export function checkNumberIn(
  where: Where,
  name: string,
  value: unknown,
  rule: { min: number; max: number; fix: string; maxReason?: string },
): number | undefined {
  if (value === undefined || isUnresolved(value)) return value as number | undefined;
  if (typeof value !== "number")
    throw fail(where, ErrorCode.WRONG_TYPE, `${name} ${show(value)} is ${kindOf(value)}, not a number`, rule.fix);
  if (!Number.isFinite(value))
    throw fail(where, ErrorCode.INVALID_NUMBER, `${name} ${value} is not a finite number`, rule.fix);
  if (value < rule.min)
    throw fail(where, ErrorCode.INVALID_NUMBER, `${name} ${value} is below the minimum of ${rule.min}`, rule.fix);
  if (value > rule.max)
    throw fail(
      where,
      ErrorCode.INVALID_NUMBER,
      `${name} ${value} is above ${rule.maxReason ?? `the maximum of ${rule.max}`}`,
      rule.fix,
    );
  return value;
}
