import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";

const REPO = path.resolve(__dirname, "..");

/** The variables the compose-todo fixture interpolates: the shell would override the .env. */
export const COMPOSE_TODO_VARIABLES = ["POSTGRES_IMAGE", "REDIS_IMAGE", "PYTHON_IMAGE", "NGINX_IMAGE", "TODO_PORT"];

interface Lock {
  readonly registry: string;
  readonly images: Record<string, { repository: string; digest: string }>;
}

/**
 * Lays out the TODO app as a Compose user's project folder, in `dir` (outside the repo):
 * compose.yaml (test/fixtures/compose-todo), the build contexts ./api and ./proxy (copied
 * from examples/todo), a .env naming the server images by digest (from `lockFile`: by default the
 * committed stacks/server-images.lock.json; a deploy passes the record of what this machine built)
 * and ./secrets with two freshly generated passwords. Returns the compose file's path.
 */
export function composeTodoFolder(
  dir: string,
  lockFile = path.join(REPO, "stacks", "server-images.lock.json"),
): string {
  fs.cpSync(path.join(REPO, "test", "fixtures", "compose-todo"), dir, { recursive: true });
  for (const context of ["api", "proxy"])
    fs.cpSync(path.join(REPO, "examples", "todo", context), path.join(dir, context), { recursive: true });
  const lock = JSON.parse(fs.readFileSync(lockFile, "utf8")) as Lock;
  const image = (name: string) => `${lock.registry}/${lock.images[name].repository}@${lock.images[name].digest}`;
  fs.writeFileSync(
    path.join(dir, ".env"),
    [
      "# The server images, pinned by digest in the local registry.",
      `POSTGRES_IMAGE=${image("postgres")}`,
      `REDIS_IMAGE=${image("redis")}`,
      `PYTHON_IMAGE=${image("python")}`,
      `NGINX_IMAGE=${image("nginx")}`,
      "",
    ].join("\n"),
  );
  // As a user would: `openssl rand` into files the containers' unprivileged user can read
  // through the bind mount; the folder itself stays private.
  const secrets = path.join(dir, "secrets");
  fs.mkdirSync(secrets, { mode: 0o700 });
  for (const file of ["db_password", "cache_password"]) {
    fs.writeFileSync(path.join(secrets, file), randomBytes(32).toString("base64url"), { mode: 0o444 });
  }
  return path.join(dir, "compose.yaml");
}
