import { IConstruct } from "constructs";
import { checkDefaultsProfile, DefaultsProfile, PROFILE_DEFAULTS, ProfileDefaults } from "../../defaults-profile";

/** The defaults profile of a container or a service: its own prop, else its stack's. */
export function defaultsFor(scope: IConstruct, given: unknown, stackProfile: DefaultsProfile): { profile: DefaultsProfile; defaults: ProfileDefaults } {
  const profile = given === undefined ? stackProfile : checkDefaultsProfile(scope, given, "defaultsProfile prop");
  return { profile, defaults: PROFILE_DEFAULTS[profile] };
}

/** The profile's tmpfs paths: a service takes paths only (provider 3.6.2 crashes on a tmpfs size). */
export function defaultTmpfsPaths(defaults: ProfileDefaults): string[] {
  return Object.keys(defaults.tmpfs ?? {});
}
