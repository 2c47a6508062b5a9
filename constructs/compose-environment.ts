import * as fs from "fs";
import * as path from "path";
import { interpolate, InterpolationError } from "./compose-interpolation";
import { ErrorCode } from "./error-code";
import { DefinitionError, problemLine } from "./errors";
import { parseEnvFile } from "./env-file";

/** Where an included compose project's variables come from (compose-spec `include`). */
export interface ComposeEnvironmentOptions {
  /**
   * The including project's environment: its variables (the shell's and its `.env`'s) win over
   * this project's env files, as compose-go merges them; `PWD` stays the including project's.
   * @default - none: a top-level project
   */
  readonly parent?: ComposeEnvironment;
  /**
   * The env files to read instead of the `.env` in the project directory (an include's
   * `env_file`); each must exist. @default - the project directory's `.env`, when it exists
   */
  readonly envFiles?: string[];
}

/**
 * A Compose project's environment, read when the program runs (at synth): the shell's
 * variables over the `.env` file in the project directory, and `PWD` the project directory
 * itself (where `docker compose` resolves `${PWD}` when run from the project). Modules written
 * by the importer read `${...}` values through it, so a value in `.env` never lands in the source.
 * An included project's environment (`include` in a compose file) names its parent.
 */
export class ComposeEnvironment {
  private readonly variables: Record<string, string>;
  /** The env files read, for the fix of a missing required variable. */
  private readonly sources: string[];

  /**
   * @param projectDir the compose file's folder
   * @param shell the process environment (default process.env)
   * @param options an included project's parent and env files
   */
  constructor(
    public readonly projectDir: string,
    shell: NodeJS.ProcessEnv = process.env,
    options: ComposeEnvironmentOptions = {},
  ) {
    const set = Object.fromEntries(Object.entries(shell).filter((e): e is [string, string] => e[1] !== undefined));
    const inherited = { ...set, ...(options.parent?.variables ?? {}) };
    const files = options.envFiles ?? [path.join(projectDir, ".env")];
    let fromFiles: Record<string, string> = {};
    for (const envFile of files) {
      const exists = fs.existsSync(envFile) && fs.statSync(envFile).isFile();
      if (!exists && options.envFiles === undefined) continue;
      if (!exists) {
        throw new DefinitionError(
          ErrorCode.INVALID_ENV_FILE,
          problemLine(
            projectDir,
            ErrorCode.INVALID_ENV_FILE,
            `env file '${envFile}' of the included project does not exist`,
            "create it, or correct env_file in the include",
          ),
        );
      }
      try {
        fromFiles = {
          ...fromFiles,
          ...parseEnvFile(fs.readFileSync(envFile, "utf8"), { lookup: (n) => inherited[n] ?? fromFiles[n] }),
        };
      } catch (err) {
        if (!(err instanceof DefinitionError)) throw err;
        throw new DefinitionError(err.code, `env file '${envFile}': ${err.message}`);
      }
    }
    this.sources = [...files, ...(options.parent?.sources ?? [])];
    this.variables = { ...fromFiles, ...inherited, PWD: options.parent?.variables.PWD ?? projectDir };
  }

  /** A variable's value, undefined when unset. */
  public get(name: string): string | undefined {
    return this.variables[name];
  }

  /**
   * The template interpolated as Compose does (`:-`, `-`, `:?`, `?`, `:+`, `+`, `$$`).
   * `where` names the compose key in the error for a required variable that is unset.
   * `overrides` gives variables another value (e.g. a Terraform variable's token for a secret).
   */
  public resolve(template: string, where: string, overrides: Record<string, string> = {}): string {
    try {
      return interpolate(template, { lookup: (n) => (n in overrides ? overrides[n] : this.variables[n]) });
    } catch (err) {
      if (!(err instanceof InterpolationError)) throw err;
      throw new DefinitionError(
        ErrorCode.INVALID_INTERPOLATION,
        problemLine(
          where,
          ErrorCode.INVALID_INTERPOLATION,
          err.problem,
          `${err.fix} (in the shell or in ${this.sources.join(" or ")})`,
        ),
      );
    }
  }

  /** `{ NAME: value }` when NAME is set, else `{}`: an `environment:` entry without a value, as Compose passes it. */
  public passThrough(name: string): Record<string, string> {
    const value = this.variables[name];
    return value === undefined ? {} : { [name]: value };
  }
}
