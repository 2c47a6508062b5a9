// Before Terraform runs: a stack that declares Swarm objects needs an engine that is a swarm
// manager. Without this check, Terraform builds the images, creates the volumes, and then ends
// with one "This node is not a swarm manager" error per service, secret, config and overlay
// network, leaving half a stack behind.
import * as fs from "fs";
import * as os from "os";
import type { EngineInfo } from "./engine-info";

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
    const written = match[1]
      .replace(/\\(.)/g, "$1")
      .replace(/\$\$\{/g, "${")
      .replace(/%%\{/g, "%{");
    const file = written === "~" || written.startsWith("~/") ? os.homedir() + written.slice(1) : written;
    if (!fs.existsSync(file)) {
      problems.push(
        `[deploy] ${stack}: docker_secret.${name} is made from ${file}, which does not exist. ` +
          "Fix: write the secret into that file (for the swarm example, `bash tools/dev/swarm.sh up` writes its passwords), or point the stack at the folder that holds it. Nothing was deployed.",
      );
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
      if (SWARM_TYPES.includes(type) || (type === "docker_network" && body?.driver === "overlay"))
        addresses.push(`${type}.${name}`);
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
export function swarmProblem(
  stack: string,
  objects: readonly string[],
  info: SwarmInfo,
  engine: string,
): string | undefined {
  if (!objects.length) return undefined;
  const what = `${objects.length} Swarm object(s) (${objects.slice(0, 3).join(", ")}${objects.length > 3 ? ", ..." : ""})`;
  if (info.LocalNodeState !== "active") {
    return (
      `[deploy] ${stack}: the stack declares ${what}, but the engine at ${engine} is not part of a swarm (swarm state: ${info.LocalNodeState || "unknown"}). ` +
      "Fix: make it a single-node swarm with `bash tools/dev/swarm.sh up` (or `docker swarm init`), or point DOCKER_HOST at a swarm manager. Nothing was deployed."
    );
  }
  if (!info.ControlAvailable) {
    return (
      `[deploy] ${stack}: the stack declares ${what}, but the engine at ${engine} is a swarm worker; only managers create services, secrets and configs. ` +
      "Fix: point DOCKER_HOST at a manager (`docker node ls` on one lists them). Nothing was deployed."
    );
  }
  return undefined;
}

/** One clean line when the stack needs a swarm manager and the engine is not one; undefined otherwise. */
export function checkSwarmEngine(
  stack: string,
  config: { resource?: Resources },
  engine: EngineInfo | undefined,
): string | undefined {
  const objects = swarmObjects(config);
  // An engine that does not answer (or one only the provider can reach): Terraform's own error says so.
  if (!objects.length || !engine) return undefined;
  return swarmProblem(stack, objects, engine.info.Swarm ?? {}, engine.address);
}
