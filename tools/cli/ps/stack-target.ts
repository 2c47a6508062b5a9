// What ps, logs and watch need to know about a synthesized stack to find it on the engine: the
// engine its provider talks to, the value of its stack label, and the containers and services
// it declares. All of it comes from the stack's cdk.tf.json, none from the construct tree.
import * as fs from "fs";
import Modem from "docker-modem";
import { STACK_LABEL } from "docker-iac";
import { CliError } from "../command";
import { engineOptions } from "../deploy/engine-info";
import type { ManifestStack } from "../project";

interface Labelled {
  name?: string;
  labels?: { label?: string; value?: string }[];
  rm?: boolean;
  must_run?: boolean;
  task_spec?: { container_spec?: { labels?: { label?: string; value?: string }[] } };
}

/** The parts of a cdk.tf.json read here. */
export interface SynthesizedStack {
  provider?: { docker?: { host?: string }[] };
  resource?: Record<string, Record<string, Labelled> | undefined>;
}

/** A stack as the engine knows it. */
export interface StackTarget {
  readonly stack: string;
  /** The io.docker-iac.stack value of its objects (the stack's name prefix). */
  readonly label: string;
  /** The provider's host, or undefined for DOCKER_HOST / the local socket. */
  readonly host: string | undefined;
  /** Names of the containers that should exist whenever the stack is deployed. */
  readonly containers: string[];
  readonly services: string[];
}

/** A name Terraform computes (`${...}`) is not known before apply. */
const literal = (name: string | undefined): name is string => typeof name === "string" && !name.includes("${");

/** The target of a stack from its synthesized configuration (pure: tests give the JSON). */
export function stackTarget(stack: string, config: SynthesizedStack): StackTarget {
  const resources = config.resource ?? {};
  const all = Object.values(resources).flatMap((byId) => Object.values(byId ?? {}));
  const label =
    all.flatMap((r) => r.labels ?? []).find((l) => l.label === STACK_LABEL && literal(l.value))?.value ?? stack;
  const containers = Object.values(resources.docker_container ?? {})
    // A container removed on exit (rm) or allowed to stop (a one-off job) is not missing when it is gone.
    .filter((c) => !c.rm && c.must_run !== false)
    .map((c) => c.name)
    .filter(literal);
  const services = Object.values(resources.docker_service ?? {})
    .map((s) => s.name)
    .filter(literal);
  return {
    stack,
    label,
    host: config.provider?.docker?.[0]?.host,
    containers: containers.sort(),
    services: services.sort(),
  };
}

export function readStackTarget(stack: ManifestStack): StackTarget {
  let config: SynthesizedStack;
  try {
    config = JSON.parse(fs.readFileSync(stack.config, "utf8")) as SynthesizedStack;
  } catch (err) {
    throw new CliError(
      `cannot read stack '${stack.name}' (${(err as Error).message}). Fix: synthesize again (\`npx cdktf synth\`)`,
    );
  }
  return stackTarget(stack.name, config);
}

/** One client per engine address: stacks on the same engine share it. */
const modems = new Map<string, Modem>();

/**
 * The client for the engine a stack deploys to: its provider host, else DOCKER_HOST (with
 * DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, read by docker-modem itself), else the local socket.
 */
export function engineFor(target: StackTarget): Modem {
  const key = target.host ?? "";
  let modem = modems.get(key);
  if (!modem) {
    const options =
      target.host === undefined || target.host === process.env.DOCKER_HOST ? undefined : engineOptions(target.host);
    if (target.host !== undefined && target.host !== process.env.DOCKER_HOST && !options) {
      throw new CliError(
        `stack '${target.stack}' deploys to ${target.host}, which this command cannot reach on its own (TLS or SSH). Fix: set DOCKER_HOST=${target.host} (and DOCKER_TLS_VERIFY / DOCKER_CERT_PATH) and run it again`,
      );
    }
    modem = options ? new Modem(options) : new Modem();
    modems.set(key, modem);
  }
  return modem;
}

/** Where an engine is, for messages. */
export function engineAddress(target: StackTarget): string {
  return target.host ?? process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
}

/** GET a JSON endpoint of the Engine API; a failure to connect becomes one line with the fix. */
export function getJson<T>(
  modem: Modem,
  target: StackTarget,
  path: string,
  options: Record<string, unknown> = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    // docker-modem appends the query only to a path that ends in "?" (as dockerode's do).
    modem.dial(
      {
        path: Object.keys(options).length ? `${path}?` : path,
        method: "GET",
        options,
        statusCodes: { 200: true, 404: "no such object", 503: "unavailable", 500: "server error" },
      },
      (err, data) => {
        if (!err) return resolve(data as T);
        const code = (err as { code?: string }).code;
        if (code === "ENOENT" || code === "ECONNREFUSED" || code === "EACCES") {
          reject(
            new CliError(
              `cannot reach the Docker engine of stack '${target.stack}' at ${engineAddress(target)} (${code}). Fix: start Docker, or set DOCKER_HOST to the engine the stack deploys to`,
            ),
          );
        } else reject(new EngineError(target, err as Error & { statusCode?: number }));
      },
    );
  });
}

/** An answer of the engine other than success: one line (exit 1) unless the caller expects its status. */
export class EngineError extends CliError {
  readonly statusCode?: number;

  constructor(target: StackTarget, err: Error & { statusCode?: number; json?: { message?: string } | null }) {
    const said = err.json?.message ?? err.message;
    super(
      `the Docker engine of stack '${target.stack}' at ${engineAddress(target)} answered: ${said}. Fix: see \`docker info\` on that engine, or run it again`,
    );
    this.statusCode = err.statusCode;
  }
}

/** The label filter of a stack's objects, as the Engine API's list endpoints take it. */
export function labelFilter(target: StackTarget): string {
  return JSON.stringify({ label: [`${STACK_LABEL}=${target.label}`] });
}
