import { ErrorCode } from "../../error-code";
import { isUnresolved } from "../../errors";
import { checkFileNameLength } from "./file-names";
import { fail, show, type Where } from "./values";

// Docker's rule for container, network and volume names (daemon/names.go, volume/local).
const DOCKER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
// Names the daemon keeps for its own networks (runconfig.IsPreDefinedNetwork): creating one fails.
const PREDEFINED_NETWORKS = ["bridge", "host", "none", "default"];

/** Throws unless `name` is a name Docker accepts for a container, network or volume. */
export function checkDockerObjectName(where: Where, kind: "container" | "network" | "volume", name: unknown): string {
  if (isUnresolved(name)) return name as string;
  if (typeof name !== "string")
    throw fail(
      where,
      ErrorCode.WRONG_TYPE,
      `${kind} name ${show(name)} is not a string`,
      `give the ${kind} name as a string`,
    );
  if (!DOCKER_NAME.test(name)) {
    throw fail(
      where,
      ErrorCode.INVALID_DOCKER_NAME,
      `invalid ${kind} name '${name}'`,
      "use at least two characters from [a-zA-Z0-9_.-], starting with a letter or digit",
    );
  }
  // The local volume driver keeps each volume in a folder of its name; the daemon stores
  // container and network names only as keys, so they have no such limit.
  if (kind === "volume")
    checkFileNameLength(where, "volume name", name, "the local driver's folder /var/lib/docker/volumes/<name>");
  if (kind === "network" && PREDEFINED_NETWORKS.includes(name)) {
    throw fail(
      where,
      ErrorCode.INVALID_DOCKER_NAME,
      `network name '${name}' is one of Docker's predefined networks (${PREDEFINED_NETWORKS.join(", ")}), which the daemon refuses to create`,
      "give the network another name, or leave networkName out",
    );
  }
  return name;
}
