import type { Construct } from "constructs";
import { Healthcheck, ImmutableImage } from "docker-iac";
import { exampleDir } from "./example-inputs";
import { serverImage, serverImageSource } from "./server-images";

// The TODO app's parts that do not depend on where it runs: the `todo` stack (containers on
// one engine) and the `swarm` stack (Swarm services) run the same images the same way.

/** Where the API, the migration and the DB read their passwords (files, never variables). */
export const DB_PASSWORD = "/run/secrets/db_password";
export const CACHE_PASSWORD = "/run/secrets/cache_password";

/** PostgreSQL sized for a test machine. */
export const POSTGRES_COMMAND = ["postgres", "-c", "shared_buffers=32MB", "-c", "max_connections=40"];

/** The environment PostgreSQL creates its cluster from: user `todo`, database `todo`. */
export const POSTGRES_ENVIRONMENT = {
  POSTGRES_USER: "todo",
  POSTGRES_DB: "todo",
  POSTGRES_PASSWORD_FILE: DB_PASSWORD,
  PGDATA: "/var/lib/postgresql/data",
};

export function postgresHealthcheck(): Healthcheck {
  return Healthcheck.fromCommand(["pg_isready", "-h", "127.0.0.1", "-U", "todo", "-d", "todo"], {
    intervalSeconds: 2,
    retries: 30,
  });
}

/** Redis takes no password file: the start line writes its config into the tmpfs /tmp. */
export const REDIS_COMMAND = [
  "sh",
  "-c",
  `printf 'requirepass %s\\n' "$(cat ${CACHE_PASSWORD})" > /tmp/redis.conf && exec redis-server /tmp/redis.conf ` +
    "--dir /tmp --bind 0.0.0.0 --protected-mode no --save '' --appendonly no --maxmemory 32mb --maxmemory-policy allkeys-lru",
];

export function redisHealthcheck(): Healthcheck {
  return Healthcheck.fromShell(`REDISCLI_AUTH="$(cat ${CACHE_PASSWORD})" redis-cli ping | grep -q PONG`, {
    intervalSeconds: 2,
    retries: 15,
  });
}

const API_HEALTH_PROBE =
  "import socket,sys; s=socket.create_connection(('127.0.0.1',8080),5); s.sendall(b'GET /health HTTP/1.0\\r\\n\\r\\n'); " +
  "sys.exit(0 if s.recv(16).startswith(b'HTTP/1.0 200') else 1)";

/**
 * The API answers /health only when PostgreSQL and Redis do. A bare socket, not urllib: on a
 * read-only root python compiles every import on each run (no .pyc), and urllib pulls in
 * http, email and ssl, seconds on a busy machine.
 */
export function apiHealthcheck(): Healthcheck {
  return Healthcheck.fromCommand(["python3", "-c", API_HEALTH_PROBE], {
    intervalSeconds: 2,
    timeoutSeconds: 10,
    retries: 15,
  });
}

/** The API's environment; the DB and cache hosts are what the API reaches them by. */
export function apiEnvironment(dbHost: string, cacheHost: string): Record<string, string> {
  return {
    DB_HOST: dbHost,
    DB_NAME: "todo",
    DB_USER: "todo",
    DB_PASSWORD_FILE: DB_PASSWORD,
    REDIS_HOST: cacheHost,
    REDIS_PASSWORD_FILE: CACHE_PASSWORD,
  };
}

/** The API image, built from `source` (examples/todo/api) on the python runtime image. */
export function apiImage(scope: Construct, id: string, source = exampleDir("todo", "api")): ImmutableImage {
  return new ImmutableImage(scope, id, {
    context: source,
    dockerfile: serverImageSource(scope) === "public" ? "Dockerfile.public" : "Dockerfile",
    buildArgs: { RUNTIME_IMAGE: serverImage(scope, "python").reference },
  });
}

/** The nginx proxy image: its config forwards /todos and /health to the name `api`. */
export function proxyImage(scope: Construct, id: string): ImmutableImage {
  return new ImmutableImage(scope, id, {
    context: exampleDir("todo", "proxy"),
    buildArgs: { PROXY_IMAGE: serverImage(scope, "nginx").reference },
  });
}
