import { generateStack, ImportResult } from "./generate-stack";
import { loadCompose } from "./load-compose";

/** What `npm run import` (and any command that wraps it) asks for. */
export interface ImportComposeOptions {
  /** The compose files, merged in order as `docker compose -f a -f b` merges them. */
  readonly files: string[];
  /** The exported class name. */
  readonly className: string;
  /** Where the module will be written (paths to the compose folder are relative to it). */
  readonly outFile: string;
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

/** Loads the compose files and writes the DockerStack module's source (nothing on disk). */
export function importCompose(options: ImportComposeOptions): ImportResult & { summary: ImportSummary } {
  const loaded = loadCompose(options.files, options.env ?? process.env);
  const result = generateStack(loaded, options);
  const count = (s: string) => result.uses.filter((u) => u.status === s).length;
  return { ...result, summary: { mapped: count("mapped"), changed: count("changed"), commented: count("commented") } };
}
