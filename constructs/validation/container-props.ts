import { IConstruct } from "constructs";
import { isUnresolved, warn } from "../errors";
import { RestartPolicy } from "../restart-policy";
import { MIN_MEMORY_MIB } from "../security";
import { checkLabels } from "./labels";
import { checkContainerPath } from "./mounts";
import {
  checkBoolean, checkInteger, checkObject, checkOneOf, checkString, checkStringList, checkStringMap, fail, isPlainObject, show,
} from "./values";

/** Memory is sent to Docker in bytes, an int64: the largest MiB count that still fits. */
export const MAX_MEMORY_MIB = Math.floor(Number(2n ** 63n - 1n) / (1024 * 1024)) - 1;
/** Docker turns the stop timeout (seconds) into a Go time.Duration (int64 nanoseconds). */
export const MAX_STOP_TIMEOUT_SECONDS = 9223372036;
/** The kernel's limit on a hostname (HOST_NAME_MAX). */
export const MAX_HOSTNAME_LENGTH = 64;
const HOSTNAME_LABEL = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
// `user`, `uid`, `user:group` or `uid:gid`, as `docker run --user` takes it.
const USER = /^[^:\s]+(?::[^:\s]+)?$/;
const ROOT_USER = /^(?:0+|root)(?::.*)?$/;

/**
 * Checks the types and ranges of every ContainerProps field Docker or Terraform would
 * refuse, so the mistake is reported with the construct path instead of at deploy.
 * Checks that need the container's state (mounts, networks) stay in Container.
 */
export function checkContainerProps(scope: IConstruct, props: unknown): void {
  if (!isPlainObject(props)) throw fail(scope, `props ${show(props)} is not an object`, "pass { image, ... }");
  const p = props as Record<string, unknown>;
  const image = p.image as { imageId?: unknown } | undefined;
  if (image === undefined || image === null || typeof image !== "object" || typeof image.imageId !== "string") {
    throw fail(scope, `image ${show(p.image)} is not an image`, "give a RegistryImage or an ImmutableImage");
  }
  checkString(scope, "name", p.name);
  checkStringList(scope, "command", p.command);
  checkStringList(scope, "entrypoint", p.entrypoint);
  checkStringMap(scope, "environment", p.environment);
  if (p.portForwards !== undefined && !Array.isArray(p.portForwards)) throw fail(scope, `portForwards ${show(p.portForwards)} is not a list`, "give [{ containerPort, hostPort }]");
  (p.portForwards as unknown[] | undefined)?.forEach((f, i) => checkObject(scope, `portForwards[${i}]`, f));
  if (p.network !== undefined && (p.network === null || typeof p.network !== "object" || typeof (p.network as { mode?: unknown }).mode !== "string")) {
    throw fail(scope, `network ${show(p.network)} is not a network`, "give a BridgeNetwork, Network.HOST, Network.NONE or Network.fromNetworkName(...)");
  }
  const options = checkObject(scope, "networkOptions", p.networkOptions);
  checkStringList(scope, "networkOptions.aliases", options?.aliases);
  checkString(scope, "networkOptions.ipv4Address", options?.ipv4Address);
  const volumes = checkObject(scope, "volumes", p.volumes);
  for (const [path, volume] of Object.entries(volumes ?? {})) {
    if (volume === null || typeof volume !== "object" || typeof (volume as { volumeName?: unknown }).volumeName !== "string") {
      throw fail(scope, `volumes[${show(path)}] ${show(volume)} is not a volume`, "give a Volume or Volume.fromVolumeName(...)");
    }
  }
  if (p.healthcheck !== undefined && (p.healthcheck === null || typeof (p.healthcheck as { _render?: unknown })._render !== "function")) {
    throw fail(scope, `healthcheck ${show(p.healthcheck)} is not a Healthcheck`, "use Healthcheck.fromCommand(...) or Healthcheck.fromShell(...)");
  }
  for (const flag of ["waitForHealthy", "mustRun", "privileged", "allowPrivilegeEscalation", "readOnlyRootFilesystem"]) checkBoolean(scope, flag, p[flag]);
  checkOneOf(scope, "restartPolicy", p.restartPolicy, Object.values(RestartPolicy), "use a RestartPolicy value (NO, ON_FAILURE, ALWAYS, UNLESS_STOPPED)");
  checkInteger(scope, "maxRestartRetries", p.maxRestartRetries, {
    min: 1, max: 2147483647, minReason: "1 (0 means unlimited to Docker)",
  });
  checkInteger(scope, "memoryMiB", p.memoryMiB, {
    min: MIN_MEMORY_MIB, max: MAX_MEMORY_MIB, minReason: `Docker's minimum of ${MIN_MEMORY_MIB} MiB`, maxReason: "what fits in Docker's int64 byte count",
  });
  checkInteger(scope, "cpuShares", p.cpuShares, { min: 2, max: 262144, minReason: "the kernel's minimum weight of 2", maxReason: "the kernel's maximum weight of 262144" });
  checkInteger(scope, "stopTimeoutSeconds", p.stopTimeoutSeconds, {
    min: 0, max: MAX_STOP_TIMEOUT_SECONDS, maxReason: "the longest duration Go (and so Docker) can hold",
  });
  checkUser(scope, p.user);
  const workingDirectory = checkString(scope, "workingDirectory", p.workingDirectory);
  if (workingDirectory !== undefined && !isUnresolved(workingDirectory)) checkContainerPath(scope, "workingDirectory", workingDirectory, { mount: false });
  checkHostname(scope, p.hostname);
  checkLabels(scope, "labels", p.labels);
  checkStringList(scope, "capabilities", p.capabilities);
  const tmpfs = checkStringMap(scope, "tmpfs", p.tmpfs);
  for (const path of Object.keys(tmpfs ?? {})) checkContainerPath(scope, `tmpfs path`, path, { mount: true });
}

/** `user` as Docker takes it; uid 0 in any spelling warns (CIS 4.1). */
function checkUser(scope: IConstruct, value: unknown): void {
  const user = checkString(scope, "user", value, { nonBlank: true });
  if (user === undefined || isUnresolved(user)) return;
  if (!USER.test(user)) throw fail(scope, `user ${show(user)} is not user, uid, user:group or uid:gid`, "give e.g. 10001:10001");
  if (ROOT_USER.test(user)) warn(scope, `container runs as root ('${user}')`, "run as an unprivileged uid unless the image cannot");
}

/** A hostname the kernel and DNS accept: RFC 1123 labels, at most 64 characters. */
function checkHostname(scope: IConstruct, value: unknown): void {
  const hostname = checkString(scope, "hostname", value);
  if (hostname === undefined || isUnresolved(hostname)) return;
  if (hostname.length > MAX_HOSTNAME_LENGTH) {
    throw fail(scope, `hostname '${hostname.slice(0, 20)}...' is ${hostname.length} characters, longer than the kernel's ${MAX_HOSTNAME_LENGTH}`, "give a shorter hostname");
  }
  if (!hostname.split(".").every((label) => label.length <= 63 && HOSTNAME_LABEL.test(label))) {
    throw fail(scope, `hostname ${show(hostname)} is not a valid host name`, "use letters, digits and '-' in dot-separated labels, e.g. web-1");
  }
}
