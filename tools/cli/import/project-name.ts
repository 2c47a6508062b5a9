import * as path from "path";
import { pascal } from "./ts-code";
import type { LoadedCompose } from "./load-compose";

/**
 * The Compose project name, as `docker compose` chooses it without `-p`: COMPOSE_PROJECT_NAME
 * (shell or .env), else the top-level `name:`, else the project directory's base name;
 * normalized as compose-go does (lower case; only a-z, 0-9, `-` and `_`; no leading `-` or `_`).
 */
export function composeProjectName(loaded: LoadedCompose): string {
  const chosen =
    loaded.environment.COMPOSE_PROJECT_NAME ||
    (loaded.doc.name === undefined ? "" : String(loaded.doc.name)) ||
    path.basename(loaded.dir);
  return chosen
    .toLowerCase()
    .replace(/[^-_a-z0-9]/g, "")
    .replace(/^[-_]+/, "");
}

/** `--class` when not given: the project name in PascalCase + Stack (`my-shop` -> MyShopStack). */
export function defaultClassName(project: string): string {
  return `${pascal(project || "compose")}Stack`;
}

/** `--out` when not given: `<project>-stack.ts` in the working folder, as kompose writes beside you. */
export function defaultOutFile(project: string, cwd: string = process.cwd()): string {
  return path.join(cwd, `${project || "compose"}-stack.ts`);
}
