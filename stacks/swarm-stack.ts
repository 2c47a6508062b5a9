import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import {
  DockerStack, DockerStackProps, EndpointMode, Healthcheck, ImmutableImage, OverlayNetwork, PublishMode, SwarmConfig,
  SwarmSecret, SwarmService, UpdateOrder, Volume,
} from "docker-iac";
import { baseImage, exampleDir } from "./example-inputs";

/** Where the DB password lives when no context says otherwise: outside the repository. */
export const DEFAULT_SWARM_SECRETS_DIR = "~/.cache/docker-iac/secrets";

/** A healthcheck that asks the task's own web server for a page (nc: no wget in the base image). */
function answers(page: string, expected: string): Healthcheck {
  return Healthcheck.fromShell(
    `printf 'GET ${page} HTTP/1.0\\r\\n\\r\\n' | nc -w 2 127.0.0.1 8080 | grep -q '${expected}'`,
    // Generous: on a busy machine a check can take seconds, and an unhealthy task is killed.
    { intervalSeconds: 3, timeoutSeconds: 5, retries: 3 },
  );
}

export interface SwarmStackProps extends DockerStackProps {
  /**
   * Host port of the front service, published in host mode on the node that runs it.
   * @default 18130
   */
  readonly hostPort?: number;
  /**
   * Tasks of the API service.
   * @default 3
   */
  readonly apiReplicas?: number;
  /**
   * The API's source folder (tests point it at a changed copy).
   * @default examples/swarm/api
   */
  readonly apiSource?: string;
  /**
   * Folder holding `swarm-db-password` (`scripts/swarm.sh secrets` writes one).
   * @default - the context value `swarmSecretsDir`, else ~/.cache/docker-iac/secrets
   */
  readonly secretsDir?: string;
}

/**
 * The bridge example's tiers on Docker Swarm: a front publishing one port in host mode, an
 * API of three replicas it reaches by DNS round robin over an overlay network, and a "DB" of
 * one replica pinned to the node that holds its volume. The DB password is a Swarm secret.
 */
export class SwarmStack extends DockerStack {
  constructor(scope: Construct, id: string, props: SwarmStackProps = {}) {
    super(scope, id, props);
    const hostPort = props.hostPort ?? 18130;
    const buildArgs = { BASE_IMAGE: baseImage(this) };
    const secretsDir = props.secretsDir ?? (this.node.tryGetContext("swarmSecretsDir") as string | undefined) ?? DEFAULT_SWARM_SECRETS_DIR;
    const network = new OverlayNetwork(this, "AppNetwork");
    const dbPassword = new SwarmSecret(this, "DbPassword", { file: `${secretsDir}/swarm-db-password` });
    const data = new Volume(this, "DbData");

    const db = new SwarmService(this, "Db", {
      image: new ImmutableImage(this, "DbImage", { context: exampleDir("swarm", "db"), buildArgs }),
      networks: [network],
      endpointMode: EndpointMode.DNSRR,
      volumes: { "/data": data },
      secrets: { "db-password": dbPassword },
      healthcheck: answers("/cgi-bin/db", "denied"),
      // A local volume lives on one node; the DB must run where Terraform created it.
      placementConstraints: ["node.role == manager"],
      // Two DB tasks must never write the same data: stop the old one first.
      updatePolicy: { order: UpdateOrder.STOP_FIRST },
      rollbackPolicy: { order: UpdateOrder.STOP_FIRST },
    });

    // The front's config names the API service: its content (and hash) is fixed at synth, so
    // the name is the plain default one (the serviceName attribute is a token).
    const apiName = this.defaultName("Api");
    const api = new SwarmService(this, "Api", {
      serviceName: apiName,
      image: new ImmutableImage(this, "ApiImage", { context: props.apiSource ?? exampleDir("swarm", "api"), buildArgs }),
      replicas: props.apiReplicas ?? 3,
      networks: [network],
      // DNS round robin needs no IPVS (see the README); the front spreads the requests.
      endpointMode: EndpointMode.DNSRR,
      hostname: "{{.Service.Name}}.{{.Task.Slot}}",
      environment: { DB_HOST: db.serviceName, DB_PORT: "8080" },
      secrets: { "db-password": dbPassword },
      healthcheck: answers("/cgi-bin/health", "^ok"),
    });

    const frontConfig = new SwarmConfig(this, "FrontConfig", { content: `API_HOST=${apiName}\nAPI_PORT=8080\n` });
    const front = new SwarmService(this, "Front", {
      image: new ImmutableImage(this, "FrontImage", { context: exampleDir("swarm", "front"), buildArgs }),
      networks: [network],
      endpointMode: EndpointMode.DNSRR,
      ports: [{ targetPort: 8080, publishedPort: hostPort, mode: PublishMode.HOST }],
      configs: { "/etc/front.conf": frontConfig },
      healthcheck: answers("/", "200 OK"),
      placementConstraints: ["node.role == manager"],
      // One task holding a fixed host-mode port: the new task can only bind it once the old one is gone.
      updatePolicy: { order: UpdateOrder.STOP_FIRST },
      rollbackPolicy: { order: UpdateOrder.STOP_FIRST },
    });
    front.waiveAuditRule("5.13", "Swarm has no host IP for published ports; the example's nodes are this machine or test namespaces (see examples/swarm/README.md)");

    new TerraformOutput(this, "front_url", { value: `http://127.0.0.1:${hostPort}/cgi-bin/front` });
    new TerraformOutput(this, "services", { value: [front.serviceName, api.serviceName, db.serviceName] });
    new TerraformOutput(this, "network", { value: network.networkName });
  }
}
