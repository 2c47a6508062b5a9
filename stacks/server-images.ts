import * as fs from "fs";
import * as path from "path";
import { IConstruct } from "constructs";

/** The servers the examples run. */
export type ServerName = "postgres" | "redis" | "nginx" | "python";

/** Where a server's image comes from, and the unprivileged user it runs as there. */
export interface ServerImage {
  /** Image reference: pinned by digest (local) or by an exact version tag (public). */
  readonly reference: string;
  /** `uid:gid` the server runs as in that image. */
  readonly user: string;
}

/**
 * Context `serverImages`: "local" (default) pulls the images scripts/server-images.sh
 * built from Debian packages, from the local registry, by the digests in
 * stacks/server-images.lock.json; "public" uses the official images of the same servers.
 */
export type ServerImageSource = "local" | "public";

/** The lock scripts/server-images.sh writes and checks: one digest per image. */
export const SERVER_IMAGES_LOCK = path.join(__dirname, "server-images.lock.json");

interface Lock {
  readonly registry: string;
  readonly images: Record<ServerName, { repository: string; digest: string; version: string }>;
}

/**
 * Official images for online users. Pinned by exact version tag (tags can be re-pushed;
 * pin by digest with `docker pull <tag>` then `docker inspect -f '{{index .RepoDigests 0}}'`
 * where you have Docker Hub). Same server versions as Debian bookworm where the official
 * images still publish them. Their server users: postgres and redis 999, nginx and python
 * have none (any uid works).
 */
export const PUBLIC_SERVER_IMAGES: Record<ServerName, ServerImage> = {
  postgres: { reference: "postgres:15.14-bookworm", user: "999:999" },
  redis: { reference: "redis:7.0.15-bookworm", user: "999:999" },
  nginx: { reference: "nginx:1.28.0-bookworm", user: "10001:10001" },
  python: { reference: "python:3.11.13-slim-bookworm", user: "10001:10001" },
};

/** The source context `serverImages` selects; anything else is a clear error. */
export function serverImageSource(scope: IConstruct): ServerImageSource {
  const value = (scope.node.tryGetContext("serverImages") as string | undefined) ?? "local";
  if (value !== "local" && value !== "public") {
    throw new Error(`[${scope.node.path}] context serverImages is '${value}'. Fix: use "local" (built offline, pulled by digest from 127.0.0.1:5000) or "public" (official images)`);
  }
  return value;
}

/** The image of one server for the selected source. */
export function serverImage(scope: IConstruct, name: ServerName): ServerImage {
  if (serverImageSource(scope) === "public") return PUBLIC_SERVER_IMAGES[name];
  const lock = readLock();
  const entry = lock.images?.[name];
  if (!entry?.digest) {
    throw new Error(`[${scope.node.path}] ${path.basename(SERVER_IMAGES_LOCK)} has no digest for '${name}'. Fix: run \`bash scripts/server-images.sh\` (or set context serverImages to "public")`);
  }
  // All images of scripts/server-images.sh run their server as the library's default user.
  return { reference: `${lock.registry}/${entry.repository}@${entry.digest}`, user: "10001:10001" };
}

function readLock(): Lock {
  return JSON.parse(fs.readFileSync(SERVER_IMAGES_LOCK, "utf8")) as Lock;
}
