import { IConstruct } from "constructs";
import { checkDockerObjectName } from "./validation/docker-names";

/** The kinds of Docker object that carry a name unique on one engine. */
export type NamedKind = "container" | "network" | "volume";

/** Throws unless `name` is a name Docker accepts for a container, network or volume. */
export function validateDockerName(scope: IConstruct, kind: NamedKind, name: string): void {
  checkDockerObjectName(scope, kind, name);
}

/** Turns a construct id such as `WebServer` into a Docker-friendly `web-server`. */
export function kebab(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[^a-zA-Z0-9_.-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();
}
