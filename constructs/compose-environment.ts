import * as fs from "fs";
import * as path from "path";
import { interpolate, InterpolationError } from "./compose-interpolation";
import { ErrorCode } from "./error-code";
import { DefinitionError, problemLine } from "./errors";
import { parseEnvFile } from "./env-file";

/**
 * A Compose project's environment, read when the program runs (at synth): the shell's
 * variables over the `.env` file in the project directory, and `PWD` the project directory
 * itself (where `docker compose` resolves `${PWD}` when run from the project). Modules written
 * by the importer read `${...}` values through it, so a value in `.env` never lands in the source.
 */
export class ComposeEnvironment {
  private readonly variables: Record<string, string>;

  /**
   * @param projectDir the compose file's folder
   * @param shell the process environment (default process.env)
   */
  constructor(public readonly projectDir: string, shell: NodeJS.ProcessEnv = process.env) {
    const set = Object.fromEntries(Object.entries(shell).filter((e): e is [string, string] => e[1] !== undefined));
    const envFile = path.join(projectDir, ".env");
    let dotenv: Record<string, string> = {};
    if (fs.existsSync(envFile) && fs.statSync(envFile).isFile()) {
      try {
        dotenv = parseEnvFile(fs.readFileSync(envFile, "utf8"), { lookup: (n) => set[n] });
      } catch (err) {
        if (!(err instanceof DefinitionError)) throw err;
        throw new DefinitionError(err.code, `env file '${envFile}': ${err.message}`);
      }
    }
    this.variables = { ...dotenv, ...set, PWD: projectDir };
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
      throw new DefinitionError(ErrorCode.INVALID_INTERPOLATION, problemLine(where, ErrorCode.INVALID_INTERPOLATION, err.problem, `${err.fix} (in the shell or in ${path.join(this.projectDir, ".env")})`));
    }
  }

  /** `{ NAME: value }` when NAME is set, else `{}`: an `environment:` entry without a value, as Compose passes it. */
  public passThrough(name: string): Record<string, string> {
    const value = this.variables[name];
    return value === undefined ? {} : { [name]: value };
  }
}
