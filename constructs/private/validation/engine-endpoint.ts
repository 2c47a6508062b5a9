import { fail, type Where } from "./values";
import { ErrorCode } from "../../error-code";

/** The sockets a local engine listens on (/var/run is a link to /run on every modern Linux). */
export const LOCAL_SOCKET = "unix:///var/run/docker.sock";
const LOCAL_SOCKETS = [LOCAL_SOCKET, "unix:///run/docker.sock"];

/**
 * Checks a docker host URL as the Docker CLI and the provider read it, and returns the
 * engine's identity: two spellings of one engine (`TCP://Host:2376/`, `tcp://host:2376`;
 * no host and the default socket; no host and `DOCKER_HOST`) give the same string, so
 * clashes across stacks are found.
 */
export function engineIdentity(where: Where, host: string | undefined, dockerHostEnv: string | undefined): string {
  const given = host ?? (dockerHostEnv && dockerHostEnv.trim() !== "" ? dockerHostEnv.trim() : undefined);
  if (given === undefined) return LOCAL_SOCKET;
  const what = host === undefined ? `DOCKER_HOST '${given}'` : `docker host '${given}'`;
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/.exec(given);
  if (!match)
    throw fail(
      where,
      ErrorCode.INVALID_ENGINE_ENDPOINT,
      `${what} is not a URL`,
      "give unix:///path/to/docker.sock, tcp://host:port or ssh://[user@]host[:port]",
    );
  const scheme = match[1];
  const rest = match[2];
  // The Docker client compares the scheme as written: TCP:// reaches no engine.
  if (scheme !== scheme.toLowerCase())
    throw fail(
      where,
      ErrorCode.INVALID_ENGINE_ENDPOINT,
      `${what} has an upper-case scheme`,
      `write ${scheme.toLowerCase()}://${rest}`,
    );
  switch (scheme) {
    case "unix": {
      if (!rest.startsWith("/") || rest.includes("\0"))
        throw fail(
          where,
          ErrorCode.INVALID_ENGINE_ENDPOINT,
          `${what} does not name an absolute socket path`,
          "give unix:///var/run/docker.sock or another absolute path",
        );
      const socket = `unix://${rest.replace(/\/+/g, "/").replace(/(.)\/$/, "$1")}`;
      return LOCAL_SOCKETS.includes(socket) ? LOCAL_SOCKET : socket;
    }
    case "tcp": {
      const hostPort = /^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+):(\d{1,5})\/?$/.exec(rest);
      if (!hostPort || Number(hostPort[2]) < 1 || Number(hostPort[2]) > 65535) {
        throw fail(
          where,
          ErrorCode.INVALID_ENGINE_ENDPOINT,
          `${what} needs a host and a port`,
          "give tcp://host:port, e.g. tcp://127.0.0.1:2376 (2376 is Docker's TLS port)",
        );
      }
      return `tcp://${hostPort[1].toLowerCase()}:${Number(hostPort[2])}`;
    }
    case "ssh": {
      const ssh = /^(?:([^@/\s]+)@)?(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+)(?::(\d{1,5}))?\/?$/.exec(rest);
      if (!ssh || (ssh[3] !== undefined && (Number(ssh[3]) < 1 || Number(ssh[3]) > 65535))) {
        throw fail(
          where,
          ErrorCode.INVALID_ENGINE_ENDPOINT,
          `${what} is not ssh://[user@]host[:port]`,
          "give e.g. ssh://deploy@build-host",
        );
      }
      return `ssh://${ssh[1] ? `${ssh[1]}@` : ""}${ssh[2].toLowerCase()}:${ssh[3] ? Number(ssh[3]) : 22}`;
    }
    case "npipe":
      return `npipe://${rest.toLowerCase().replace(/\\/g, "/").replace(/\/$/, "")}`;
    case "http":
    case "https":
      throw fail(
        where,
        ErrorCode.INVALID_ENGINE_ENDPOINT,
        `${what} uses ${scheme}://, which Docker does not take for an engine address`,
        `use tcp://${rest.replace(/\/$/, "")} (TLS is set up with certificates, not the scheme)`,
      );
    default:
      throw fail(
        where,
        ErrorCode.INVALID_ENGINE_ENDPOINT,
        `unsupported ${what}`,
        "start it with one of unix://, tcp://, ssh://, npipe://",
      );
  }
}
