// Part of the bottom core (enums and constants): imports nothing. What each profile fills in
// is private/container-spec/defaults.ts.

/**
 * Which defaults a container gets for every setting it does not give itself.
 * Ports bind to 127.0.0.1 in both profiles unless a port forward says otherwise.
 */
export enum DefaultsProfile {
  /**
   * CIS Docker Benchmark defaults: an unprivileged user, working dir `/`, 128 MiB, a
   * read-only root with a small `/tmp`, all capabilities dropped, no-new-privileges,
   * restart unless-stopped for long-running containers (they come back after a daemon restart)
   * and `no` for one-shots (`mustRun: false`).
   */
  HARDENED = "hardened",
  /**
   * Docker's own defaults, as `docker compose` gives them: the image's USER and WORKDIR,
   * no memory limit, a writable root, Docker's default capabilities, restart `no`.
   * `npm run audit` reports what this leaves open.
   */
  COMPOSE = "compose",
}

/** The context key that picks the profile for every DockerStack that does not choose one. */
export const DEFAULTS_PROFILE_CONTEXT = "defaultsProfile";
