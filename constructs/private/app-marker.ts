import type { IConstruct } from "constructs";

// DockerApp marks itself so a DockerStack can tell it from cdktf's plain App without importing
// docker-app.ts (which imports docker-stack.ts). Symbol.for: a second copy of the library
// loaded in one program (a fixture, a linked package) still recognizes the mark.
const DOCKER_APP = Symbol.for("docker-iac/DockerApp");

export function markDockerApp(app: IConstruct): void {
  Object.defineProperty(app, DOCKER_APP, { value: true });
}

export function isDockerApp(root: IConstruct): boolean {
  return (root as unknown as Record<symbol, unknown>)[DOCKER_APP] === true;
}
