import { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { isUnresolved } from "../../errors";
import { EndpointMode, PublishMode, ServiceMode, TaskRestartCondition, UpdateFailureAction, UpdateOrder } from "../../swarm-policies";
import { checkHealthcheck } from "../container-spec/healthcheck";
import { checkHostname } from "../container-spec/hostname";
import { checkCpus, checkMemoryMiB } from "../container-spec/limits";
import { checkUser } from "../container-spec/security";
import { checkStopSeconds } from "../container-spec/stop-timeout";
import { checkLabels } from "./labels";
import {
  checkBoolean, checkObject, checkOneOf, checkString, checkStringList, checkStringMap, fail, isPlainObject, kindOf, show, Where,
} from "./values";

/** A number prop: a number (any range; the constructor checks the range with its own wording), or a token. */
export function checkNumberType(where: Where, name: string, value: unknown, example: string): void {
  if (value === undefined || isUnresolved(value) || typeof value === "number") return;
  throw fail(where, ErrorCode.WRONG_TYPE, `${name} ${show(value)} is ${kindOf(value)}, not a number`, `give ${name} as a number, e.g. ${example}`);
}

const NUMBER_PROPS: readonly [string, string][] = [
  ["replicas", "3"], ["maxRestartAttempts", "5"], ["restartDelaySeconds", "5"], ["restartWindowSeconds", "120"], ["maxReplicasPerNode", "1"],
  ["convergeTimeoutSeconds", "180"], ["nodeCount", "3"],
];

/**
 * Checks the types of every SwarmServiceProps field (a JavaScript caller, JSON or `as any`
 * reach here), so a wrong one is a clean error instead of a TypeError or a value the
 * provider refuses at plan. Ranges and the rules between props stay in SwarmService.
 */
export function checkSwarmServiceProps(scope: IConstruct, props: unknown): void {
  if (props === undefined) throw fail(scope, ErrorCode.MISSING_VALUE, "no props given", "pass { image, ... }");
  if (!isPlainObject(props)) throw fail(scope, ErrorCode.WRONG_TYPE, `props ${show(props)} is ${kindOf(props)}, not an object`, "pass { image, ... }");
  const p = props as Record<string, unknown>;
  if (p.image === undefined) throw fail(scope, ErrorCode.MISSING_VALUE, "no image given", "set image to a RegistryImage or an ImmutableImage");
  const image = p.image as { imageId?: unknown; imageName?: unknown } | null;
  if (image === null || typeof image !== "object" || typeof image.imageId !== "string" || typeof image.imageName !== "string") {
    throw fail(scope, ErrorCode.WRONG_TYPE, `image ${show(p.image)} is not an image`, "give a RegistryImage or an ImmutableImage");
  }
  checkString(scope, "serviceName", p.serviceName);
  checkString(scope, "defaultsProfile", p.defaultsProfile);
  checkOneOf(scope, "mode", p.mode, Object.values(ServiceMode), "use ServiceMode.REPLICATED or ServiceMode.GLOBAL");
  checkOneOf(scope, "endpointMode", p.endpointMode, Object.values(EndpointMode), "use EndpointMode.VIP or EndpointMode.DNSRR");
  checkOneOf(scope, "restartCondition", p.restartCondition, Object.values(TaskRestartCondition), "use TaskRestartCondition.NONE, ON_FAILURE or ANY");
  for (const [name, example] of NUMBER_PROPS) checkNumberType(scope, name, p[name], example);
  // The props a Container has too, checked by the same rules (constructs/private/container-spec).
  checkMemoryMiB(scope, "memoryMiB", p.memoryMiB);
  checkMemoryMiB(scope, "memoryReservationMiB", p.memoryReservationMiB);
  checkCpus(scope, "cpus", p.cpus);
  checkCpus(scope, "cpuReservation", p.cpuReservation);
  checkStopSeconds(scope, "stopGracePeriodSeconds", p.stopGracePeriodSeconds);
  checkStringList(scope, "command", p.command);
  checkStringList(scope, "entrypoint", p.entrypoint);
  checkStringList(scope, "placementConstraints", p.placementConstraints);
  checkStringList(scope, "placementPreferences", p.placementPreferences);
  checkStringList(scope, "tmpfs", p.tmpfs);
  checkStringList(scope, "capabilities", p.capabilities);
  checkStringMap(scope, "environment", p.environment);
  checkLabels(scope, "labels", p.labels);
  checkHostname(scope, p.hostname, { templates: true });
  checkUser(scope, p.user, "service");
  checkBoolean(scope, "readOnlyRootFilesystem", p.readOnlyRootFilesystem);
  checkBoolean(scope, "waitForConvergence", p.waitForConvergence);
  checkHealthcheck(scope, p.healthcheck);
  if (p.networks !== undefined && !Array.isArray(p.networks)) {
    throw fail(scope, ErrorCode.WRONG_TYPE, `networks ${show(p.networks)} is ${kindOf(p.networks)}, not a list`, "give networks as an array, e.g. [overlay]");
  }
  (p.networks as unknown[] | undefined)?.forEach((network, i) => checkNetworkArgument(scope, `networks[${i}]`, network));
  if (p.ports !== undefined && !Array.isArray(p.ports)) {
    throw fail(scope, ErrorCode.WRONG_TYPE, `ports ${show(p.ports)} is ${kindOf(p.ports)}, not a list`, "give ports as an array, e.g. [{ targetPort: 8080 }]");
  }
  (p.ports as unknown[] | undefined)?.forEach((port, i) => checkObject(scope, `ports[${i}]`, port));
  for (const [name, what, field, fix] of [
    ["volumes", "a volume", "volumeName", "give a Volume or Volume.fromVolumeName(...)"],
    ["secrets", "a SwarmSecret", "secretName", "give a SwarmSecret"],
    ["configs", "a SwarmConfig", "configName", "give a SwarmConfig"],
  ] as const) {
    for (const [key, item] of Object.entries(checkObject(scope, name, p[name]) ?? {})) checkSwarmFileArgument(scope, `${name}[${show(key)}]`, item, what, field, fix);
  }
  checkPolicyTypes(scope, "updatePolicy", p.updatePolicy);
  checkPolicyTypes(scope, "rollbackPolicy", p.rollbackPolicy);
}

/** What joinNetwork and `networks` take: an INetwork (it has a mode). */
export function checkNetworkArgument(where: Where, name: string, network: unknown): void {
  if (network === null || typeof network !== "object" || typeof (network as { mode?: unknown }).mode !== "string") {
    throw fail(where, ErrorCode.WRONG_TYPE, `${name} ${show(network)} is not a network`, "give an OverlayNetwork");
  }
}

/** A volume, secret or config argument: an object with its Docker name. */
export function checkSwarmFileArgument(where: Where, name: string, item: unknown, what: string, field: string, fix: string): void {
  if (item === null || typeof item !== "object" || typeof (item as Record<string, unknown>)[field] !== "string") {
    throw fail(where, ErrorCode.WRONG_TYPE, `${name} ${show(item)} is not ${what}`, fix);
  }
}

/** The types of an UpdatePolicy (ranges are renderPolicy's). */
export function checkPolicyTypes(where: Where, name: string, policy: unknown): void {
  const p = checkObject(where, name, policy);
  if (p === undefined) return;
  for (const field of ["parallelism", "delaySeconds", "monitorSeconds", "maxFailureRatio"]) checkNumberType(where, `${name}.${field}`, p[field], field === "maxFailureRatio" ? "0.2" : "1");
  checkOneOf(where, `${name}.failureAction`, p.failureAction, Object.values(UpdateFailureAction), "use UpdateFailureAction.ROLLBACK, PAUSE or CONTINUE");
  checkOneOf(where, `${name}.order`, p.order, Object.values(UpdateOrder), "use UpdateOrder.START_FIRST or UpdateOrder.STOP_FIRST");
}

/** A published port's mode. */
export function checkPublishMode(where: Where, value: unknown): void {
  checkOneOf(where, "mode", value, Object.values(PublishMode), "use PublishMode.INGRESS or PublishMode.HOST");
}
