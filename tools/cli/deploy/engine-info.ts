// What the deploy's checks ask the engine before Terraform runs: `GET /info`, once per stack.
import Modem from "docker-modem";

/** The parts of `docker info` the checks read. */
export interface DockerInfo {
  readonly ServerVersion?: string;
  /** Swarm state: whether the engine is in a swarm and a manager. */
  readonly Swarm?: { readonly LocalNodeState?: string; readonly ControlAvailable?: boolean };
  /** The storage driver ("overlay2"; with the containerd image store, "overlayfs"). */
  readonly Driver?: string;
  /** Pairs such as ["driver-type", "io.containerd.snapshotter.v1"]. */
  readonly DriverStatus?: readonly (readonly [string, string])[] | null;
}

/** An engine's answer and the address it was reached at (for messages). */
export interface EngineInfo {
  readonly info: DockerInfo;
  readonly address: string;
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

/**
 * The engine the stack's provider talks to, or undefined when it does not answer or only the
 * provider can reach it: the checks are skipped then and Terraform reports what it finds.
 */
export async function readEngineInfo(config: {
  provider?: { docker?: { host?: string }[] };
}): Promise<EngineInfo | undefined> {
  const providerHost = config.provider?.docker?.[0]?.host;
  const options = engineOptions(providerHost);
  if (!options) return undefined;
  try {
    const info = await new Promise<DockerInfo>((resolve, reject) => {
      new Modem(options).dial({ path: "/info", method: "GET", statusCodes: { 200: true } }, (err, data) =>
        err ? reject(err) : resolve(data as DockerInfo),
      );
    });
    return { info, address: providerHost ?? process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock" };
  } catch {
    return undefined;
  }
}
