import type { IConstruct } from "constructs";
import { DefaultsProfile } from "../../defaults-profile";
import { ErrorCode } from "../../error-code";
import { invalid } from "../../errors";
import { RestartPolicy } from "../../restart-policy";
import { TaskRestartCondition } from "../../swarm-policies";
import { DEFAULT_TMPFS, DEFAULT_USER } from "../security";

/** The defaults profile of a container or a service: its own prop, else its stack's. */
export function defaultsFor(
  scope: IConstruct,
  given: unknown,
  stackProfile: DefaultsProfile,
): { profile: DefaultsProfile; defaults: ProfileDefaults } {
  const profile = given === undefined ? stackProfile : checkDefaultsProfile(scope, given, "defaultsProfile prop");
  return { profile, defaults: PROFILE_DEFAULTS[profile] };
}

/** The profile's tmpfs paths: a service takes paths only (provider 3.6.2 crashes on a tmpfs size). */
export function defaultTmpfsPaths(defaults: ProfileDefaults): string[] {
  return Object.keys(defaults.tmpfs ?? {});
}

/** Throws unless `value` names a profile; returns it typed. */
export function checkDefaultsProfile(scope: IConstruct, value: unknown, source: string): DefaultsProfile {
  const known = Object.values(DefaultsProfile) as string[];
  if (typeof value !== "string" || !known.includes(value)) {
    throw invalid(
      scope,
      ErrorCode.UNKNOWN_VALUE,
      `unknown defaults profile '${String(value)}' (${source})`,
      `use one of ${known.join(", ")}`,
    );
  }
  return value as DefaultsProfile;
}

/** What each profile fills in for a setting the container leaves out; undefined = Docker's own. */
export interface ProfileDefaults {
  readonly restartPolicy: (mustRun: boolean) => RestartPolicy;
  /** A container's retries with on-failure; a Swarm task's restart attempts (undefined: unlimited, Docker's). */
  readonly maxRestartRetries?: number;
  /** When Swarm restarts a task: Swarm has no unless-stopped, so a service has a condition of its own. */
  readonly taskRestartCondition: TaskRestartCondition;
  /** The window a task's restart attempts are counted over (undefined: unbounded, Docker's). */
  readonly restartWindowSeconds?: number;
  readonly memoryMiB?: number;
  readonly cpuShares?: number;
  /** A Swarm task's CPU limit in CPUs: Swarm has no CPU weight, so a service gets this instead of `cpuShares`. */
  readonly cpus?: number;
  readonly user?: string;
  readonly workingDirectory?: string;
  readonly readOnlyRootFilesystem: boolean;
  readonly tmpfs?: Record<string, string>;
  readonly dropAllCapabilities: boolean;
  readonly noNewPrivileges: boolean;
  readonly stopTimeoutSeconds?: number;
  readonly bindMountsReadOnly: boolean;
}

/**
 * Unset user and working dir are left out of the configuration in the compose profile:
 * the provider suppresses the diff between "unset" and what Docker reports (the image's
 * USER and WORKDIR), so the second plan stays empty (proved by test/e2e/compose-import).
 */
export const PROFILE_DEFAULTS: Record<DefaultsProfile, ProfileDefaults> = {
  [DefaultsProfile.HARDENED]: {
    // unless-stopped, not CIS 5.14's on-failure:5: a daemon restart (a host reboot) stops a
    // server with SIGTERM, it exits 0, and on-failure restarts only non-zero exits.
    restartPolicy: (mustRun) => (mustRun ? RestartPolicy.UNLESS_STOPPED : RestartPolicy.NO),
    // A container's only with a restart policy the user sets to on-failure; a service's always.
    maxRestartRetries: 5,
    taskRestartCondition: TaskRestartCondition.ON_FAILURE,
    restartWindowSeconds: 120,
    memoryMiB: 128,
    cpuShares: 512,
    cpus: 0.5,
    user: DEFAULT_USER,
    workingDirectory: "/",
    readOnlyRootFilesystem: true,
    tmpfs: DEFAULT_TMPFS,
    dropAllCapabilities: true,
    noNewPrivileges: true,
    stopTimeoutSeconds: 10,
    bindMountsReadOnly: true,
  },
  [DefaultsProfile.COMPOSE]: {
    restartPolicy: () => RestartPolicy.NO,
    // docker service create's and compose's deploy.restart_policy's own: any, unlimited, no window.
    taskRestartCondition: TaskRestartCondition.ANY,
    readOnlyRootFilesystem: false,
    dropAllCapabilities: false,
    noNewPrivileges: false,
    bindMountsReadOnly: false,
  },
};
