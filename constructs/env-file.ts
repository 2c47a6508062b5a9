import * as fs from "fs";
import * as path from "path";
import { interpolate, InterpolationError } from "./compose-interpolation";
import { ErrorCode } from "./error-code";
import { DefinitionError, withCode } from "./errors";
import { checkKnownProps } from "./private/validation/known-props";
import { checkOptions, ENV_FILE_OPTIONS_SCHEMA } from "./private/validation/option-schemas";
import { schemaKeys } from "./private/validation/schema";

export interface EnvFileOptions {
  /**
   * Variables outside the file, for `${VAR}` in values and for lines that name a variable
   * without a value (`KEY` alone takes it from here, or is left out when unset).
   * @default - none: only the file's own earlier variables
   */
  readonly lookup?: (name: string) => string | undefined;
  /**
   * Called for each unset variable interpolated without a default.
   * @default - nothing
   */
  readonly onUnset?: (name: string) => void;
}

/**
 * Reads an env file (`env_file:` in Compose) the way Compose does (compose-go's dotenv):
 * `KEY=value` or `KEY: value`, an optional `export ` in front, `#` comment lines, and
 *  - unquoted values: cut at the first `#`, trailing blanks trimmed, variables interpolated;
 *  - 'single-quoted' values: taken literally, may span lines;
 *  - "double-quoted" values: `\n`, `\r` and `\<char>` escapes, then interpolated, may span lines.
 * Keys starting with a digit are skipped, as Compose skips them. A relative path resolves
 * against the project root (the working directory), like build contexts.
 */
export function readEnvFile(file: string, options: EnvFileOptions = {}): Record<string, string> {
  checkKnownProps("readEnvFile", "EnvFileOptions", options, schemaKeys(ENV_FILE_OPTIONS_SCHEMA));
  checkOptions("readEnvFile", "options", ENV_FILE_OPTIONS_SCHEMA, options);
  const full = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(full, "utf8");
  } catch {
    throw envFileError(`env file '${file}' cannot be read (resolved to ${full}). Fix: point at an existing file`);
  }
  try {
    return parseEnvFile(text, options);
  } catch (err) {
    if (!(err instanceof DefinitionError)) throw err;
    throw new DefinitionError(err.code, `env file '${file}': ${err.message}`);
  }
}

/** A malformed or unreadable env file is a mistake in the definition, printed without a trace. */
function envFileError(text: string): DefinitionError {
  return new DefinitionError(ErrorCode.INVALID_ENV_FILE, withCode(text, ErrorCode.INVALID_ENV_FILE));
}

const IS_SPACE = /[\t\v\f\r \u0085\u00a0]/; // blanks, not line breaks
const KEY_CHAR = /[\p{L}\p{N}_.]/u;

/** Parses env-file text; see readEnvFile. Throws with the line number on malformed input. */
export function parseEnvFile(source: string, options: EnvFileOptions = {}): Record<string, string> {
  checkKnownProps("parseEnvFile", "EnvFileOptions", options, schemaKeys(ENV_FILE_OPTIONS_SCHEMA));
  checkOptions("parseEnvFile", "options", ENV_FILE_OPTIONS_SCHEMA, options);
  const text = source.replace(/^\uFEFF/, "");
  const out: Record<string, string> = {};
  const lookup = (name: string) =>
    options.lookup?.(name) ?? (Object.prototype.hasOwnProperty.call(out, name) ? out[name] : undefined);
  const expand = (value: string, line: number) => {
    try {
      return interpolate(value, { lookup, onUnset: options.onUnset });
    } catch (err) {
      if (err instanceof InterpolationError) throw envFileError(`line ${line}: ${err.problem}. Fix: ${err.fix}`);
      throw err;
    }
  };
  const lineAt = (index: number) => text.slice(0, index).split("\n").length;
  let pos = 0;
  while (pos < text.length) {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
    if (pos >= text.length) break;
    if (text[pos] === "#") {
      const nl = text.indexOf("\n", pos);
      pos = nl < 0 ? text.length : nl;
      continue;
    }
    const line = lineAt(pos);
    const exported = /^export[\t ]+/.exec(text.slice(pos, pos + 32));
    if (exported) pos += exported[0].length;
    // The key runs to '=', ':' (YAML style) or the end of the line (a key without value).
    let i = pos;
    let separator: string | undefined;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === "=" || ch === ":" || ch === "\n") {
        separator = ch;
        break;
      }
      if (IS_SPACE.test(ch) || KEY_CHAR.test(ch)) continue;
      throw envFileError(
        `line ${line}: unexpected character ${JSON.stringify(ch)} in variable name. Fix: use letters, digits, '_' and '.' in names, then '=' and the value`,
      );
    }
    const key = text.slice(pos, i).replace(/\s+$/, "");
    if (/\s/.test(key))
      throw envFileError(`line ${line}: key ${JSON.stringify(key)} contains a space. Fix: remove the space`);
    if (separator === undefined || separator === "\n") {
      // `KEY` alone: the value comes from outside, or the variable is left out.
      const value = options.lookup?.(key);
      if (value !== undefined && !/^\d/.test(key)) out[key] = value;
      pos = i;
      continue;
    }
    pos = i + 1;
    while (pos < text.length && IS_SPACE.test(text[pos])) pos++;
    let value: string;
    const quote = text[pos];
    if (quote === "'" || quote === '"') {
      let end = pos + 1;
      while (end < text.length && !(text[end] === quote && text[end - 1] !== "\\")) end++;
      if (end >= text.length)
        throw envFileError(`line ${line}: unterminated quoted value for ${key}. Fix: close the ${quote}`);
      const inner = text.slice(pos + 1, end);
      value = quote === "'" ? inner : expand(unescape(inner), line);
      pos = end + 1;
    } else {
      const nl = text.indexOf("\n", pos);
      const end = nl < 0 ? text.length : nl;
      value = expand(text.slice(pos, end).split("#")[0].replace(/\s+$/, ""), line);
      pos = end;
    }
    if (!/^\d/.test(key)) out[key] = value;
  }
  return out;
}

/** Double-quoted escapes: \n and \r are line breaks, \<char> is <char>, except \$ (kept for interpolation). */
function unescape(value: string): string {
  return value.replace(/\\([\s\S])/g, (match, ch: string) =>
    ch === "n" ? "\n" : ch === "r" ? "\r" : ch === "$" ? match : ch,
  );
}
