import * as fs from "fs";
import { generateStack, type ImportResult } from "./generate-stack";
import { ComposeError, loadCompose } from "./load-compose";
import { composeProjectName, defaultClassName, defaultOutFile } from "./project-name";

/** What `docker-iac import` (and any command that wraps it) asks for. */
export interface ImportComposeOptions {
  /** The compose files, merged in order as `docker compose -f a -f b` merges them. */
  readonly files: string[];
  /** The exported class name. @default - the Compose project name in PascalCase + Stack */
  readonly className?: string;
  /**
   * Where the module will be written (paths to the compose folder are relative to it).
   * @default - `<project name>-stack.ts` in the working folder
   */
  readonly outFile?: string;
  /** The library's defaults profile. @default "compose" */
  readonly defaults?: "compose" | "hardened";
  /** Compose profiles active by default (`--profile`). @default - COMPOSE_PROFILES, else none */
  readonly profiles?: string[];
  /** Variables to treat as secrets besides the names that say so. @default - none */
  readonly secrets?: string[];
  /** The shell environment. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export interface ImportSummary {
  readonly mapped: number;
  /** Mapped, with a meaning that differs from Compose's (e.g. ports bound to 127.0.0.1). */
  readonly changed: number;
  readonly commented: number;
}

export interface ImportComposeResult extends ImportResult {
  readonly summary: ImportSummary;
  /** The class name and output file, as given or derived from the project name. */
  readonly className: string;
  readonly outFile: string;
}

/** Loads the compose files and writes the DockerStack module's source (nothing on disk). */
export function importCompose(options: ImportComposeOptions): ImportComposeResult {
  const loaded = loadCompose(options.files, options.env ?? process.env);
  const project = composeProjectName(loaded);
  const className = options.className ?? defaultClassName(project);
  let outFile = options.outFile;
  if (outFile === undefined) {
    outFile = defaultOutFile(project);
    // A name the user did not choose never replaces a file of theirs.
    if (fs.existsSync(outFile))
      throw new ComposeError(
        `${outFile} exists (the default --out for project '${project}'). Fix: give --out <file.ts>, or remove that file to write it again`,
      );
  }
  const result = generateStack(loaded, { ...options, className, outFile });
  const count = (s: string) => result.uses.filter((u) => u.status === s).length;
  return {
    ...result,
    className,
    outFile,
    summary: { mapped: count("mapped"), changed: count("changed"), commented: count("commented") },
  };
}
