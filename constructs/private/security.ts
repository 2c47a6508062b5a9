import * as path from "path";

/**
 * Linux capabilities Docker knows (capabilities(7) without the CAP_ prefix). Containers
 * drop all of them and add back only what is listed.
 */
export const KNOWN_CAPABILITIES = [
  "AUDIT_CONTROL",
  "AUDIT_READ",
  "AUDIT_WRITE",
  "BLOCK_SUSPEND",
  "BPF",
  "CHECKPOINT_RESTORE",
  "CHOWN",
  "DAC_OVERRIDE",
  "DAC_READ_SEARCH",
  "FOWNER",
  "FSETID",
  "IPC_LOCK",
  "IPC_OWNER",
  "KILL",
  "LEASE",
  "LINUX_IMMUTABLE",
  "MAC_ADMIN",
  "MAC_OVERRIDE",
  "MKNOD",
  "NET_ADMIN",
  "NET_BIND_SERVICE",
  "NET_BROADCAST",
  "NET_RAW",
  "PERFMON",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYSLOG",
  "SYS_ADMIN",
  "SYS_BOOT",
  "SYS_CHROOT",
  "SYS_MODULE",
  "SYS_NICE",
  "SYS_PACCT",
  "SYS_PTRACE",
  "SYS_RAWIO",
  "SYS_RESOURCE",
  "SYS_TIME",
  "SYS_TTY_CONFIG",
  "WAKE_ALARM",
];

/** Host paths whose mount hands a container the host (CIS Docker Benchmark 5.5 and 5.31). */
export const SENSITIVE_HOST_PATHS = ["/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr"];
export const DOCKER_SOCKETS = ["/var/run/docker.sock", "/run/docker.sock"];

// Rootless engines listen on $XDG_RUNTIME_DIR/docker.sock, i.e. /run/user/<uid>/docker.sock.
const ROOTLESS_RUNTIME_DIR = /^(?:\/var)?\/run\/user(?:\/[^/]+)?$/;

/** Why a host path is dangerous to mount, or undefined when it is not. */
export function sensitiveMountReason(hostPath: string): string | undefined {
  const p = path.posix.normalize(hostPath).replace(/\/+$/, "") || "/";
  if (DOCKER_SOCKETS.includes(p) || path.posix.basename(p) === "docker.sock")
    return "it is the Docker socket, which gives root on the host";
  if (ROOTLESS_RUNTIME_DIR.test(p))
    return "it holds a rootless Docker socket (/run/user/<uid>/docker.sock), which gives the user's engine";
  if (mountsDockerSocket(p)) return "it holds the Docker socket, which gives root on the host";
  if (p === "/") return "it is the host's root filesystem";
  const hit = SENSITIVE_HOST_PATHS.find((s) => s !== "/" && (p === s || p.startsWith(`${s}/`)));
  return hit ? `it is inside the host's ${hit}` : undefined;
}

/** True when mounting the host path exposes the Docker socket (the socket or a folder holding it). */
export function mountsDockerSocket(hostPath: string): boolean {
  const p = path.posix.normalize(hostPath).replace(/\/+$/, "") || "/";
  if (path.posix.basename(p) === "docker.sock" || ROOTLESS_RUNTIME_DIR.test(p)) return true;
  return DOCKER_SOCKETS.some((socket) => socket === p || socket.startsWith(`${p}/`)) && p !== "/" && p !== "/var";
}

/** The smallest memory limit Docker accepts. */
export const MIN_MEMORY_MIB = 6;

/** Unprivileged numeric uid:gid: works in any image, needs no /etc/passwd entry. */
export const DEFAULT_USER = "10001:10001";

export const DEFAULT_TMPFS = { "/tmp": "rw,noexec,nosuid,size=16m" };
