import type { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { isUnresolved } from "../../errors";
import type { ContainerProps } from "../../container";
import { RestartPolicy } from "../../restart-policy";
import { UpdateOrder } from "../../swarm-policies";
import { checkHealthcheck } from "../container-spec/healthcheck";
import { checkHostname } from "../container-spec/hostname";
import { imageRule } from "../container-spec/image";
import { checkMemoryMiB, MAX_MEMORY_MIB } from "../container-spec/limits";
import { checkUser } from "../container-spec/security";
import { checkStopSeconds } from "../container-spec/stop-timeout";
import { checkContainerPath, checkTmpfsOptions } from "./mounts";
import {
  checkNested,
  DEVICE_MAPPING_SCHEMA,
  LOGGING_OPTIONS_SCHEMA,
  NETWORK_ATTACHMENT_OPTIONS_SCHEMA,
  ULIMIT_SCHEMA,
} from "./option-schemas";
import { checkWithSchema, type Rule, rules, type Schema } from "./schema";
import { checkObject, checkString, checkStringMap, fail, isPlainObject, kindOf, show } from "./values";

const network: Rule = (where, name, value) => {
  if (
    value !== undefined &&
    (value === null || typeof value !== "object" || typeof (value as { mode?: unknown }).mode !== "string")
  ) {
    throw fail(
      where,
      ErrorCode.WRONG_TYPE,
      `${name} ${show(value)} is not a network`,
      "give a BridgeNetwork, Network.HOST, Network.NONE or Network.fromNetworkName(...)",
    );
  }
};

const networkOptions: Rule = (where, name, value) => {
  const options = checkObject(where, name, value);
  if (options !== undefined) checkNested(where, name, NETWORK_ATTACHMENT_OPTIONS_SCHEMA, options);
};

const portForwards: Rule = (where, name, value) => {
  if (value !== undefined && !Array.isArray(value))
    throw fail(
      where,
      ErrorCode.WRONG_TYPE,
      `${name} ${show(value)} is not a list`,
      "give [{ containerPort, hostPort }]",
    );
  (value as unknown[] | undefined)?.forEach((f, i) => checkObject(where, `${name}[${i}]`, f));
};

const volume: Rule = (where, name, value) => {
  if (
    value === null ||
    typeof value !== "object" ||
    typeof (value as { volumeName?: unknown }).volumeName !== "string"
  ) {
    throw fail(
      where,
      ErrorCode.WRONG_TYPE,
      `${name} ${show(value)} is not a volume`,
      "give a Volume or Volume.fromVolumeName(...)",
    );
  }
};

const workingDirectory: Rule = (where, name, value) => {
  const dir = checkString(where, name, value);
  if (dir !== undefined && !isUnresolved(dir)) checkContainerPath(where, name, dir, { mount: false });
};

const tmpfs: Rule = (where, name, value) => {
  for (const [path, options] of Object.entries(checkStringMap(where, name, value) ?? {})) {
    checkContainerPath(where, "tmpfs path", path, { mount: true });
    if (!isUnresolved(options)) checkTmpfsOptions(where, path, options);
  }
};

const cpuLimit: Rule = (where, name, value) => {
  if (value !== undefined && !isUnresolved(value) && (typeof value !== "number" || !Number.isFinite(value))) {
    throw fail(
      where,
      typeof value === "number" ? ErrorCode.INVALID_NUMBER : ErrorCode.WRONG_TYPE,
      `${name} ${show(value)} is ${typeof value === "number" ? "not a finite number" : `${kindOf(value)}, not a number`}`,
      "give CPUs as a number, e.g. 0.5",
    );
  }
};

/** A list of option objects (`ulimits`, `devices`, `dependsOn`), each then checked by `each`. */
const entries =
  (each: (where: IConstruct, name: string, entry: Record<string, unknown>) => void = () => undefined): Rule =>
  (where, name, value) => {
    if (value === undefined || isUnresolved(value)) return;
    if (!Array.isArray(value))
      throw fail(
        where,
        ErrorCode.WRONG_TYPE,
        `${name} ${show(value)} is ${kindOf(value)}, not a list`,
        `give ${name} as an array`,
      );
    value.forEach((item, i) => checkObject(where, `${name}[${i}]`, item ?? null));
    value.forEach((item, i) => each(where, `${name}[${i}]`, item as Record<string, unknown>));
  };

const ulimit = (where: IConstruct, name: string, u: Record<string, unknown>) => {
  for (const field of ["name", "soft", "hard"]) {
    if (u[field] === undefined)
      throw fail(
        where,
        ErrorCode.MISSING_VALUE,
        `${name} has no ${field}`,
        'give { name, soft, hard }, e.g. { name: "nofile", soft: 65536, hard: 65536 } (-1 is unlimited)',
      );
  }
  checkNested(where, name, ULIMIT_SCHEMA, u);
};

const device = (where: IConstruct, name: string, d: Record<string, unknown>) => {
  if (d.hostPath === undefined)
    throw fail(
      where,
      ErrorCode.MISSING_VALUE,
      `${name} has no hostPath`,
      'give the device on the host, e.g. { hostPath: "/dev/fuse" }',
    );
  checkNested(where, name, DEVICE_MAPPING_SCHEMA, d);
};

const logging: Rule = (where, name, value) => {
  const options = checkObject(where, name, value);
  if (options === undefined) return;
  if (options.driver === undefined)
    throw fail(
      where,
      ErrorCode.MISSING_VALUE,
      `${name} has no driver`,
      'give { driver: "json-file", options: { ... } }, or leave logging out for the daemon\'s driver',
    );
  checkNested(where, name, LOGGING_OPTIONS_SCHEMA, options);
};

const updateOrder: Rule = (where, name, value) => {
  if (value !== undefined && !Object.values(UpdateOrder).includes(value as UpdateOrder)) {
    throw fail(
      where,
      ErrorCode.UNKNOWN_VALUE,
      `unknown ${name} '${String(value)}'`,
      `use one of UpdateOrder: ${Object.values(UpdateOrder).join(", ")}`,
    );
  }
};

const anyInteger = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

/**
 * Every ContainerProps field (RuntimeOptions included) and how it is checked, types and
 * ranges, so a mistake Docker or Terraform would refuse is reported with the construct path
 * instead of at deploy. The unknown-prop check takes its keys from here. Checks that need the
 * container's state (mounts, networks) or several props stay in Container. The runtime
 * options' ranges are checked where they are rendered (renderRuntimeOptions).
 */
export const CONTAINER_SCHEMA = {
  image: imageRule,
  containerName: rules.string(),
  command: rules.stringList(),
  entrypoint: rules.stringList(),
  environment: rules.stringMap(),
  portForwards,
  network,
  networkOptions,
  volumes: rules.map(volume),
  healthcheck: (where, _, value) => void checkHealthcheck(where, value),
  waitForHealthy: rules.boolean(),
  mustRun: rules.boolean(),
  privileged: rules.boolean(),
  allowPrivilegeEscalation: rules.boolean(),
  readOnlyRootFilesystem: rules.boolean(),
  restartPolicy: rules.oneOf(
    Object.values(RestartPolicy),
    "use a RestartPolicy value (NO, ON_FAILURE, ALWAYS, UNLESS_STOPPED)",
  ),
  maxRestartRetries: rules.integer({ min: 1, max: 2147483647, minReason: "1 (0 means unlimited to Docker)" }),
  memoryMiB: (where, name, value) => void checkMemoryMiB(where, name, value),
  cpuShares: rules.integer({
    min: 2,
    max: 262144,
    minReason: "the kernel's minimum weight of 2",
    maxReason: "the kernel's maximum weight of 262144",
  }),
  stopTimeoutSeconds: (where, name, value) => void checkStopSeconds(where, name, value),
  user: (where, _, value) => void checkUser(where, value, "container"),
  workingDirectory,
  hostname: (where, _, value) => checkHostname(where, value, { templates: false }),
  labels: rules.labels(),
  capabilities: rules.stringList(),
  tmpfs,
  serviceName: rules.string({ nonBlank: true }),
  defaultsProfile: rules.string(),
  updateOrder,
  // RuntimeOptions
  stopSignal: rules.string({ nonBlank: true }),
  init: rules.boolean(),
  tty: rules.boolean(),
  stdinOpen: rules.boolean(),
  shmSizeMiB: rules.integer({
    min: -Number.MAX_SAFE_INTEGER,
    max: MAX_MEMORY_MIB,
    maxReason: "what fits in Docker's int64 byte count",
  }),
  cpuPeriodMicroseconds: rules.integer(anyInteger),
  memorySwapMiB: rules.integer({
    min: -1,
    max: MAX_MEMORY_MIB,
    minReason: "-1 (unlimited swap)",
    maxReason: "what fits in Docker's int64 byte count",
  }),
  cpuLimit,
  dns: rules.stringList(),
  dnsSearch: rules.stringList(),
  dnsOptions: rules.stringList(),
  groupAdd: rules.stringList(),
  droppedCapabilities: rules.stringList(),
  extraHosts: rules.stringMap(),
  sysctls: rules.stringMap(),
  ulimits: entries(ulimit),
  devices: entries(device),
  dependsOn: entries(),
  logging,
} satisfies Schema<ContainerProps>;

/** Checks ContainerProps by CONTAINER_SCHEMA: the props object, then every prop. */
export function checkContainerProps(scope: IConstruct, props: unknown): void {
  if (!isPlainObject(props))
    throw fail(scope, ErrorCode.WRONG_TYPE, `props ${show(props)} is not an object`, "pass { image, ... }");
  checkWithSchema(scope, CONTAINER_SCHEMA, props);
}

/** The arguments of joinNetwork. */
export function checkJoinArguments(scope: IConstruct, network: unknown, options: unknown): void {
  if (network === null || typeof network !== "object" || typeof (network as { mode?: unknown }).mode !== "string") {
    throw fail(
      scope,
      ErrorCode.WRONG_TYPE,
      `network ${show(network)} is not a network`,
      "give a BridgeNetwork or Network.fromNetworkName(...)",
    );
  }
  checkWithSchema(
    scope,
    NETWORK_ATTACHMENT_OPTIONS_SCHEMA,
    checkObject(scope, "network options", options ?? null) ?? {},
  );
}
