import type { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { type DefinitionError, invalid, invalidCall, isUnresolved } from "../../errors";

/**
 * Runtime checks of prop types and ranges. TypeScript checks types only for typed
 * callers; a JavaScript caller, a value read from JSON or an `as any` reaches here, and
 * must get a message that says what is wrong ("a string, not a number"), never a crash
 * or a value Terraform or Docker refuse later. `undefined` always means "the default".
 */

/** Where a problem is: a construct, or a static factory call such as `Healthcheck.fromShell`. */
export type Where = IConstruct | string;

export function fail(where: Where, code: ErrorCode, problem: string, fix: string): DefinitionError {
  return typeof where === "string" ? invalidCall(where, code, problem, fix) : invalid(where, code, problem, fix);
}

/** A value as a user would recognize it in a message. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return value.toString();
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** "a string", "an array", "null", ... */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return type === "object" ||
    type === "undefined" ||
    type === "string" ||
    type === "number" ||
    type === "boolean" ||
    type === "function"
    ? `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`
    : `a ${type}`;
}

export interface IntegerRule {
  readonly min: number;
  readonly max: number;
  /** Why `min` is the minimum, e.g. "Docker's minimum of 6 MiB". @default - "the minimum of <min>" */
  readonly minReason?: string;
  /** Why `max` is the maximum. @default - "the maximum of <max>" */
  readonly maxReason?: string;
}

/** A whole number in range; undefined stays undefined (the default applies). */
export function checkInteger(where: Where, name: string, value: unknown, rule: IntegerRule): number | undefined {
  if (value === undefined || isUnresolved(value)) return value as number | undefined;
  const fix = `give a whole number from ${rule.min} to ${rule.max}`;
  if (typeof value !== "number")
    throw fail(where, ErrorCode.WRONG_TYPE, `${name} ${show(value)} is ${kindOf(value)}, not a number`, fix);
  if (!Number.isFinite(value) || !Number.isInteger(value))
    throw fail(where, ErrorCode.INVALID_NUMBER, `${name} ${value} is not a whole number`, fix);
  if (value < rule.min)
    throw fail(
      where,
      ErrorCode.INVALID_NUMBER,
      `${name} ${value} is below ${rule.minReason ?? `the minimum of ${rule.min}`}`,
      fix,
    );
  if (value > rule.max)
    throw fail(
      where,
      ErrorCode.INVALID_NUMBER,
      `${name} ${value} is above ${rule.maxReason ?? `the maximum of ${rule.max}`}`,
      fix,
    );
  return value;
}

/** A plain string (tokens pass); optionally non-blank. */
export function checkString(
  where: Where,
  name: string,
  value: unknown,
  options: { nonBlank?: boolean } = {},
): string | undefined {
  if (value === undefined || isUnresolved(value)) return value as string | undefined;
  if (typeof value !== "string")
    throw fail(
      where,
      ErrorCode.WRONG_TYPE,
      `${name} ${show(value)} is ${kindOf(value)}, not a string`,
      `give ${name} as a string`,
    );
  if (options.nonBlank && value.trim() === "")
    throw fail(
      where,
      ErrorCode.BLANK_VALUE,
      `${name} is blank`,
      `give a non-blank ${name}, or leave it out for the default`,
    );
  if (value.includes("\0"))
    throw fail(
      where,
      ErrorCode.NUL_CHARACTER,
      `${name} ${show(value)} contains a NUL character`,
      "remove the NUL: Docker and the kernel cut strings at NUL",
    );
  return value;
}

/** A boolean; undefined stays undefined. */
export function checkBoolean(where: Where, name: string, value: unknown): boolean | undefined {
  if (value === undefined || isUnresolved(value)) return value as boolean | undefined;
  if (typeof value !== "boolean")
    throw fail(
      where,
      ErrorCode.WRONG_TYPE,
      `${name} ${show(value)} is ${kindOf(value)}, not a boolean`,
      `give ${name} as true or false`,
    );
  return value;
}

/** An array of strings (each element checked like checkString). */
export function checkStringList(
  where: Where,
  name: string,
  value: unknown,
  options: { nonEmpty?: boolean } = {},
): string[] | undefined {
  if (value === undefined || isUnresolved(value)) return value as string[] | undefined;
  if (!Array.isArray(value))
    throw fail(
      where,
      ErrorCode.WRONG_TYPE,
      `${name} ${show(value)} is ${kindOf(value)}, not a list of strings`,
      `give ${name} as an array of strings`,
    );
  if (options.nonEmpty && value.length === 0)
    throw fail(
      where,
      ErrorCode.BLANK_VALUE,
      `${name} is an empty list`,
      `give at least one element, or leave ${name} out for the default`,
    );
  value.forEach((item, i) => checkString(where, `${name}[${i}]`, item));
  return value;
}

/** A plain object whose values are strings (a key set to undefined is refused: it has no value). */
export function checkStringMap(where: Where, name: string, value: unknown): Record<string, string> | undefined {
  if (value === undefined || isUnresolved(value)) return value as Record<string, string> | undefined;
  if (!isPlainObject(value))
    throw fail(
      where,
      ErrorCode.WRONG_TYPE,
      `${name} ${show(value)} is ${kindOf(value)}, not an object of strings`,
      `give ${name} as { key: "value" }`,
    );
  for (const [key, item] of Object.entries(value)) {
    checkString(where, `${name} key ${show(key)}`, key);
    // A key set to undefined (an unset variable read into the map) has no value for Terraform to write.
    if (item === undefined)
      throw fail(
        where,
        ErrorCode.MISSING_VALUE,
        `${name}[${show(key)}] is undefined`,
        `give ${name}[${show(key)}] a string value, or remove the key`,
      );
    checkString(where, `${name}[${show(key)}]`, item);
  }
  return value as Record<string, string>;
}

/** A plain object (for props bags and maps of other values). */
export function checkObject(where: Where, name: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || isUnresolved(value)) return value as Record<string, unknown> | undefined;
  if (!isPlainObject(value))
    throw fail(
      where,
      ErrorCode.WRONG_TYPE,
      `${name} ${show(value)} is ${kindOf(value)}, not an object`,
      `give ${name} as an object`,
    );
  return value as Record<string, unknown>;
}

/** One of the allowed values (an enum's values). */
export function checkOneOf<T>(
  where: Where,
  name: string,
  value: unknown,
  allowed: readonly T[],
  fix: string,
): T | undefined {
  if (value === undefined || isUnresolved(value)) return value as T | undefined;
  if (!allowed.includes(value as T))
    throw fail(
      where,
      ErrorCode.UNKNOWN_VALUE,
      `${name} ${show(value)} is not one of ${allowed.map(show).join(", ")}`,
      fix,
    );
  return value as T;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A props object that must be given (the construct has required props). */
export function requireObject(where: Where, name: string, value: unknown, example: string): Record<string, unknown> {
  if (value === undefined) throw fail(where, ErrorCode.MISSING_VALUE, `no ${name} given`, `pass ${example}`);
  return checkObject(where, name, value)!;
}
