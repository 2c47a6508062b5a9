import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { parseDocument } from "yaml";
import { interpolate, InterpolationError, parseEnvFile } from "docker-iac";
import { mergeServices, mergeTopLevel } from "./merge-compose";
import { type KeyPath, pathsUnder, takeMergeTags, withoutPaths } from "./merge-tags";
import composeSchema from "./schema/compose-spec.json";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

/** A compose project after what `docker compose config` does first: parse, interpolate, validate, include, extend, merge. */
export interface LoadedCompose {
  /** Absolute path of the first compose file. */
  readonly file: string;
  /** Every compose file given, absolute, in order (`-f a -f b`). */
  readonly files: string[];
  /** The first file's folder: the project directory, against which relative paths resolve. */
  readonly dir: string;
  /** The merged document, interpolated. */
  readonly doc: Doc;
  /**
   * The same document before interpolation: where a string of `doc` came from `${...}`, the
   * string at the same place here is the template (the generator reads those at synth).
   */
  readonly raw: Doc;
  /** The project environment: the shell's variables over the project's `.env`, PWD the project directory. */
  readonly environment: Record<string, string>;
  /** Names the project's `.env` file sets. */
  readonly dotenvNames: ReadonlySet<string>;
  /**
   * The included projects that bring env files of their own (compose-spec `include`: `env_file`,
   * else the `.env` of its `project_directory`), whose variables fill in what the including
   * project leaves unset; `parent` is the index of the including one (absent: the project).
   */
  readonly includeEnvs: IncludeEnv[];
  /** The include environment each resource (`services.db`, `volumes.data`) was read with; absent: the project's. */
  readonly envOrigin: ReadonlyMap<string, number>;
  /** Variables used without a value (Compose warns and uses ""), with the key path. */
  readonly warnings: string[];
}

/** An included project's environment (see LoadedCompose.includeEnvs). */
export interface IncludeEnv {
  readonly parent?: number;
  /** Its project directory (the folder of its first file, or `project_directory`). */
  readonly projectDir: string;
  /** The env files read, absolute; `explicit` when the include names them (each must exist). */
  readonly envFiles: string[];
  readonly explicit: boolean;
  /** Its variables now: the including project's over its env files'. */
  readonly environment: Record<string, string>;
}

export interface LoadOptions {
  /** The shell environment. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** A compose file the importer refuses, with the reason. */
export class ComposeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ComposeError";
  }
}

let validator: ReturnType<Ajv["compile"]> | undefined;

function validate(doc: unknown, file: string): void {
  if (!validator) {
    // The schema names draft-07 by a URL ajv does not know; the keywords are draft-07's.
    const { $schema: _ignored, ...schema } = composeSchema as Record<string, unknown>; // eslint-disable-line @typescript-eslint/no-unused-vars
    validator = new Ajv({ strict: false, allErrors: false }).compile(schema);
  }
  if (!validator(doc)) {
    const e = validator.errors![0];
    const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "(top level)";
    const extra =
      e.keyword === "additionalProperties"
        ? ` '${String((e.params as { additionalProperty: string }).additionalProperty)}'`
        : "";
    throw new ComposeError(`${file}: not a valid compose file: ${where} ${e.message}${extra} (compose-spec schema)`);
  }
}

