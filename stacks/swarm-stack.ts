import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import {
  DockerStack,
  type DockerStackProps,
  EndpointMode,
  Healthcheck,
  OverlayNetwork,
  PublishMode,
  RegistryImage,
  SwarmConfig,
  SwarmSecret,
  SwarmService,
  UpdateOrder,
  Volume,
} from "docker-iac";
import { exampleDir } from "./example-inputs";
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

/** Where the passwords live when no context says otherwise: outside the repository. */
export const DEFAULT_SWARM_SECRETS_DIR = "~/.cache/docker-iac/secrets";
/** The password files in that folder (`tools/dev/swarm.sh up` writes them). */
export const SWARM_SECRET_FILES = { db: "swarm-db-password", cache: "swarm-cache-password" } as const;

export interface SwarmStackProps extends DockerStackProps {
  /**
   * Host port of the proxy, published in host mode on the node that runs it.
   * @default 18130
   */
  readonly hostPort?: number;
  /**
   * Tasks of the API service.
   * @default 3
   */
  readonly apiReplicas?: number;
  /**
   * The API's source folder (tests and the bench point it at a changed copy).
   * @default examples/todo/api
   */
  readonly apiSource?: string;
  /**
   * Folder holding the password files `swarm-db-password` and `swarm-cache-password`.
   * @default - the context value `swarmSecretsDir`, else ~/.cache/docker-iac/secrets
   */
  readonly secretsDir?: string;
}

/**
 * The TODO app of the `todo` stack on Docker Swarm: nginx publishing one port in host mode,
 * the python API as three replicas it reaches by DNS round robin over an overlay network,
 * PostgreSQL as one replica pinned to the node that holds its volume, and Redis. The DB and
 * the cache sit on an internal overlay network the proxy does not join; their passwords are
 * Swarm secrets. The schema migration is each API task's first step (see the README).
 */
export class SwarmStack extends DockerStack {
  constructor(scope: Construct, id: string, props: SwarmStackProps = {}) {
    super(scope, id, props);
    const hostPort = props.hostPort ?? 18130;
    const secretsDir =
      props.secretsDir ??
      (this.node.tryGetContext("swarmSecretsDir") as string | undefined) ??
      DEFAULT_SWARM_SECRETS_DIR;
    const postgres = serverImage(this, "postgres");
    const redis = serverImage(this, "redis");

    // The edge (proxy and API) and the backend (API, DB, cache), which is internal: no route out.
    const edge = new OverlayNetwork(this, "Edge");
    const backend = new OverlayNetwork(this, "Backend", { internal: true });
    const dbPassword = new SwarmSecret(this, "DbPassword", { file: `${secretsDir}/${SWARM_SECRET_FILES.db}` });
    const cachePassword = new SwarmSecret(this, "CachePassword", { file: `${secretsDir}/${SWARM_SECRET_FILES.cache}` });
    const dbData = new Volume(this, "DbData");
    // PostgreSQL reads its password file only at initdb: this step sets a rotated one.
    const setPassword = new SwarmConfig(this, "DbSetPassword", { file: exampleDir("swarm", "db-set-password.sh") });

    const db = new SwarmService(this, "Db", {
      image: new RegistryImage(this, "PostgresImage", { reference: postgres.reference }),
      user: postgres.user,
      networks: [backend],
      endpointMode: EndpointMode.DNSRR,
      entrypoint: ["sh", "/etc/docker-iac/db-set-password.sh"],
      command: [...(postgres.entrypoint ?? []), ...POSTGRES_COMMAND],
      environment: POSTGRES_ENVIRONMENT,
      volumes: { "/var/lib/postgresql/data": dbData },
      tmpfs: ["/tmp", "/var/run/postgresql"],
      configs: { "/etc/docker-iac/db-set-password.sh": setPassword },
      secrets: { [DB_PASSWORD]: dbPassword },
      memoryMiB: 256,
      healthcheck: postgresHealthcheck(),
      stopGracePeriodSeconds: 30,
      // A local volume lives on one node; the DB must run where Terraform created it.
      placementConstraints: ["node.role == manager"],
      // Two PostgreSQL servers must never open the same data folder: stop the old task first.
      updatePolicy: { order: UpdateOrder.STOP_FIRST },
      rollbackPolicy: { order: UpdateOrder.STOP_FIRST },
    });

    const cache = new SwarmService(this, "Cache", {
      image: new RegistryImage(this, "RedisImage", { reference: redis.reference }),
      user: redis.user,
      networks: [backend],
      endpointMode: EndpointMode.DNSRR,
      command: REDIS_COMMAND,
      secrets: { [CACHE_PASSWORD]: cachePassword },
      memoryMiB: 64,
      healthcheck: redisHealthcheck(),
    });

    const api = new SwarmService(this, "Api", {
      image: apiImage(this, "ApiImage", props.apiSource),
      replicas: props.apiReplicas ?? 3,
      // DNS round robin needs no IPVS (see the README); the proxy spreads the requests.
      endpointMode: EndpointMode.DNSRR,
      // Each reply names its task (X-Served-By) by this hostname.
      hostname: "{{.Service.Name}}.{{.Task.Slot}}",
      // The DB and cache hosts are the service names (tokens: Terraform creates them first).
      environment: { ...apiEnvironment(db.serviceName, cache.serviceName), PORT: "8080", MIGRATE_ON_START: "1" },
      secrets: { [DB_PASSWORD]: dbPassword, [CACHE_PASSWORD]: cachePassword },
      healthcheck: apiHealthcheck(),
    });
    // The proxy's nginx.conf names the API `api`, as the todo stack's network alias does.
    api.joinNetwork(edge, { aliases: ["api"] });
    api.joinNetwork(backend);

    const proxy = new SwarmService(this, "Proxy", {
      image: proxyImage(this, "ProxyImage"),
      networks: [edge],
      endpointMode: EndpointMode.DNSRR,
      ports: [{ targetPort: 8080, publishedPort: hostPort, mode: PublishMode.HOST }],
      memoryMiB: 64,
      healthcheck: proxyHealthcheck(),
      placementConstraints: ["node.role == manager"],
      // One task holding a fixed host-mode port: the new task can only bind it once the old one is gone.
      updatePolicy: { order: UpdateOrder.STOP_FIRST },
      rollbackPolicy: { order: UpdateOrder.STOP_FIRST },
    });
    proxy.waiveAuditRule(
      "5.13",
      "Swarm has no host IP for published ports; the example's nodes are this machine or test namespaces (see examples/swarm/README.md)",
    );

    new TerraformOutput(this, "url", { value: `http://127.0.0.1:${hostPort}/todos` });
    new TerraformOutput(this, "services", {
      value: [proxy.serviceName, api.serviceName, db.serviceName, cache.serviceName],
    });
    new TerraformOutput(this, "networks", { value: [edge.networkName, backend.networkName] });
  }
}

/**
 * nginx answers its own 404 for `/` (so a slow API does not make the proxy unhealthy); bash
 * for /dev/tcp: the image has no HTTP client.
 */
function proxyHealthcheck(): Healthcheck {
  return Healthcheck.fromCommand(
    [
      "bash",
      "-c",
      "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET / HTTP/1.0\r\n\r\n' >&3 && timeout 3 head -c 12 <&3 | grep -q ' 404'",
    ],
    { intervalSeconds: 3, timeoutSeconds: 5, retries: 3 },
  );
}
