import type { IConstruct } from "constructs";
import type { ProfileDefaults } from "./defaults";
import { ErrorCode } from "../../error-code";
import { invalid, isUnresolved, warn } from "../../errors";
import { KNOWN_CAPABILITIES } from "../security";
import { literal } from "../terraform-literal";
import { checkString, fail, show } from "../validation/values";

// `user`, `uid`, `user:group` or `uid:gid`, as `docker run --user` takes it.
const USER = /^[^:\s]+(?::[^:\s]+)?$/;
const ROOT_USER = /^(?:0+|root)(?::.*)?$/;
/** The largest uid or gid runc accepts (libcontainer/user: 1<<31 - 1). */
export const MAX_ID = 2147483647;

/** What a container or a service's tasks may do, with the profile's defaults filled in. */
export interface SecuritySpec {
  /** undefined: the image's USER. */
  readonly user?: string;
  readonly readOnlyRootFilesystem: boolean;
  /** Added back, without CAP_. */
  readonly addedCapabilities: string[];
  /** Dropped besides ALL (the compose profile keeps Docker's default set and may drop from it). */
  readonly droppedCapabilities: string[];
  /** Drop ALL, then add back `addedCapabilities` (the hardened profile). */
  readonly dropAll: boolean;
  readonly privileged: boolean;
  /** The profile writes no-new-privileges (hardened) rather than leaving it to Docker (compose). */
  readonly noNewPrivileges: boolean;
  /** Setuid binaries may gain privileges: no-new-privileges is off. */
  readonly allowPrivilegeEscalation: boolean;
}

/** The security props a container and a service share (a service has no privileged nor escalation switch). */
export interface SecurityProps {
  readonly user?: string;
  readonly readOnlyRootFilesystem?: boolean;
  readonly capabilities?: string[];
  readonly droppedCapabilities?: string[];
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
}

/** `user` as Docker takes it; uid 0 in any spelling warns (CIS 4.1). `workload` names it in the warning. */
export function checkUser(scope: IConstruct, value: unknown, workload: "container" | "service"): string | undefined {
  const user = checkString(scope, "user", value, { nonBlank: true });
  if (user === undefined || isUnresolved(user)) return user;
  if (!USER.test(user))
    throw fail(
      scope,
      ErrorCode.INVALID_USER,
      `user ${show(user)} is not user, uid, user:group or uid:gid`,
      "give e.g. 10001:10001",
    );
  for (const id of user.split(":")) {
    // runc reads a part that parses as a number (strconv.Atoi, sign included) as an id and refuses it outside 0..2^31-1.
    if (/^[+-]?\d+$/.test(id) && !(Number(id) >= 0 && Number(id) <= MAX_ID)) {
      throw fail(
        scope,
        ErrorCode.INVALID_USER,
        `user ${show(user)} has the id ${id}, outside the range 0 to ${MAX_ID} the runtime accepts`,
        "give a uid and gid from 0 to 2147483647, e.g. 10001:10001",
      );
    }
  }
  if (ROOT_USER.test(user))
    warn(scope, `${workload} runs as root ('${user}')`, "run as an unprivileged uid unless the image cannot");
  return user;
}

/** Capability names as Docker knows them, without CAP_; ALL only among the dropped ones. */
export function checkCapabilities(scope: IConstruct, added: readonly string[], dropped: readonly string[]): void {
  for (const cap of [...added, ...dropped.filter((c) => c !== "ALL")]) {
    if (!KNOWN_CAPABILITIES.includes(cap)) {
      throw invalid(
        scope,
        ErrorCode.UNKNOWN_CAPABILITY,
        `unknown capability '${cap}'`,
        `use names without CAP_, e.g. NET_BIND_SERVICE (known: ${KNOWN_CAPABILITIES.join(", ")})`,
      );
    }
  }
}

/** The security props checked against each other and the profile, its defaults filled in. */
export function resolveSecurity(
  scope: IConstruct,
  props: SecurityProps,
  defaults: ProfileDefaults,
  profile: string,
): SecuritySpec {
  const added = props.capabilities ?? [];
  const dropped = props.droppedCapabilities ?? [];
  checkCapabilities(scope, added, dropped);
  if (dropped.length && defaults.dropAllCapabilities) {
    throw invalid(
      scope,
      ErrorCode.CONFLICTING_PROPS,
      `droppedCapabilities [${dropped.join(", ")}] in the ${profile} profile, which drops ALL already`,
      "drop droppedCapabilities, or use DefaultsProfile.COMPOSE",
    );
  }
  if (props.privileged) {
    warn(
      scope,
      "container is privileged: it can do anything the host's root can",
      "remove privileged and add only the capabilities it needs",
    );
  }
  const allowPrivilegeEscalation = props.allowPrivilegeEscalation ?? !defaults.noNewPrivileges;
  return {
    user: props.user ?? defaults.user,
    readOnlyRootFilesystem: props.readOnlyRootFilesystem ?? defaults.readOnlyRootFilesystem,
    addedCapabilities: [...added],
    droppedCapabilities: [...dropped],
    dropAll: defaults.dropAllCapabilities,
    privileged: props.privileged ?? false,
    noNewPrivileges: defaults.noNewPrivileges,
    allowPrivilegeEscalation,
  };
}

/** Capabilities as the engine reports them back for a container (`CAP_` prefix, ALL as is), sorted, so plans stay empty. */
function dockerCapabilities(names: string[]): string[] {
  return names.map((c) => (c === "ALL" ? c : `CAP_${c}`)).sort();
}

/** The security settings of a docker_container. */
export function securityForContainer(spec: SecuritySpec) {
  const { addedCapabilities: added, droppedCapabilities: dropped } = spec;
  return {
    user: spec.user === undefined ? undefined : literal(spec.user),
    privileged: spec.privileged,
    capabilities: spec.dropAll
      ? { drop: ["ALL"], add: added.length ? dockerCapabilities(added) : undefined }
      : added.length || dropped.length
        ? {
            add: added.length ? dockerCapabilities(added) : undefined,
            drop: dropped.length ? dockerCapabilities(dropped) : undefined,
          }
        : undefined,
    // Hardened: written either way ([] when escalation is allowed), so turning it off is a change the plan shows.
    securityOpts: spec.allowPrivilegeEscalation ? (spec.noNewPrivileges ? [] : undefined) : ["no-new-privileges:true"],
    readOnly: spec.readOnlyRootFilesystem,
  };
}

/**
 * The security settings of a task spec's container_spec. Swarm (provider 3.6.2, engine
 * 20.10) has no privileged mode and no no-new-privileges switch for tasks: a task is never
 * privileged, and no-new-privileges is the daemon's (`"no-new-privileges": true` in daemon.json).
 */
export function securityForService(spec: SecuritySpec) {
  return {
    user: spec.user === undefined ? undefined : literal(spec.user),
    readOnly: spec.readOnlyRootFilesystem,
    capDrop: spec.dropAll
      ? ["ALL"]
      : spec.droppedCapabilities.length
        ? [...spec.droppedCapabilities].sort()
        : undefined,
    capAdd: spec.addedCapabilities.length ? [...spec.addedCapabilities].sort() : undefined,
  };
}
