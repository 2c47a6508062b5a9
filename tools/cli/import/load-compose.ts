import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { parse } from "yaml";
import { interpolate, InterpolationError, parseEnvFile } from "docker-iac";
import composeSchema from "./schema/compose-spec.json";

/** A compose file after what `docker compose config` does first: parse, interpolate, validate. */
export interface LoadedCompose {
  /** Absolute path of the compose file. */
  readonly file: string;
  /** Its folder: the project directory, against which relative paths resolve. */
  readonly dir: string;
  /** The document, interpolated. */
  readonly doc: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The project environment: the shell's variables over the project's `.env`. */
  readonly environment: Record<string, string>;
  /** Variables used without a value (Compose warns and uses ""), with the key path. */
  readonly warnings: string[];
}

/** A compose file the importer refuses, with the reason. */
export class ComposeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ComposeError";
  }
}

let validator: ReturnType<Ajv["compile"]> | undefined;

function validate(doc: unknown): void {
  if (!validator) {
    // The schema names draft-07 by a URL ajv does not know; the keywords are draft-07's.
    const { $schema: _ignored, ...schema } = composeSchema as Record<string, unknown>; // eslint-disable-line @typescript-eslint/no-unused-vars
    validator = new Ajv({ strict: false, allErrors: false }).compile(schema);
  }
  if (!validator(doc)) {
    const e = validator.errors![0];
    const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "(top level)";
    const extra = e.keyword === "additionalProperties" ? ` '${String((e.params as { additionalProperty: string }).additionalProperty)}'` : "";
    throw new ComposeError(`not a valid compose file: ${where} ${e.message}${extra} (compose-spec schema)`);
  }
}

/** Reads, interpolates (`${VAR}`, defaults, `$$`, the project `.env`) and validates a compose file. */
export function loadCompose(file: string, shellEnv: NodeJS.ProcessEnv = process.env): LoadedCompose {
  const full = path.resolve(file);
  if (!fs.existsSync(full)) throw new ComposeError(`compose file '${file}' does not exist`);
  if (!fs.statSync(full).isFile()) throw new ComposeError(`compose file '${file}' is ${fs.statSync(full).isDirectory() ? "a folder" : "not a regular file"}: give the path of the compose file itself`);
  const dir = path.dirname(full);
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(full, "utf8"), { merge: true, maxAliasCount: 1000 });
  } catch (err) {
    throw new ComposeError(`${file} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new ComposeError(`${file} is not a mapping of compose keys`);

  // The project environment: the shell wins over .env, as in Compose.
  const shell = Object.fromEntries(Object.entries(shellEnv).filter((e): e is [string, string] => e[1] !== undefined));
  const dotenvPath = path.join(dir, ".env");
  let dotenv: Record<string, string> = {};
  if (fs.existsSync(dotenvPath) && fs.statSync(dotenvPath).isFile()) {
    try {
      dotenv = parseEnvFile(fs.readFileSync(dotenvPath, "utf8"), { lookup: (n) => shell[n] });
    } catch (err) {
      throw new ComposeError(`${dotenvPath}: ${(err as Error).message}`);
    }
  }
  const environment = { ...dotenv, ...shell };
  const warnings: string[] = [];
  const doc = interpolateTree(raw, [], environment, warnings, new Set()) as Record<string, unknown>;
  validate(doc);
  return { file: full, dir, doc: doc as Record<string, any>, environment, warnings }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Interpolates every string value (not keys), as compose-go does before validation. */
function interpolateTree(value: unknown, at: string[], env: Record<string, string>, warnings: string[], inside: Set<unknown>): unknown {
  if (typeof value === "string") {
    try {
      return interpolate(value, {
        lookup: (n) => env[n],
        onUnset: (n) => warnings.push(`${at.join(".")}: the variable ${n} is not set; it is replaced by an empty string, as Compose does`),
      });
    } catch (err) {
      if (err instanceof InterpolationError) throw new ComposeError(`${at.join(".")}: ${err.problem}. Fix: ${err.fix}`);
      throw err;
    }
  }
  if (value && typeof value === "object") {
    // An alias to a node that holds it (`x: &a [*a]`) would recurse forever; Compose's YAML parser refuses it too.
    if (inside.has(value)) throw new ComposeError(`${at.join(".") || "(top level)"}: a YAML alias refers to a node that contains it (a cycle)`);
    inside.add(value);
    try {
      if (Array.isArray(value)) return value.map((v, i) => interpolateTree(v, [...at, String(i)], env, warnings, inside));
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateTree(v, [...at, k], env, warnings, inside)]));
    } finally {
      inside.delete(value);
    }
  }
  return value;
}
