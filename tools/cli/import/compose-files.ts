import * as fs from "fs";
import * as path from "path";
import { ComposeError } from "./load-compose";

/** The names `docker compose` looks for without -f, in its order (compose-go cli DefaultFileNames). */
export const DEFAULT_FILE_NAMES = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];
/** And the override it applies over the file it found, from the same folder. */
export const DEFAULT_OVERRIDE_NAMES = [
  "compose.override.yml",
  "compose.override.yaml",
  "docker-compose.override.yml",
  "docker-compose.override.yaml",
];

const isFile = (f: string) => fs.statSync(f, { throwIfNoEntry: false })?.isFile() === true;

/**
 * The compose files when none is given, as `docker compose` finds them: COMPOSE_FILE (split by
 * COMPOSE_PATH_SEPARATOR, else `:`), else the first default name in the working folder or the
 * nearest folder above it, with the first override file beside it.
 */
export function defaultComposeFiles(
  cwd: string = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
  top: string = path.parse(path.resolve(cwd)).root,
): string[] {
  if (env.COMPOSE_FILE)
    return env.COMPOSE_FILE.split(env.COMPOSE_PATH_SEPARATOR || path.delimiter)
      .filter(Boolean)
      .map((f) => path.resolve(cwd, f));
  // `top` is the last folder searched: the filesystem root, as Compose searches.
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const found = DEFAULT_FILE_NAMES.map((n) => path.join(dir, n)).find(isFile);
    if (found)
      return [
        found,
        ...DEFAULT_OVERRIDE_NAMES.map((n) => path.join(dir, n))
          .filter(isFile)
          .slice(0, 1),
      ];
    if (dir === path.resolve(top) || path.dirname(dir) === dir) break;
  }
  throw new ComposeError(
    `no compose file given, and no ${DEFAULT_FILE_NAMES.join(", ")} in ${cwd} or a folder above it. Fix: give the compose file, e.g. docker-iac import path/to/compose.yaml`,
  );
}
