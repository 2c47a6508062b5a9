import * as fs from "fs";
import * as path from "path";
import type { IConstruct } from "constructs";

/** The servers the examples run. */
export type ServerName = "postgres" | "redis" | "nginx" | "python";

/** Where a server's image comes from, and the unprivileged user it runs as there. */
export interface ServerImage {
  /** Image reference: pinned by digest (local) or by an exact version tag (public). */
  readonly reference: string;
  /** `uid:gid` the server runs as in that image. */
  readonly user: string;
  /** The image's own entrypoint, for a stack that puts a step in front of it (postgres only). */
  readonly entrypoint?: string[];
}

/**
 * Context `serverImages`: "local" (default) pulls the images tools/dev/server-images.sh
 * built from Debian packages, from the local registry, by digest; "public" uses the
 * official images of the same servers.
 *
 * The digests come from context `serverImagesLock` when it names a file that has the image
 * (the record of what this machine's registry holds, which the toolchain's env file names),
 * else from the committed stacks/server-images.lock.json. The two differ when Debian has moved
 * on since the committed record (a security update): deploys use what was really built, unit
 * and snapshot tests the committed record.
 */
export type ServerImageSource = "local" | "public";

/** The lock tools/dev/server-images.sh writes and checks: one digest per image. */
export const SERVER_IMAGES_LOCK = path.join(__dirname, "server-images.lock.json");

interface Lock {
  readonly registry: string;
  readonly images: Record<ServerName, { repository: string; digest: string; version: string }>;
}

/**
 * Official images for online users, pinned by digest: the multi-platform index digest each
 * tag had when docker-library/repo-info recorded it (repos/<name>/remote/<tag>.md, which
 * the official images publish for this purpose), so every pull gets those bytes whatever
 * the tag points at later. The tag stays in the reference for people (Docker pulls by the
 * digest). To move on: take the new digest from that page, or `docker pull <tag>` then
 * `docker inspect -f '{{index .RepoDigests 0}}' <tag>`. Their server users: postgres and
 * redis 999; nginx and python have no server user (the stack runs them as 10001).
 * Versions: PostgreSQL 15.19 and Redis 7.2.16 (Debian bookworm has 15.x and 7.0.15; the
 * official redis image no longer publishes 7.0), nginx 1.30.5 (trixie), Python 3.11.16.
 */
export const PUBLIC_SERVER_IMAGES: Record<ServerName, ServerImage> = {
  postgres: {
    reference: "postgres:15.19-bookworm@sha256:539ceaaae49b3a7c8a04467cf00cc6788d8e3f1675df41860d86eebc4c40524f",
    user: "999:999",
    entrypoint: ["docker-entrypoint.sh"],
  },
  redis: {
    reference: "redis:7.2.16-bookworm@sha256:0637954999d01b7c9ce9167db2da50656e2590d3b884f1c600c5f63bb6e6773c",
    user: "999:999",
  },
  nginx: {
    reference: "nginx:1.30.5@sha256:e9f347c65f318767714e8b0eccfd6b558d00fb92630791fb6cd901fcdf7f6fdd",
    user: "10001:10001",
  },
  python: {
    reference: "python:3.11-slim-bookworm@sha256:0bee7276f83efd4a1ee05bbbf4281d95ed28e079220a9457f25a93e3f1e3c31b",
    user: "10001:10001",
  },
};

/** The source context `serverImages` selects; anything else is a clear error. */
export function serverImageSource(scope: IConstruct): ServerImageSource {
  const value = (scope.node.tryGetContext("serverImages") as string | undefined) ?? "local";
  if (value !== "local" && value !== "public") {
    throw new Error(
      `[${scope.node.path}] context serverImages is '${value}'. Fix: use "local" (built offline, pulled by digest from 127.0.0.1:5000) or "public" (official images)`,
    );
  }
  return value;
}

/** The image of one server for the selected source. */
export function serverImage(scope: IConstruct, name: ServerName): ServerImage {
  if (serverImageSource(scope) === "public") return PUBLIC_SERVER_IMAGES[name];
  const machine = machineLock(scope);
  const lock = machine?.images?.[name]?.digest ? machine : readLock(SERVER_IMAGES_LOCK);
  const entry = lock.images?.[name];
  if (!entry?.digest) {
    throw new Error(
      `[${scope.node.path}] ${path.basename(SERVER_IMAGES_LOCK)} has no digest for '${name}'. Fix: run \`bash tools/dev/server-images.sh build ${name}\` (or set context serverImages to "public")`,
    );
  }
  // All images of tools/dev/server-images.sh run their server as the library's default user.
  return {
    reference: `${lock.registry}/${entry.repository}@${entry.digest}`,
    user: "10001:10001",
    entrypoint: localEntrypoint(name),
  };
}

/** The entrypoint tools/dev/server-images.sh gives the image (its config.json), if any. */
function localEntrypoint(name: ServerName): string[] | undefined {
  const config = path.join(__dirname, "..", "tools", "dev", "server-images", name, "config.json");
  return (JSON.parse(fs.readFileSync(config, "utf8")) as { Entrypoint?: string[] }).Entrypoint;
}

/** The record context `serverImagesLock` names, if it exists (a machine that built no image has none yet). */
function machineLock(scope: IConstruct): Lock | undefined {
  const file = scope.node.tryGetContext("serverImagesLock") as string | undefined;
  if (file === undefined) return undefined;
  if (typeof file !== "string" || file === "") {
    throw new Error(
      `[${scope.node.path}] context serverImagesLock is ${JSON.stringify(file)}. Fix: the path of the file tools/dev/server-images.sh writes ($DOCKER_IAC_CACHE/server-images.lock.json), or leave it out`,
    );
  }
  if (!fs.existsSync(file)) return undefined;
  return readLock(file);
}

function readLock(file: string): Lock {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Lock;
}
