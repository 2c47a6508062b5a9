/**
 * What the engine does when a container exits (`--restart`), and whether it starts the
 * container again when the daemon itself restarts (a host reboot).
 */
export enum RestartPolicy {
  /** Never restart: for containers that exit on purpose. */
  NO = "no",
  /**
   * Restart after a non-zero exit, a bounded number of times (CIS 5.14). Not after a daemon
   * restart: the daemon stops a server with SIGTERM, and one that exits 0 stays exited.
   */
  ON_FAILURE = "on-failure",
  /** Restart after every exit, also one stopped by hand, once the daemon restarts. */
  ALWAYS = "always",
  /**
   * Restart after every exit and after a daemon restart, unless stopped by hand (`docker stop`).
   * The hardened default for long-running containers; Docker backs off (doubling, up to a
   * minute) instead of counting retries.
   */
  UNLESS_STOPPED = "unless-stopped",
}
