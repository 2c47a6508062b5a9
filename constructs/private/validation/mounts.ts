import * as fs from "fs";
import * as path from "path";
import { sensitiveMountReason } from "../security";
import { fail, show, type Where } from "./values";
import { ErrorCode } from "../../error-code";

// runc refuses every mount on or inside /proc but these files, which lxcfs emulates (checkProcMount).
const PROC_MOUNTS = [
  "/proc/cpuinfo",
  "/proc/diskstats",
  "/proc/meminfo",
  "/proc/stat",
  "/proc/swaps",
  "/proc/uptime",
  "/proc/loadavg",
  "/proc/slabinfo",
  "/proc/net/dev",
  "/proc/sys/kernel/ns_last_pid",
];

/**
 * Docker's rules for a path inside the container (a mount or tmpfs destination, the
 * working directory): absolute, already normalized (Docker would clean `/a/../b` to `/b`
 * and the plan would never match), never `/` itself or /proc for a mount, and no `:` (the provider
 * writes binds as `source:destination:mode`).
 */
export function checkContainerPath(
  where: Where,
  what: string,
  containerPath: unknown,
  options: { mount: boolean },
): string {
  if (typeof containerPath !== "string")
    throw fail(
      where,
      ErrorCode.WRONG_TYPE,
      `${what} ${show(containerPath)} is not a string`,
      "give an absolute path such as /data",
    );
  if (!containerPath.startsWith("/"))
    throw fail(
      where,
      ErrorCode.INVALID_CONTAINER_PATH,
      `${what} '${containerPath}' is not absolute`,
      "give an absolute path such as /data",
    );
  if (containerPath.includes("\0"))
    throw fail(
      where,
      ErrorCode.NUL_CHARACTER,
      `${what} ${show(containerPath)} contains a NUL character`,
      "remove the NUL",
    );
  const normalized = normalize(containerPath);
  if (normalized !== containerPath)
    throw fail(
      where,
      ErrorCode.INVALID_CONTAINER_PATH,
      `${what} '${containerPath}' is not normalized`,
      `write it as '${normalized}'`,
    );
  if (options.mount && containerPath === "/")
    throw fail(
      where,
      ErrorCode.INVALID_CONTAINER_PATH,
      `${what} is '/', the container's root`,
      "mount at a folder such as /data",
    );
  if (options.mount && containerPath.includes(":"))
    throw fail(
      where,
      ErrorCode.INVALID_CONTAINER_PATH,
      `${what} '${containerPath}' contains ':'`,
      "use a path without ':' (Docker's bind syntax separates fields with it)",
    );
  if (
    options.mount &&
    (containerPath === "/proc" || (containerPath.startsWith("/proc/") && !PROC_MOUNTS.includes(containerPath)))
  ) {
    throw fail(
      where,
      ErrorCode.INVALID_CONTAINER_PATH,
      `${what} '${containerPath}' is ${containerPath === "/proc" ? "the container's /proc" : "inside /proc"}, where the runtime refuses mounts`,
      "mount at a folder outside /proc, such as /data",
    );
  }
  return containerPath;
}

// Mount flags Docker's option parser knows (moby/sys/mount), which a tmpfs takes besides its data options.
const MOUNT_FLAGS = [
  "defaults",
  "ro",
  "rw",
  "suid",
  "nosuid",
  "dev",
  "nodev",
  "exec",
  "noexec",
  "sync",
  "async",
  "dirsync",
  "remount",
  "mand",
  "nomand",
  "atime",
  "noatime",
  "diratime",
  "nodiratime",
  "bind",
  "rbind",
  "unbindable",
  "runbindable",
  "private",
  "rprivate",
  "shared",
  "rshared",
  "slave",
  "rslave",
  "relatime",
  "norelatime",
  "strictatime",
  "nostrictatime",
  "tmpcopyup",
  "notmpcopyup",
];
// tmpfs(5) data options: the kernel refuses the mount (and so the container start) on any other.
const KERNEL_NUMBER = /^\d+[kKmMgGtTpPeE]?$/;
const TMPFS_OPTIONS: Record<string, { rule: RegExp; example: string } | undefined> = {
  size: { rule: /^\d+([kKmMgGtTpPeE]|%)?$/, example: "size=16m or size=10%" },
  nr_blocks: { rule: KERNEL_NUMBER, example: "nr_blocks=1k" },
  nr_inodes: { rule: KERNEL_NUMBER, example: "nr_inodes=10k" },
  mode: { rule: /^[0-7]{1,4}$/, example: "mode=1777 (octal)" },
  uid: { rule: /^\d+$/, example: "uid=1000" },
  gid: { rule: /^\d+$/, example: "gid=1000" },
  huge: { rule: /^(never|always|within_size|advise|deny|force)$/, example: "huge=never" },
  mpol: undefined,
};
const TMPFS_WORDS = ["inode32", "inode64", "noswap"];

/** A tmpfs's mount options, as Docker and the kernel take them: "rw,noexec,nosuid,size=16m". */
export function checkTmpfsOptions(where: Where, containerPath: string, options: string): void {
  if (options === "") return;
  for (const option of options.split(",")) {
    if (option === "" || MOUNT_FLAGS.includes(option) || TMPFS_WORDS.includes(option)) continue;
    const [key, value] = option.split(/=(.*)/s);
    if (value === undefined || !(key in TMPFS_OPTIONS)) {
      throw fail(
        where,
        ErrorCode.UNKNOWN_VALUE,
        `tmpfs ${containerPath} has the option ${show(option)}, which is neither a mount flag nor a tmpfs option`,
        `write options like "rw,noexec,nosuid,size=16m", without spaces (tmpfs takes ${Object.keys(TMPFS_OPTIONS).join(", ")})`,
      );
    }
    const rule = TMPFS_OPTIONS[key];
    if (rule !== undefined && !rule.rule.test(value)) {
      throw fail(
        where,
        ErrorCode.INVALID_NUMBER,
        `tmpfs ${containerPath} has ${show(option)}, which the kernel does not parse`,
        `write it as e.g. ${rule.example}`,
      );
    }
  }
}

/** A host path as a bind source: absolute, no `:`, no NUL. Returns the normalized path. */
export function checkHostPath(where: Where, hostPath: unknown): string {
  if (typeof hostPath !== "string")
    throw fail(
      where,
      ErrorCode.WRONG_TYPE,
      `host path ${show(hostPath)} is not a string`,
      "give an absolute host path",
    );
  if (!hostPath.startsWith("/"))
    throw fail(
      where,
      ErrorCode.INVALID_HOST_PATH,
      `host path '${hostPath}' is not absolute`,
      "give an absolute host path",
    );
  if (hostPath.includes("\0"))
    throw fail(
      where,
      ErrorCode.NUL_CHARACTER,
      `host path ${show(hostPath)} contains a NUL character`,
      "remove the NUL",
    );
  if (hostPath.includes(":"))
    throw fail(
      where,
      ErrorCode.INVALID_HOST_PATH,
      `host path '${hostPath}' contains ':'`,
      "use a path without ':' (Docker's bind syntax separates fields with it), e.g. through a symlink",
    );
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
  if (real !== undefined && holdsDockerSocket(real))
    return `it holds ${path.posix.join(real, "docker.sock")}, a Docker socket, which gives root on the host`;
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
