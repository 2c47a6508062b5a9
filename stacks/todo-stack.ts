import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import {
  BridgeNetwork,
  Container,
  DependencyCondition,
  DockerStack,
  type DockerStackProps,
  GeneratedSecret,
  RegistryImage,
  UpdateOrder,
  Volume,
} from "docker-iac";
import { serverImage } from "./server-images";
import {
  apiEnvironment,
  apiHealthcheck,
  apiImage,
  CACHE_PASSWORD,
  DB_PASSWORD,
  POSTGRES_COMMAND,
  POSTGRES_ENVIRONMENT,
  postgresHealthcheck,
  proxyImage,
  REDIS_COMMAND,
  redisHealthcheck,
} from "./todo-app";

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

  /**
   * The API's source folder (the bench upgrades a copy of it).
   * @default examples/todo/api
   */
  readonly apiSource?: string;
}

const SMALL_TMP = "rw,noexec,nosuid,size=1m";

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
      command: POSTGRES_COMMAND,
      environment: POSTGRES_ENVIRONMENT,
      volumes: { "/var/lib/postgresql/data": dbData },
      // The socket and lock files; the data goes to the volume, so the root stays read-only.
      tmpfs: { "/tmp": SMALL_TMP, "/var/run/postgresql": SMALL_TMP },
      memoryMiB: 256,
      healthcheck: postgresHealthcheck(),
      // Deploy returns once the database answers (nothing depends on it through Terraform: the
      // start-first API and migration may not, so a replaced database is waited for here).
      waitForHealthy: true,
      stopTimeoutSeconds: 30,
    });
    db.mountHostPath(DB_PASSWORD, dbPassword.hostPath);

    const cache = new Container(this, "Cache", {
      image: new RegistryImage(this, "RedisImage", { reference: redis.reference }),
      user: redis.user,
      network: backend,
      command: REDIS_COMMAND,
      workingDirectory: "/tmp",
      memoryMiB: 64,
      healthcheck: redisHealthcheck(),
      waitForHealthy: true,
    });
    cache.mountHostPath(CACHE_PASSWORD, cachePassword.hostPath);

    const api = apiImage(this, "ApiImage", props.apiSource);
    // Service names (`db`, `cache`, `api`) are network aliases, as in Compose.
    const appEnvironment = apiEnvironment(db.serviceName, cache.serviceName);

    // One-shot: creates or upgrades the schema, then exits. It waits for the database itself
    // (migrate.py retries for 60 s) rather than through Terraform: as a dependency of the
    // start-first API it is replaced create-before-destroy, and so would be its own
    // dependencies, and a second PostgreSQL must never start on the same volume.
    const migrate = new Container(this, "Migrate", {
      image: api,
      network: backend,
      command: ["python3", "/app/migrate.py"],
      environment: appEnvironment,
      mustRun: false,
      memoryMiB: 64,
      updateOrder: UpdateOrder.START_FIRST,
    });
    migrate.mountHostPath(DB_PASSWORD, dbPassword.hostPath);

    const app = new Container(this, "Api", {
      image: api,
      network: edge,
      environment: { ...appEnvironment, PORT: "8080" },
      healthcheck: apiHealthcheck(),
      // A new version starts next to the old one under a name of its own, on the same service
      // name `api`, and the old one goes once the new one is healthy: the proxy keeps answering.
      updateOrder: UpdateOrder.START_FIRST,
      // The schema first: a failed migration stops the deploy before the API is replaced.
      // No Terraform dependency on the cache (it would be replaced create-before-destroy too):
      // the API is healthy only once PostgreSQL and Redis answer, and the deploy waits for that.
      dependsOn: [{ container: migrate, condition: DependencyCondition.COMPLETED_SUCCESSFULLY }],
    });
    app.joinNetwork(backend);
    app.mountHostPath(DB_PASSWORD, dbPassword.hostPath);
    app.mountHostPath(CACHE_PASSWORD, cachePassword.hostPath);

    const proxy = new Container(this, "Proxy", {
      image: proxyImage(this, "ProxyImage"),
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
