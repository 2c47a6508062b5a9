/** What the engine does when a container exits (`--restart`). */
export enum RestartPolicy {
  /** Never restart: for containers that exit on purpose. */
  NO = "no",
  /** Restart after a non-zero exit, a bounded number of times (CIS 5.14). */
  ON_FAILURE = "on-failure",
  ALWAYS = "always",
  UNLESS_STOPPED = "unless-stopped",
}