/** A file's mapping, and the paths its `!reset` and `!override` tags take out of what it merges over. */
function readYaml(file: string, shown: string): { doc: Doc; resets: KeyPath[] } {
  if (!fs.existsSync(file)) throw new ComposeError(`compose file '${shown}' does not exist`);
  if (!fs.statSync(file).isFile())
    throw new ComposeError(
      `compose file '${shown}' is ${fs.statSync(file).isDirectory() ? "a folder" : "not a regular file"}: give the path of the compose file itself`,
    );
  let raw: unknown;
  let resets: KeyPath[];
  try {
    const parsed = parseDocument(fs.readFileSync(file, "utf8"), { merge: true });
    if (parsed.errors.length) throw parsed.errors[0];
    resets = takeMergeTags(parsed);
    raw = parsed.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new ComposeError(`${shown} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw))
    throw new ComposeError(`${shown} is not a mapping of compose keys`);
  return { doc: raw as Doc, resets };
}

function readDotenv(file: string, shell: Record<string, string>): Record<string, string> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return {};
  try {
    return parseEnvFile(fs.readFileSync(file, "utf8"), { lookup: (n) => shell[n] });
  } catch (err) {
    throw new ComposeError(`${file}: ${(err as Error).message}`);
  }
}

/**
 * Loads one or more compose files as `docker compose -f a -f b config` does: each file is
 * interpolated and validated, its `include`s and `extends` resolved, then the files merge in order.
 */
export function loadCompose(files: string | string[], shellEnv: NodeJS.ProcessEnv = process.env): LoadedCompose {
  const list = Array.isArray(files) ? files : [files];
  if (list.length === 0) throw new ComposeError("no compose file given");
  const full = list.map((f) => path.resolve(f));
  const dir = path.dirname(full[0]);
  const shell = Object.fromEntries(Object.entries(shellEnv).filter((e): e is [string, string] => e[1] !== undefined));
  const dotenv = readDotenv(path.join(dir, ".env"), shell);
  // The shell wins over .env, as in Compose; PWD is the project directory wherever the importer runs.
  const environment = { ...dotenv, ...shell, PWD: dir };
  const warnings: string[] = [];
  const includeEnvs: IncludeEnv[] = [];
  const envOrigin = new Map<string, number>();
  const real = new Loader(
    { dir, warnings, interpolating: true, resets: new Map(), includeEnvs, envOrigin },
    environment,
    dir,
    undefined,
  );
  const template = new Loader(
    { dir, warnings: [], interpolating: false, resets: new Map(), includeEnvs: [], envOrigin: new Map() },
    environment,
    dir,
    undefined,
  );
  // Each file's `!reset`/`!override` keys leave the files before it first, as in compose-go.
  const merge = (loader: Loader) =>
    full
      .map((f, i) => ({ doc: loader.project(f, list[i]), resets: loader.shared.resets.get(f) ?? [] }))
      .reduce((base, next) => ({ doc: mergeTopLevel(withoutPaths(base.doc, next.resets), next.doc), resets: [] })).doc;
  const doc = merge(real);
  const raw = merge(template);
  return {
    file: full[0],
    files: full,
    dir,
    doc,
    raw,
    environment,
    dotenvNames: new Set(Object.keys(dotenv)),
    warnings,
    includeEnvs,
    envOrigin,
  };
}

/** What the loaders of one pass share (the project's and those of its includes). */
interface Pass {
  /** The project directory, which relative paths are rebased onto. */
  readonly dir: string;
  readonly warnings: string[];
  /** Interpolating, or keeping the `${...}` templates as written. */
  readonly interpolating: boolean;
  /** Each file's `!reset` and `!override` key paths, by absolute path. */
  readonly resets: Map<string, KeyPath[]>;
  readonly includeEnvs: IncludeEnv[];
  readonly envOrigin: Map<string, number>;
}

const RESOURCE_KINDS = ["services", "networks", "volumes", "secrets", "configs"];

/** One pass over the files of a project, or of an included one with its own environment. */
class Loader {
  private readonly dir: string;
  private readonly warnings: string[];
  private readonly interpolating: boolean;

  /**
   * @param env the variables this project's files are interpolated with
   * @param workingDir its project directory (an include's env_file and project_directory are relative to it)
   * @param envIndex its entry in includeEnvs, when it has env files of its own
   */
  constructor(
    readonly shared: Pass,
    private readonly env: Record<string, string>,
    private readonly workingDir: string,
    private readonly envIndex: number | undefined,
  ) {
    this.dir = shared.dir;
    this.warnings = shared.warnings;
    this.interpolating = shared.interpolating;
  }

  /**
   * The loader of an include: compose-go's ApplyInclude. Its project directory is
   * `project_directory` or its first file's folder; its env files, `env_file` or that folder's
   * `.env`; its variables, the including project's over those files'.
   */
  private includeLoader(spec: Doc, firstFile: string, shown: string): { loader: Loader; projectDir: string } {
    const projectDir =
      spec.project_directory === undefined
        ? path.dirname(firstFile)
        : path.resolve(this.workingDir, String(spec.project_directory));
    const explicit = spec.env_file !== undefined;
    const envFiles = explicit
      ? (Array.isArray(spec.env_file) ? spec.env_file : [spec.env_file]).map((f: unknown) =>
          path.resolve(this.workingDir, String(f)),
        )
      : [path.join(projectDir, ".env")].filter((f) => fs.existsSync(f) && fs.statSync(f).isFile());
    let fromFiles: Record<string, string> = {};
    for (const f of envFiles) {
      if (!fs.existsSync(f) || !fs.statSync(f).isFile())
        throw new ComposeError(
          `${shown}: env_file '${path.relative(this.workingDir, f)}' ${fs.existsSync(f) ? "is not a file" : "does not exist"} (resolved to ${f}). Fix: create it or correct the include's env_file`,
        );
      fromFiles = { ...fromFiles, ...readDotenv(f, { ...fromFiles, ...this.env }) };
    }
    // compose-go's Mapping.Merge: what the including project sets wins.
    const environment = { ...fromFiles, ...this.env };
    let envIndex = this.envIndex;
    if (envFiles.length) {
      this.shared.includeEnvs.push({ parent: this.envIndex, projectDir, envFiles, explicit, environment });
      envIndex = this.shared.includeEnvs.length - 1;
    }
    return { loader: new Loader(this.shared, environment, projectDir, envIndex), projectDir };
  }

  /** A file with its includes and extends resolved, relative paths rebased onto the project directory. */
  project(file: string, shown: string, seen: string[] = []): Doc {
    if (seen.includes(file))
      throw new ComposeError(
        `include cycle: ${[...seen, file].map((f) => path.relative(this.dir, f) || ".").join(" -> ")}`,
      );
    const doc = this.file(file, shown);
    const { include, ...rest } = doc;
    let merged: Doc = rest;
    for (const [i, entry] of ((include ?? []) as any[]).entries()) {
      const spec = typeof entry === "string" ? { path: entry } : entry;
      const paths: string[] = Array.isArray(spec.path) ? spec.path : [spec.path];
      // Include paths are relative to the including project's directory, as in compose-go.
      const { loader } = this.includeLoader(spec, path.resolve(this.workingDir, paths[0]), `${shown}: include.${i}`);
      // Its resources come back relative to the project directory; here they are relative to this one's.
      const included = rebase(
        paths
          .map((p) => loader.project(path.resolve(this.workingDir, p), `${shown}: include.${i} ${p}`, [...seen, file]))
          .reduce(mergeTopLevel),
        this.dir,
        this.workingDir,
      );
      for (const kind of RESOURCE_KINDS) {
        for (const name of Object.keys(included[kind] ?? {})) {
          // The innermost include that brought it with env files of its own read its values.
          if (loader.envIndex !== undefined && !this.shared.envOrigin.has(`${kind}.${name}`))
            this.shared.envOrigin.set(`${kind}.${name}`, loader.envIndex);
          if (
            merged[kind]?.[name] !== undefined &&
            JSON.stringify(merged[kind][name]) !== JSON.stringify(included[kind][name])
          ) {
            throw new ComposeError(
              `${shown}: ${kind}.${name} is also defined by the included ${paths.join(", ")}. Fix: rename one of them (Compose refuses the conflict too)`,
            );
          }
          merged = { ...merged, [kind]: { ...(merged[kind] ?? {}), [name]: included[kind][name] } };
        }
      }
    }
    merged = this.extendAll(merged, file, shown);
    // Relative paths of every file of a project are relative to its project directory (Compose:
    // "relative to the first file" with -f a -f b; an include's project_directory).
    return rebase(merged, this.workingDir, this.dir);
  }

  private file(file: string, shown: string): Doc {
    const { doc: raw, resets } = readYaml(file, shown);
    this.shared.resets.set(file, resets);
    const doc = this.interpolateTree(raw, [], new Set()) as Doc;
    if (this.interpolating) validate(doc, shown);
    return doc;
  }

  /** Resolves every service's `extends` (same file or another), as compose-go does before merging files. */
  private extendAll(doc: Doc, file: string, shown: string): Doc {
    const services: Doc = doc.services ?? {};
    const done = new Map<string, Doc>();
    const resolve = (name: string, chain: string[]): Doc => {
      if (done.has(name)) return done.get(name)!;
      if (chain.includes(name))
        throw new ComposeError(`${shown}: extends has a cycle: ${[...chain, name].join(" -> ")}`);
      const svc = services[name];
      if (svc === undefined)
        throw new ComposeError(
          `${shown}: services.${chain[chain.length - 1]}.extends names '${name}', which is not a service of that file`,
        );
      const result = this.extendOne(svc ?? {}, name, file, shown, (other) => resolve(other, [...chain, name]));
      done.set(name, result);
      return result;
    };
    if (!doc.services) return doc;
    return { ...doc, services: Object.fromEntries(Object.keys(services).map((n) => [n, resolve(n, [])])) };
  }

  private extendOne(svc: Doc, name: string, file: string, shown: string, sameFile: (other: string) => Doc): Doc {
    if (svc.extends === undefined) return svc;
    const { extends: ext, ...own } = svc;
    const spec = typeof ext === "string" ? { service: ext } : ext;
    let base: Doc;
    if (spec.file === undefined) base = sameFile(spec.service);
    else {
      const other = path.resolve(path.dirname(file), spec.file);
      const otherShown = `${shown}: services.${name}.extends.file ${spec.file}`;
      const otherDoc = this.file(other, otherShown);
      if (otherDoc.services?.[spec.service] === undefined) {
        throw new ComposeError(
          `${otherShown} has no service '${spec.service}'. Fix: name a service of that file in extends.service`,
        );
      }
      const extended = this.extendAll(otherDoc, other, otherShown).services[spec.service] ?? {};
      // Relative paths in the other file are relative to its folder.
      base = rebase({ services: { x: extended } }, path.dirname(other), path.dirname(file)).services.x;
    }
    // The service's own `!reset`/`!override` keys leave the service it extends first.
    return mergeServices(withoutPaths(base, pathsUnder(this.shared.resets.get(file) ?? [], ["services", name])), own);
  }

  /** Interpolates every string value (not keys), as compose-go does before validation. */
  private interpolateTree(value: unknown, at: string[], inside: Set<unknown>): unknown {
    if (typeof value === "string") {
      // The template pass keeps what is written, except where the loader itself needs the value.
      const structural = at[0] === "include" || at.includes("extends");
      if (!this.interpolating && !structural) return value;
      try {
        return interpolate(value, {
          lookup: (n) => this.env[n],
          onUnset: (n) =>
            this.warnings.push(
              `${at.join(".")}: the variable ${n} is not set; it is replaced by an empty string, as Compose does`,
            ),
        });
      } catch (err) {
        if (err instanceof InterpolationError)
          throw new ComposeError(`${at.join(".")}: ${err.problem}. Fix: ${err.fix}`);
        throw err;
      }
    }
    if (value && typeof value === "object") {
      // An alias to a node that holds it (`x: &a [*a]`) would recurse forever; Compose's YAML parser refuses it too.
      if (inside.has(value))
        throw new ComposeError(
          `${at.join(".") || "(top level)"}: a YAML alias refers to a node that contains it (a cycle)`,
        );
      inside.add(value);
      try {
        if (Array.isArray(value)) return value.map((v, i) => this.interpolateTree(v, [...at, String(i)], inside));
        return Object.fromEntries(
          Object.entries(value).map(([k, v]) => [k, this.interpolateTree(v, [...at, k], inside)]),
        );
      } finally {
        inside.delete(value);
      }
    }
    return value;
  }
}

