import * as fs from "fs";
import * as path from "path";
import { sensitiveMountReason } from "../security";
import { fail, show, Where } from "./values";
import { ErrorCode } from "../../error-code";

/**
 * Docker's rules for a path inside the container (a mount or tmpfs destination, the
 * working directory): absolute, already normalized (Docker would clean `/a/../b` to `/b`
 * and the plan would never match), never `/` itself for a mount, and no `:` (the provider
 * writes binds as `source:destination:mode`).
 */
export function checkContainerPath(where: Where, what: string, containerPath: unknown, options: { mount: boolean }): string {
  if (typeof containerPath !== "string") throw fail(where, ErrorCode.WRONG_TYPE, `${what} ${show(containerPath)} is not a string`, "give an absolute path such as /data");
  if (!containerPath.startsWith("/")) throw fail(where, ErrorCode.INVALID_CONTAINER_PATH, `${what} '${containerPath}' is not absolute`, "give an absolute path such as /data");
  if (containerPath.includes("\0")) throw fail(where, ErrorCode.NUL_CHARACTER, `${what} ${show(containerPath)} contains a NUL character`, "remove the NUL");
  const normalized = normalize(containerPath);
  if (normalized !== containerPath) throw fail(where, ErrorCode.INVALID_CONTAINER_PATH, `${what} '${containerPath}' is not normalized`, `write it as '${normalized}'`);
  if (options.mount && containerPath === "/") throw fail(where, ErrorCode.INVALID_CONTAINER_PATH, `${what} is '/', the container's root`, "mount at a folder such as /data");
  if (options.mount && containerPath.includes(":")) throw fail(where, ErrorCode.INVALID_CONTAINER_PATH, `${what} '${containerPath}' contains ':'`, "use a path without ':' (Docker's bind syntax separates fields with it)");
  return containerPath;
}

/** A host path as a bind source: absolute, no `:`, no NUL. Returns the normalized path. */
export function checkHostPath(where: Where, hostPath: unknown): string {
  if (typeof hostPath !== "string") throw fail(where, ErrorCode.WRONG_TYPE, `host path ${show(hostPath)} is not a string`, "give an absolute host path");
  if (!hostPath.startsWith("/")) throw fail(where, ErrorCode.INVALID_HOST_PATH, `host path '${hostPath}' is not absolute`, "give an absolute host path");
  if (hostPath.includes("\0")) throw fail(where, ErrorCode.NUL_CHARACTER, `host path ${show(hostPath)} contains a NUL character`, "remove the NUL");
  if (hostPath.includes(":")) throw fail(where, ErrorCode.INVALID_HOST_PATH, `host path '${hostPath}' contains ':'`, "use a path without ':' (Docker's bind syntax separates fields with it), e.g. through a symlink");
  return hostPath;
}

/**
 * Why mounting the host path is dangerous, judged on the path as written AND on where it
 * really leads (a symlink `/srv/sock` to the Docker socket is the Docker socket).
 */
export function sensitiveHostPathReason(hostPath: string): string | undefined {
  const literal = sensitiveMountReason(hostPath);
  if (literal) return literal;
  const real = realPathOfExistingPart(hostPath);
  if (real !== undefined && real !== normalize(hostPath)) {
    const reason = sensitiveMountReason(real);
    if (reason) return `it resolves to ${real}, and ${reason}`;
  }
  if (real !== undefined && holdsDockerSocket(real)) return `it holds ${path.posix.join(real, "docker.sock")}, a Docker socket, which gives root on the host`;
  return undefined;
}

/** The real path of the longest existing prefix, with the rest appended; undefined if nothing resolves. */
function realPathOfExistingPart(hostPath: string): string | undefined {
  let existing = normalize(hostPath);
  const rest: string[] = [];
  while (existing !== "/") {
    try {
      const real = fs.realpathSync(existing);
      return rest.length ? path.posix.join(real, ...rest.reverse()) : real;
    } catch {
      rest.push(path.posix.basename(existing));
      existing = path.posix.dirname(existing);
    }
  }
  return undefined;
}

function holdsDockerSocket(dir: string): boolean {
  try {
    return fs.lstatSync(path.posix.join(dir, "docker.sock")).isSocket();
  } catch {
    return false;
  }
}

function normalize(p: string): string {
  return path.posix.normalize(p).replace(/(.)\/+$/, "$1");
}
