import type { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { EndpointMode, ServiceMode, TaskRestartCondition } from "../../swarm-policies";
import { checkHealthcheck } from "../container-spec/healthcheck";
import { checkHostname } from "../container-spec/hostname";
import { imageRule } from "../container-spec/image";
import { checkCpus, checkMemoryMiB } from "../container-spec/limits";
import { checkUser } from "../container-spec/security";
import { checkStopSeconds } from "../container-spec/stop-timeout";
import type { SwarmServiceProps } from "../../swarm-service";
import { checkNested, UPDATE_POLICY_SCHEMA } from "./option-schemas";
import { checkConstraint, checkPreference } from "./placement";
import { checkWithSchema, type Rule, rules, type Schema } from "./schema";
import { checkObject, checkStringList, fail, isPlainObject, kindOf, show, type Where } from "./values";

const list =
  (example: string, each: Rule): Rule =>
  (where, name, value) => {
    if (value !== undefined && !Array.isArray(value))
      throw fail(
        where,
        ErrorCode.WRONG_TYPE,
        `${name} ${show(value)} is ${kindOf(value)}, not a list`,
        `give ${name} as an array, e.g. ${example}`,
      );
    (value as unknown[] | undefined)?.forEach((item, i) => each(where, `${name}[${i}]`, item));
  };

/** Volumes, secrets and configs by path: each an object with its Docker name. */
const files =
  (what: string, field: string, fix: string): Rule =>
  (where, name, value) => {
    for (const [key, item] of Object.entries(checkObject(where, name, value) ?? {}))
      checkSwarmFileArgument(where, `${name}[${show(key)}]`, item, what, field, fix);
  };

const placement =
  (each: (where: IConstruct, item: string) => void): Rule =>
  (where, name, value) => {
    for (const item of checkStringList(where, name, value) ?? []) each(where, item);
  };

const wholeSeconds = (example: string) =>
  rules.known(rules.wholeNumber(0, example, { fix: "give whole seconds" }), "as a duration");

/**
 * Every SwarmServiceProps field and how it is checked, types and ranges (a JavaScript caller,
 * JSON or `as any` reach here), so a wrong one is a clean error instead of a TypeError or a
 * value the provider refuses at plan. The unknown-prop check takes its keys from here. The
 * rules between props stay in SwarmService. The props a Container has too use the container
 * spec's rules (constructs/private/container-spec).
 */
export const SWARM_SERVICE_SCHEMA = {
  image: imageRule,
  serviceName: rules.string(),
  defaultsProfile: rules.string(),
  mode: rules.oneOf(Object.values(ServiceMode), "use ServiceMode.REPLICATED or ServiceMode.GLOBAL"),
  endpointMode: rules.oneOf(Object.values(EndpointMode), "use EndpointMode.VIP or EndpointMode.DNSRR"),
  restartCondition: rules.oneOf(
    Object.values(TaskRestartCondition),
    "use TaskRestartCondition.NONE, ON_FAILURE or ANY",
  ),
  replicas: rules.wholeNumber(0, "3"),
  maxRestartAttempts: rules.wholeNumber(1, "5", { note: " (0 means unlimited to Swarm)" }),
  restartDelaySeconds: wholeSeconds("5"),
  restartWindowSeconds: wholeSeconds("120"),
  maxReplicasPerNode: rules.wholeNumber(1, "1"),
  convergeTimeoutSeconds: wholeSeconds("180"),
  nodeCount: rules.wholeNumber(1, "3", {
    fix: "give the number of nodes in the swarm (prop nodeCount or context swarmNodes)",
  }),
  memoryMiB: rules.known((where, name, value) => void checkMemoryMiB(where, name, value), "in bytes"),
  memoryReservationMiB: rules.known((where, name, value) => void checkMemoryMiB(where, name, value), "in bytes"),
  cpus: rules.known((where, name, value) => void checkCpus(where, name, value), "in nano CPUs"),
  cpuReservation: rules.known((where, name, value) => void checkCpus(where, name, value), "in nano CPUs"),
  stopGracePeriodSeconds: rules.known(
    (where, name, value) => void checkStopSeconds(where, name, value),
    "as a duration",
  ),
  command: rules.stringList(),
  entrypoint: rules.stringList(),
  placementConstraints: placement(checkConstraint),
  placementPreferences: placement(checkPreference),
  tmpfs: rules.stringList(),
  capabilities: rules.stringList(),
  environment: rules.stringMap(),
  labels: rules.labels(),
  hostname: (where, _, value) => checkHostname(where, value, { templates: true }),
  user: (where, _, value) => void checkUser(where, value, "service"),
  readOnlyRootFilesystem: rules.boolean(),
  waitForConvergence: rules.boolean(),
  healthcheck: (where, _, value) => void checkHealthcheck(where, value),
  networks: list("[overlay]", (where, name, network) => checkNetworkArgument(where, name, network)),
  ports: list("[{ targetPort: 8080 }]", (where, name, port) => void checkObject(where, name, port)),
  volumes: files("a volume", "volumeName", "give a Volume or Volume.fromVolumeName(...)"),
  secrets: files("a SwarmSecret", "secretName", "give a SwarmSecret"),
  configs: files("a SwarmConfig", "configName", "give a SwarmConfig"),
  updatePolicy: (where, name, value) => checkPolicyTypes(where, name, value),
  rollbackPolicy: (where, name, value) => checkPolicyTypes(where, name, value),
} satisfies Schema<SwarmServiceProps>;

/** Checks SwarmServiceProps by SWARM_SERVICE_SCHEMA: the props object, then every prop. */
export function checkSwarmServiceProps(scope: IConstruct, props: unknown): void {
  if (props === undefined) throw fail(scope, ErrorCode.MISSING_VALUE, "no props given", "pass { image, ... }");
  if (!isPlainObject(props))
    throw fail(
      scope,
      ErrorCode.WRONG_TYPE,
      `props ${show(props)} is ${kindOf(props)}, not an object`,
      "pass { image, ... }",
    );
  checkWithSchema(scope, SWARM_SERVICE_SCHEMA, props);
}

/** What joinNetwork and `networks` take: an INetwork (it has a mode). */
export function checkNetworkArgument(where: Where, name: string, network: unknown): void {
  if (network === null || typeof network !== "object" || typeof (network as { mode?: unknown }).mode !== "string") {
    throw fail(where, ErrorCode.WRONG_TYPE, `${name} ${show(network)} is not a network`, "give an OverlayNetwork");
  }
}

/** A volume, secret or config argument: an object with its Docker name. */
export function checkSwarmFileArgument(
  where: Where,
  name: string,
  item: unknown,
  what: string,
  field: string,
  fix: string,
): void {
  if (item === null || typeof item !== "object" || typeof (item as Record<string, unknown>)[field] !== "string") {
    throw fail(where, ErrorCode.WRONG_TYPE, `${name} ${show(item)} is not ${what}`, fix);
  }
}

/** The types of an UpdatePolicy (ranges are renderPolicy's). */
export function checkPolicyTypes(where: Where, name: string, policy: unknown): void {
  const p = checkObject(where, name, policy);
  if (p !== undefined) checkNested(where, name, UPDATE_POLICY_SCHEMA, p);
}
