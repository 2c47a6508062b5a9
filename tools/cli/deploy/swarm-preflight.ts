// Before Terraform runs: a stack that declares Swarm objects needs an engine that is a swarm
// manager. Without this check, Terraform builds the images, creates the volumes, and then ends
// with one "This node is not a swarm manager" error per service, secret, config and overlay
// network, leaving half a stack behind.
import * as fs from "fs";
import * as os from "os";
import Modem from "docker-modem";

/** The resource types only a swarm manager can create. */
const SWARM_TYPES = ["docker_service", "docker_secret", "docker_config"];

/** The `resource` block of a synthesized cdk.tf.json, as far as the checks read it. */
export type Resources = Record<string, Record<string, { driver?: string; data?: string }>>;

/** What SwarmSecret writes for a `file`: Terraform reads (and hashes) it when it plans. */
const SECRET_FILE = /^\$\{filebase64\(pathexpand\("((?:[^"\\]|\\.)*)"\)\)\}$/;

/**
 * One line per secret file Terraform would not find: without this, the plan fails with two
 * errors per file (filebase64 and filesha256). `~` is expanded as Terraform's pathexpand does.
 */
export function missingSecretFiles(stack: string, config: { resource?: Resources }): string[] {
  const problems: string[] = [];
  for (const [name, secret] of Object.entries(config.resource?.docker_secret ?? {})) {
    const match = SECRET_FILE.exec(secret?.data ?? "");
    if (!match) continue;
    const written = match[1].replace(/\\(.)/g, "$1").replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
    const file = written === "~" || written.startsWith("~/") ? os.homedir() + written.slice(1) : written;
    if (!fs.existsSync(file)) {
      problems.push(`[deploy] ${stack}: docker_secret.${name} is made from ${file}, which does not exist. ` +
        "Fix: write the secret into that file (for the swarm example, `bash tools/dev/swarm.sh up` writes its passwords), or point the stack at the folder that holds it. Nothing was deployed.");
    }
  }
  return problems;
}

/** The addresses of a synthesized stack's Swarm objects (services, secrets, configs, overlay networks). */
export function swarmObjects(config: { resource?: Resources }): string[] {
  const resources = config.resource ?? {};
  const addresses: string[] = [];
  for (const [type, byName] of Object.entries(resources)) {
    for (const [name, body] of Object.entries(byName)) {
      if (SWARM_TYPES.includes(type) || (type === "docker_network" && body?.driver === "overlay")) addresses.push(`${type}.${name}`);
    }
  }
  return addresses.sort();
}

/** The engine's own view (`docker info`): its swarm state and whether it is a manager. */
export interface SwarmInfo {
  readonly LocalNodeState?: string;
  readonly ControlAvailable?: boolean;
}

/** What is wrong, in one line with the fix, or undefined when the engine can take the stack. */
export function swarmProblem(stack: string, objects: readonly string[], info: SwarmInfo, engine: string): string | undefined {
  if (!objects.length) return undefined;
  const what = `${objects.length} Swarm object(s) (${objects.slice(0, 3).join(", ")}${objects.length > 3 ? ", ..." : ""})`;
  if (info.LocalNodeState !== "active") {
    return `[deploy] ${stack}: the stack declares ${what}, but the engine at ${engine} is not part of a swarm (swarm state: ${info.LocalNodeState || "unknown"}). ` +
      "Fix: make it a single-node swarm with `bash tools/dev/swarm.sh up` (or `docker swarm init`), or point DOCKER_HOST at a swarm manager. Nothing was deployed.";
  }
  if (!info.ControlAvailable) {
    return `[deploy] ${stack}: the stack declares ${what}, but the engine at ${engine} is a swarm worker; only managers create services, secrets and configs. ` +
      "Fix: point DOCKER_HOST at a manager (`docker node ls` on one lists them). Nothing was deployed.";
  }
  return undefined;
}

/** Reads `GET /info` from the engine. */
export function readSwarmInfo(modem: Modem): Promise<SwarmInfo> {
  return new Promise((resolve, reject) => {
    modem.dial({ path: "/info", method: "GET", statusCodes: { 200: true } }, (err, data) => {
      if (err) reject(err);
      else resolve(((data as { Swarm?: SwarmInfo }).Swarm) ?? {});
    });
  });
}

/**
 * How to reach the engine the provider talks to: the provider block's `host`, else
 * DOCKER_HOST, else the local socket. Undefined for what only the provider can reach (ssh://,
 * TLS): the check is skipped there and Terraform reports what it finds.
 */
export function engineOptions(providerHost: string | undefined): Modem.ConstructorOptions | undefined {
  const host = providerHost ?? process.env.DOCKER_HOST;
  if (host === undefined) return { socketPath: "/var/run/docker.sock" };
  if (host.startsWith("unix://")) return { socketPath: host.slice("unix://".length) };
  const tcp = /^tcp:\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(host);
  if (tcp && !process.env.DOCKER_TLS_VERIFY && !process.env.DOCKER_CERT_PATH) {
    return { host: tcp[1].replace(/^\[|\]$/g, ""), port: Number(tcp[2]), protocol: "http" };
  }
  return undefined;
}

/** One clean line when the stack needs a swarm manager and the engine is not one; undefined otherwise. */
export async function checkSwarmEngine(stack: string, config: { resource?: Resources; provider?: { docker?: { host?: string }[] } }): Promise<string | undefined> {
  const objects = swarmObjects(config);
  if (!objects.length) return undefined;
  const providerHost = config.provider?.docker?.[0]?.host;
  const options = engineOptions(providerHost);
  if (!options) return undefined;
  let info: SwarmInfo;
  try {
    info = await readSwarmInfo(new Modem(options));
  } catch {
    return undefined; // an engine that does not answer: Terraform's own error says so
  }
  return swarmProblem(stack, objects, info, providerHost ?? process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock");
}
