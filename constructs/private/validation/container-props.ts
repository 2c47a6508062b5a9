import { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { isUnresolved } from "../../errors";
import { RestartPolicy } from "../../restart-policy";
import { checkHealthcheck } from "../container-spec/healthcheck";
import { checkHostname } from "../container-spec/hostname";
import { checkMemoryMiB, MAX_MEMORY_MIB } from "../container-spec/limits";
import { checkUser } from "../container-spec/security";
import { checkStopSeconds } from "../container-spec/stop-timeout";
import { checkLabels } from "./labels";
import { checkContainerPath, checkTmpfsOptions } from "./mounts";
import {
  checkBoolean, checkInteger, checkObject, checkOneOf, checkString, checkStringList, checkStringMap, fail, isPlainObject, kindOf, show,
} from "./values";


/**
 * Checks the types and ranges of every ContainerProps field Docker or Terraform would
 * refuse, so the mistake is reported with the construct path instead of at deploy.
 * Checks that need the container's state (mounts, networks) stay in Container.
 */
export function checkContainerProps(scope: IConstruct, props: unknown): void {
  if (!isPlainObject(props)) throw fail(scope, ErrorCode.WRONG_TYPE, `props ${show(props)} is not an object`, "pass { image, ... }");
  const p = props as Record<string, unknown>;
  const image = p.image as { imageId?: unknown } | undefined;
  if (image === undefined || image === null || typeof image !== "object" || typeof image.imageId !== "string") {
    throw fail(scope, ErrorCode.WRONG_TYPE, `image ${show(p.image)} is not an image`, "give a RegistryImage or an ImmutableImage");
  }
  checkString(scope, "containerName", p.containerName);
  checkStringList(scope, "command", p.command);
  checkStringList(scope, "entrypoint", p.entrypoint);
  checkStringMap(scope, "environment", p.environment);
  if (p.portForwards !== undefined && !Array.isArray(p.portForwards)) throw fail(scope, ErrorCode.WRONG_TYPE, `portForwards ${show(p.portForwards)} is not a list`, "give [{ containerPort, hostPort }]");
  (p.portForwards as unknown[] | undefined)?.forEach((f, i) => checkObject(scope, `portForwards[${i}]`, f));
  if (p.network !== undefined && (p.network === null || typeof p.network !== "object" || typeof (p.network as { mode?: unknown }).mode !== "string")) {
    throw fail(scope, ErrorCode.WRONG_TYPE, `network ${show(p.network)} is not a network`, "give a BridgeNetwork, Network.HOST, Network.NONE or Network.fromNetworkName(...)");
  }
  const options = checkObject(scope, "networkOptions", p.networkOptions);
  checkStringList(scope, "networkOptions.aliases", options?.aliases);
  checkString(scope, "networkOptions.ipv4Address", options?.ipv4Address);
  const volumes = checkObject(scope, "volumes", p.volumes);
  for (const [path, volume] of Object.entries(volumes ?? {})) {
    if (volume === null || typeof volume !== "object" || typeof (volume as { volumeName?: unknown }).volumeName !== "string") {
      throw fail(scope, ErrorCode.WRONG_TYPE, `volumes[${show(path)}] ${show(volume)} is not a volume`, "give a Volume or Volume.fromVolumeName(...)");
    }
  }
  checkHealthcheck(scope, p.healthcheck);
  for (const flag of ["waitForHealthy", "mustRun", "privileged", "allowPrivilegeEscalation", "readOnlyRootFilesystem"]) checkBoolean(scope, flag, p[flag]);
  checkOneOf(scope, "restartPolicy", p.restartPolicy, Object.values(RestartPolicy), "use a RestartPolicy value (NO, ON_FAILURE, ALWAYS, UNLESS_STOPPED)");
  checkInteger(scope, "maxRestartRetries", p.maxRestartRetries, {
    min: 1, max: 2147483647, minReason: "1 (0 means unlimited to Docker)",
  });
  checkMemoryMiB(scope, "memoryMiB", p.memoryMiB);
  checkInteger(scope, "cpuShares", p.cpuShares, { min: 2, max: 262144, minReason: "the kernel's minimum weight of 2", maxReason: "the kernel's maximum weight of 262144" });
  checkStopSeconds(scope, "stopTimeoutSeconds", p.stopTimeoutSeconds);
  checkUser(scope, p.user, "container");
  const workingDirectory = checkString(scope, "workingDirectory", p.workingDirectory);
  if (workingDirectory !== undefined && !isUnresolved(workingDirectory)) checkContainerPath(scope, "workingDirectory", workingDirectory, { mount: false });
  checkHostname(scope, p.hostname, { templates: false });
  checkLabels(scope, "labels", p.labels);
  checkStringList(scope, "capabilities", p.capabilities);
  const tmpfs = checkStringMap(scope, "tmpfs", p.tmpfs);
  for (const [path, options] of Object.entries(tmpfs ?? {})) {
    checkContainerPath(scope, `tmpfs path`, path, { mount: true });
    if (!isUnresolved(options)) checkTmpfsOptions(scope, path, options);
  }
  checkRuntimeOptionTypes(scope, p);
}

/**
 * Types of the runtime options (ranges are checked where they are rendered): a value
 * of the wrong type is named as such instead of failing a range check or reaching Terraform.
 */
function checkRuntimeOptionTypes(scope: IConstruct, p: Record<string, unknown>): void {
  const anyInteger = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
  checkString(scope, "serviceName", p.serviceName, { nonBlank: true });
  checkString(scope, "defaultsProfile", p.defaultsProfile);
  checkString(scope, "stopSignal", p.stopSignal, { nonBlank: true });
  for (const flag of ["init", "tty", "stdinOpen"]) checkBoolean(scope, flag, p[flag]);
  checkInteger(scope, "shmSizeMiB", p.shmSizeMiB, { min: -Number.MAX_SAFE_INTEGER, max: MAX_MEMORY_MIB, maxReason: "what fits in Docker's int64 byte count" });
  checkInteger(scope, "cpuPeriodMicroseconds", p.cpuPeriodMicroseconds, anyInteger);
  checkInteger(scope, "memorySwapMiB", p.memorySwapMiB, { min: -1, max: MAX_MEMORY_MIB, minReason: "-1 (unlimited swap)", maxReason: "what fits in Docker's int64 byte count" });
  if (p.cpuLimit !== undefined && !isUnresolved(p.cpuLimit) && (typeof p.cpuLimit !== "number" || !Number.isFinite(p.cpuLimit))) {
    throw fail(scope, typeof p.cpuLimit === "number" ? ErrorCode.INVALID_NUMBER : ErrorCode.WRONG_TYPE, `cpuLimit ${show(p.cpuLimit)} is ${typeof p.cpuLimit === "number" ? "not a finite number" : `${kindOf(p.cpuLimit)}, not a number`}`, "give CPUs as a number, e.g. 0.5");
  }
  for (const list of ["dns", "dnsSearch", "dnsOptions", "groupAdd", "droppedCapabilities"]) checkStringList(scope, list, p[list]);
  for (const map of ["extraHosts", "sysctls"]) checkStringMap(scope, map, p[map]);
  for (const list of ["ulimits", "devices", "dependsOn"]) {
    if (p[list] === undefined || isUnresolved(p[list])) continue;
    if (!Array.isArray(p[list])) throw fail(scope, ErrorCode.WRONG_TYPE, `${list} ${show(p[list])} is ${kindOf(p[list])}, not a list`, `give ${list} as an array`);
    (p[list] as unknown[]).forEach((item, i) => checkObject(scope, `${list}[${i}]`, item ?? null));
  }
  (p.ulimits as Record<string, unknown>[] | undefined)?.forEach((u, i) => {
    for (const field of ["name", "soft", "hard"]) {
      if (u[field] === undefined) throw fail(scope, ErrorCode.MISSING_VALUE, `ulimits[${i}] has no ${field}`, "give { name, soft, hard }, e.g. { name: \"nofile\", soft: 65536, hard: 65536 } (-1 is unlimited)");
    }
    checkString(scope, `ulimits[${i}].name`, u.name, { nonBlank: true });
    checkInteger(scope, `ulimits[${i}].soft`, u.soft, { min: -1, max: Number.MAX_SAFE_INTEGER, minReason: "-1 (unlimited)" });
    checkInteger(scope, `ulimits[${i}].hard`, u.hard, { min: -1, max: Number.MAX_SAFE_INTEGER, minReason: "-1 (unlimited)" });
  });
  (p.devices as Record<string, unknown>[] | undefined)?.forEach((d, i) => {
    if (d.hostPath === undefined) throw fail(scope, ErrorCode.MISSING_VALUE, `devices[${i}] has no hostPath`, "give the device on the host, e.g. { hostPath: \"/dev/fuse\" }");
    checkString(scope, `devices[${i}].hostPath`, d.hostPath);
    checkString(scope, `devices[${i}].containerPath`, d.containerPath);
    checkString(scope, `devices[${i}].permissions`, d.permissions);
  });
  const logging = checkObject(scope, "logging", p.logging);
  if (logging) {
    if (logging.driver === undefined) throw fail(scope, ErrorCode.MISSING_VALUE, "logging has no driver", "give { driver: \"json-file\", options: { ... } }, or leave logging out for the daemon's driver");
    checkString(scope, "logging.driver", logging.driver, { nonBlank: true });
    checkStringMap(scope, "logging.options", logging.options);
  }
}

/** The arguments of joinNetwork. */
export function checkJoinArguments(scope: IConstruct, network: unknown, options: unknown): void {
  if (network === null || typeof network !== "object" || typeof (network as { mode?: unknown }).mode !== "string") {
    throw fail(scope, ErrorCode.WRONG_TYPE, `network ${show(network)} is not a network`, "give a BridgeNetwork or Network.fromNetworkName(...)");
  }
  const o = checkObject(scope, "network options", options ?? null);
  checkStringList(scope, "aliases", o?.aliases);
  checkString(scope, "ipv4Address", o?.ipv4Address);
}
