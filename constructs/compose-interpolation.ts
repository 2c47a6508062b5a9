import { ErrorCode } from "./error-code";
import { DefinitionError, problemLine } from "./errors";
import { checkKnownProps } from "./private/validation/known-props";
import { INTERPOLATION_OPTIONS_SCHEMA } from "./private/validation/option-schemas";
import { checkWithSchema, schemaKeys } from "./private/validation/schema";
import { requireObject } from "./private/validation/values";

/**
 * Variable interpolation as Compose does it (compose-spec "Interpolation", compose-go's
 * template package): `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+replacement}`, `${VAR+replacement}`, and `$$`
 * for a literal `$`. Defaults and replacements may hold further interpolations. An unset
 * variable without default becomes the empty string (and `onUnset` hears of it); a `$`
 * that starts none of these stays as it is.
 */
export interface InterpolationOptions {
  /** The value of a variable, undefined when unset. */
  readonly lookup: (name: string) => string | undefined;
  /**
   * Called for each unset variable that had no default (Compose warns and uses "").
   * @default - nothing
   */
  readonly onUnset?: (name: string) => void;
}

/**
 * Thrown for `${VAR:?message}` on an unset variable, or a malformed `${...}`: a DefinitionError
 * with code InvalidInterpolation, its message `[interpolate] problem. Fix: ... (InvalidInterpolation)`.
 */
export class InterpolationError extends DefinitionError {
  /** The problem alone, without the `[interpolate]` prefix, fix and code (for callers that name their own place). */
  public readonly problem: string;
  /** What to do about it. */
  public readonly fix: string;

  constructor(problem: string, fix: string) {
    super(ErrorCode.INVALID_INTERPOLATION, problemLine("interpolate", ErrorCode.INVALID_INTERPOLATION, problem, fix));
    this.name = "InterpolationError";
    this.problem = problem;
    this.fix = fix;
  }
}

const FORMAT_FIX = "write ${NAME}, ${NAME:-default} or $$ for a literal $";
const REQUIRED_FIX = "set the variable, or give a default with ${NAME:-default}";

const NAME_START = /[_a-zA-Z]/;
const NAME_CHAR = /[_a-zA-Z0-9]/;

export function interpolate(text: string, options: InterpolationOptions): string {
  checkKnownProps("interpolate", "InterpolationOptions", options, schemaKeys(INTERPOLATION_OPTIONS_SCHEMA));
  checkWithSchema(
    "interpolate",
    INTERPOLATION_OPTIONS_SCHEMA,
    requireObject("interpolate", "options", options, "{ lookup: (name) => process.env[name] }"),
  );
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== "$") {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
    } else if (next === "{") {
      const end = closingBrace(text, i + 2);
      if (end < 0)
        throw new InterpolationError(
          `invalid interpolation format in ${JSON.stringify(text)}: '\${' is never closed`,
          FORMAT_FIX,
        );
      out += substitute(text.slice(i + 2, end), text, options);
      i = end + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text[j])) j++;
      out += valueOf(text.slice(i + 1, j), options);
      i = j;
    } else {
      out += "$"; // not a substitution: Compose leaves it
      i++;
    }
  }
  return out;
}

/** The index of the `}` closing a `${` whose content starts at `from`, nested `${...}` skipped. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === "$" && text[i + 1] === "$") i++;
    else if (text[i] === "$" && text[i + 1] === "{") {
      depth++;
      i++;
    } else if (text[i] === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function substitute(body: string, whole: string, options: InterpolationOptions): string {
  const match = /^([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (!match)
    throw new InterpolationError(
      `invalid interpolation format for \${${body}} in ${JSON.stringify(whole)}`,
      FORMAT_FIX,
    );
  const [, name, op, arg = ""] = match;
  const value = options.lookup(name);
  const unsetOrEmpty = value === undefined || value === "";
  switch (op) {
    case undefined:
      return valueOf(name, options);
    case ":-":
      return unsetOrEmpty ? interpolate(arg, options) : value;
    case "-":
      return value === undefined ? interpolate(arg, options) : value;
    case ":?":
      if (unsetOrEmpty) throw new InterpolationError(required(name, interpolate(arg, options)), REQUIRED_FIX);
      return value;
    case "?":
      if (value === undefined) throw new InterpolationError(required(name, interpolate(arg, options)), REQUIRED_FIX);
      return value;
    case ":+":
      return unsetOrEmpty ? "" : interpolate(arg, options);
    default: // "+"
      return value === undefined ? "" : interpolate(arg, options);
  }
}

function required(name: string, message: string): string {
  return message === ""
    ? `required variable ${name} is missing a value`
    : `required variable ${name} is missing a value: ${message}`;
}

function valueOf(name: string, options: InterpolationOptions): string {
  const value = options.lookup(name);
  if (value === undefined) {
    options.onUnset?.(name);
    return "";
  }
  return value;
}
