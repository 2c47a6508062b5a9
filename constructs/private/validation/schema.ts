import type { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { isUnresolved } from "../../errors";
import { checkLabels } from "./labels";
import {
  checkBoolean,
  checkInteger,
  checkObject,
  checkOneOf,
  checkString,
  checkStringList,
  checkStringMap,
  fail,
  type IntegerRule,
  kindOf,
  show,
  type Where,
} from "./values";

/**
 * How one prop is checked at run time (type and range; a JavaScript caller, JSON or a cast
 * reach here): throws a DefinitionError naming the prop, or returns. `undefined` is always
 * "the default" and passes; rules between props stay in the constructor.
 */
export type Rule<W extends Where = IConstruct> = (where: W, name: string, value: unknown) => void;

/**
 * One rule per prop of a props interface. Written `{ ... } satisfies Schema<XxxProps>`, the
 * compiler refuses a schema that misses a prop or has one the interface does not: the key
 * list (unknown-prop errors and their "did you mean" hints) and the checks derive from it, so
 * a prop is written down twice, in the interface with its JSDoc and here.
 */
export type Schema<T, W extends Where = IConstruct> = { readonly [K in keyof Required<T>]: Rule<W> };

/** A schema whose rules need no construct: for a static factory or function (`Healthcheck.fromShell`, `interpolate`). */
export type PlainSchema<T> = Schema<T, Where>;

/** The props' keys, for checkKnownProps. */
export function schemaKeys<T = unknown>(schema: Schema<T, never>): readonly string[] {
  return Object.keys(schema);
}

/** Runs every rule of the schema on the props, in the schema's order. */
export function checkWithSchema<T, W extends Where>(
  where: W,
  schema: Schema<T, W>,
  props: Record<string, unknown>,
): void {
  for (const [name, rule] of Object.entries(schema) as [string, Rule<W>][]) rule(where, name, props[name]);
}

/** Rules for the usual kinds of props. */
export const rules = {
  /** Checked elsewhere (before the schema runs, or by the constructor that owns its rules with other props). */
  elsewhere: ((): void => undefined) as Rule<Where>,
  string:
    (options: { nonBlank?: boolean } = {}): Rule<Where> =>
    (where, name, value) =>
      void checkString(where, name, value, options),
  boolean: (): Rule<Where> => (where, name, value) => void checkBoolean(where, name, value),
  stringList: (): Rule<Where> => (where, name, value) => void checkStringList(where, name, value),
  stringMap: (): Rule<Where> => (where, name, value) => void checkStringMap(where, name, value),
  labels: (): Rule<Where> => (where, name, value) => void checkLabels(where, name, value),
  integer:
    (rule: IntegerRule): Rule<Where> =>
    (where, name, value) =>
      void checkInteger(where, name, value, rule),
  oneOf:
    (allowed: readonly unknown[], fix: string): Rule<Where> =>
    (where, name, value) =>
      void checkOneOf(where, name, value, allowed, fix),
  /**
   * A number (a wrong type is named with `example`), then a whole number of at least `min`,
   * worded "a whole number of <min> or more<note>".
   */
  wholeNumber:
    (min: number, example: string, options: { fix?: string; note?: string } = {}): Rule<Where> =>
    (where, name, value) => {
      if (value === undefined || isUnresolved(value)) return;
      if (typeof value !== "number")
        throw fail(
          where,
          ErrorCode.WRONG_TYPE,
          `${name} ${show(value)} is ${kindOf(value)}, not a number`,
          `give ${name} as a number, e.g. ${example}`,
        );
      if (!Number.isInteger(value) || value < min) {
        throw fail(
          where,
          ErrorCode.INVALID_NUMBER,
          `${name} ${value} is not a whole number of ${min} or more${options.note ?? ""}`,
          options.fix ?? `give e.g. ${example}`,
        );
      }
    },
  /**
   * `rule`, and a value known at synth: a token (known only at deploy) is refused, for a
   * value the construct converts before writing it (MiB to bytes, seconds to a duration string).
   */
  known:
    <W extends Where>(rule: Rule<W>, converted: string): Rule<W> =>
    (where, name, value) => {
      if (value !== undefined && isUnresolved(value)) {
        throw fail(
          where,
          ErrorCode.INVALID_NUMBER,
          `${name} is a token, known only at deploy, but it is written ${converted} at synth`,
          `give ${name} as a number`,
        );
      }
      rule(where, name, value);
    },
  /** A list whose items each pass `item` (named `<prop>[i]`). */
  list:
    <W extends Where>(item: Rule<W>, example: string): Rule<W> =>
    (where, name, value) => {
      if (value === undefined || isUnresolved(value)) return;
      if (!Array.isArray(value))
        throw fail(
          where,
          ErrorCode.WRONG_TYPE,
          `${name} ${show(value)} is ${kindOf(value)}, not a list`,
          `give ${name} as an array, e.g. ${example}`,
        );
      value.forEach((entry, i) => item(where, `${name}[${i}]`, entry));
    },
  /** A plain object of values that each pass `item` (named `<prop>["key"]`). */
  map:
    <W extends Where>(item: Rule<W>): Rule<W> =>
    (where, name, value) => {
      for (const [key, entry] of Object.entries(checkObject(where, name, value) ?? {}))
        item(where, `${name}[${show(key)}]`, entry);
    },
  /** An object that must be there: a list's entry (null and undefined are not entries). */
  entry: (): Rule<Where> => (where, name, value) => void checkObject(where, name, value ?? null),
};
