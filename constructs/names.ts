import { IConstruct } from "constructs";
import { invalid, isUnresolved } from "./errors";

// Docker's own rule for container, network and volume names (daemon/names.go).
const DOCKER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** The kinds of Docker object that carry a name unique on one engine. */
export type NamedKind = "container" | "network" | "volume";

/** Throws unless `name` is a name Docker accepts for a container, network or volume. */
export function validateDockerName(scope: IConstruct, kind: NamedKind, name: string): void {
  if (isUnresolved(name)) return;
  if (!DOCKER_NAME.test(name)) {
    throw invalid(
      scope,
      `invalid ${kind} name '${name}'`,
      "use at least two characters from [a-zA-Z0-9_.-], starting with a letter or digit",
    );
  }
}

/** Turns a construct id such as `WebServer` into a Docker-friendly `web-server`. */
export function kebab(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[^a-zA-Z0-9_.-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();
}
