import * as path from "path";
import type { IConstruct } from "constructs";

/** The public image examples build on when no `baseImage` context is given (online users). */
export const DEFAULT_BASE_IMAGE = "busybox:1.37.0";

/** The base image for example Dockerfiles: context `baseImage` (tests pass a locally built one). */
export function baseImage(scope: IConstruct): string {
  return (scope.node.tryGetContext("baseImage") as string | undefined) ?? DEFAULT_BASE_IMAGE;
}

/** The folder of an example under examples/. */
export function exampleDir(...parts: string[]): string {
  return path.join(__dirname, "..", "examples", ...parts);
}