/** A path of `from` written relative to `to`, as compose files write them (`./x`, `../x`). */
function relocate(p: string, from: string, to: string): string {
  if (from === to || path.isAbsolute(p) || p.startsWith("~") || p.startsWith("$")) return p;
  const rel = path.relative(to, path.resolve(from, p)).split(path.sep).join("/");
  return rel === "" ? "." : rel.startsWith("..") ? rel : `./${rel}`;
}

/** Relative build contexts, env files and bind sources of a file in `from`, rewritten for the project in `to`. */
function rebase(doc: Doc, from: string, to: string): Doc {
  if (from === to || !doc.services) return doc;
  const services = Object.fromEntries(
    Object.entries<Doc>(doc.services).map(([name, s]) => {
      if (!s) return [name, s];
      const out: Doc = { ...s };
      if (typeof s.build === "string") out.build = relocate(s.build, from, to);
      else if (s.build && typeof s.build === "object")
        out.build = { ...s.build, context: relocate(s.build.context ?? ".", from, to) };
      if (s.env_file !== undefined) {
        out.env_file = (Array.isArray(s.env_file) ? s.env_file : [s.env_file]).map((f: any) =>
          typeof f === "string" ? relocate(f, from, to) : { ...f, path: relocate(f.path, from, to) },
        );
      }
      if (Array.isArray(s.volumes)) {
        out.volumes = s.volumes.map((v: any) => {
          if (typeof v === "string") {
            const [source, ...rest] = v.split(":");
            return rest.length && /^[.]/.test(source) ? [relocate(source, from, to), ...rest].join(":") : v;
          }
          return v && v.type === "bind" && typeof v.source === "string"
            ? { ...v, source: relocate(v.source, from, to) }
            : v;
        });
      }
      return [name, out];
    }),
  );
  return { ...doc, services };
}
