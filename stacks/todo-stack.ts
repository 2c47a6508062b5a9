import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import {
  BridgeNetwork, Container, DependencyCondition, DockerStack, DockerStackProps, GeneratedSecret, Healthcheck, ImmutableImage,
  RegistryImage, Volume,
} from "docker-iac";
import { exampleDir } from "./example-inputs";
import { serverImage, serverImageSource } from "./server-images";

export interface TodoStackProps extends DockerStackProps {
  /**
   * Host port of the proxy, the only published one (on 127.0.0.1).
   * @default 18120
   */
  readonly hostPort?: number;

  /**
   * Keep the database volume (the TODOs) when the stack is destroyed.
   * @default true (remove it by hand: `docker volume rm <namePrefix>-db-data`)
   */
  readonly keepDataOnDestroy?: boolean;
}

const DB_PASSWORD = "/run/secrets/db_password";
const CACHE_PASSWORD = "/run/secrets/cache_password";
const SMALL_TMP = "rw,noexec,nosuid,size=1m";
const API_HEALTH_PROBE =
  "import socket,sys; s=socket.create_connection(('127.0.0.1',8080),5); s.sendall(b'GET /health HTTP/1.0\\r\\n\\r\\n'); " +
  "sys.exit(0 if s.recv(16).startswith(b'HTTP/1.0 200') else 1)";

/**
 * A real three-tier app: nginx -> a python API -> PostgreSQL, with Redis as a cache.
 * Only the proxy publishes a port; the database and the cache sit on an internal
 * network the proxy does not join. A one-shot migration creates the schema before the
 * API starts. Passwords are generated into files outside the repo and mounted read-only.
 */
export class TodoStack extends DockerStack {
  constructor(scope: Construct, id: string, props: TodoStackProps = {}) {
    super(scope, id, props);
    const hostPort = props.hostPort ?? 18120;
    const publicImages = serverImageSource(this) === "public";
    const postgres = serverImage(this, "postgres");
    const redis = serverImage(this, "redis");

    // Two networks: the edge (proxy and API) and the backend (API, database, cache), which
    // is internal: no route out, and the proxy is not on it.
    const edge = new BridgeNetwork(this, "Edge");
    const backend = new BridgeNetwork(this, "Backend", { internal: true });

    const dbPassword = new GeneratedSecret(this, "DbPassword");
    const cachePassword = new GeneratedSecret(this, "CachePassword");
    const dbData = new Volume(this, "DbData", { retainOnDestroy: props.keepDataOnDestroy ?? true });

    const db = new Container(this, "Db", {
      image: new RegistryImage(this, "PostgresImage", { reference: postgres.reference }),
      user: postgres.user,
      network: backend,
      command: ["postgres", "-c", "shared_buffers=32MB", "-c", "max_connections=40"],
      environment: {
        POSTGRES_USER: "todo",
        POSTGRES_DB: "todo",
        POSTGRES_PASSWORD_FILE: DB_PASSWORD,
        PGDATA: "/var/lib/postgresql/data",
      },
      volumes: { "/var/lib/postgresql/data": dbData },
      // The socket and lock files; the data goes to the volume, so the root stays read-only.
      tmpfs: { "/tmp": SMALL_TMP, "/var/run/postgresql": SMALL_TMP },
      memoryMiB: 256,
      healthcheck: Healthcheck.fromCommand(["pg_isready", "-h", "127.0.0.1", "-U", "todo", "-d", "todo"], {
        intervalSeconds: 2, retries: 30,
      }),
      stopTimeoutSeconds: 30,
    });
    db.mountHostPath(DB_PASSWORD, dbPassword.hostPath);

    // Redis takes no password file: the start line writes its config into the tmpfs.
    const cache = new Container(this, "Cache", {
      image: new RegistryImage(this, "RedisImage", { reference: redis.reference }),
      user: redis.user,
      network: backend,
      command: ["sh", "-c",
        `printf 'requirepass %s\\n' "$(cat ${CACHE_PASSWORD})" > /tmp/redis.conf && exec redis-server /tmp/redis.conf ` +
        "--bind 0.0.0.0 --protected-mode no --save '' --appendonly no --maxmemory 32mb --maxmemory-policy allkeys-lru"],
      workingDirectory: "/tmp",
      memoryMiB: 64,
      healthcheck: Healthcheck.fromShell(`REDISCLI_AUTH="$(cat ${CACHE_PASSWORD})" redis-cli ping | grep -q PONG`, {
        intervalSeconds: 2, retries: 15,
      }),
    });
    cache.mountHostPath(CACHE_PASSWORD, cachePassword.hostPath);

    const api = new ImmutableImage(this, "ApiImage", {
      context: exampleDir("todo", "api"),
      dockerfile: publicImages ? "Dockerfile.public" : "Dockerfile",
      buildArgs: { RUNTIME_IMAGE: serverImage(this, "python").reference },
    });
    // Service names (`db`, `cache`, `api`) are network aliases, as in Compose.
    const appEnvironment = {
      DB_HOST: db.serviceName,
      DB_NAME: "todo",
      DB_USER: "todo",
      DB_PASSWORD_FILE: DB_PASSWORD,
      REDIS_HOST: cache.serviceName,
      REDIS_PASSWORD_FILE: CACHE_PASSWORD,
    };

    // One-shot: creates or upgrades the schema once the database is healthy, then exits.
    const migrate = new Container(this, "Migrate", {
      image: api,
      network: backend,
      command: ["python3", "/app/migrate.py"],
      environment: appEnvironment,
      mustRun: false,
      memoryMiB: 64,
      dependsOn: [{ container: db, condition: DependencyCondition.HEALTHY }],
    });
    migrate.mountHostPath(DB_PASSWORD, dbPassword.hostPath);

    const app = new Container(this, "Api", {
      image: api,
      network: edge,
      environment: { ...appEnvironment, PORT: "8080" },
      // A bare socket, not urllib: on a read-only root python compiles every import on each
      // run (no .pyc), and urllib pulls in http, email and ssl, seconds on a busy machine.
      healthcheck: Healthcheck.fromCommand(["python3", "-c", API_HEALTH_PROBE], { intervalSeconds: 2, timeoutSeconds: 10, retries: 15 }),
      // The schema first: a failed migration stops the deploy before the API is replaced.
      dependsOn: [
        { container: migrate, condition: DependencyCondition.COMPLETED_SUCCESSFULLY },
        { container: cache, condition: DependencyCondition.HEALTHY },
      ],
    });
    app.joinNetwork(backend);
    app.mountHostPath(DB_PASSWORD, dbPassword.hostPath);
    app.mountHostPath(CACHE_PASSWORD, cachePassword.hostPath);

    const proxy = new Container(this, "Proxy", {
      image: new ImmutableImage(this, "ProxyImage", {
        context: exampleDir("todo", "proxy"),
        buildArgs: { PROXY_IMAGE: serverImage(this, "nginx").reference },
      }),
      network: edge,
      portForwards: [{ containerPort: 8080, hostPort }],
      memoryMiB: 64,
      // Its config names the API by service name: `api`.
      dependsOn: [{ container: app, condition: DependencyCondition.HEALTHY }],
    });

    new TerraformOutput(this, "url", { value: `http://127.0.0.1:${hostPort}/todos` });
    new TerraformOutput(this, "containers", {
      value: [proxy.containerName, app.containerName, migrate.containerName, db.containerName, cache.containerName],
    });
    new TerraformOutput(this, "db_volume", { value: dbData.volumeName });
  }
}
