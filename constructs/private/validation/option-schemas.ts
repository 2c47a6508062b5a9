import type { formatAudit } from "../../audit";
import type { InterpolationOptions } from "../../compose-interpolation";
import type { HostPathMountOptions, NetworkAttachmentOptions, VolumeMountOptions } from "../../container";
import type { ContainerDependency } from "../../container-dependency";
import type { DeviceMapping } from "../../device";
import type { EnvFileOptions } from "../../env-file";
import { ErrorCode } from "../../error-code";
import { isUnresolved } from "../../errors";
import type { HealthcheckOptions } from "../../healthcheck";
import type { LoggingOptions } from "../../logging";
import type { PortForwardOptions, PortForwardSelector } from "../../port-forward";
import { PublishMode, UpdateFailureAction, UpdateOrder, type UpdatePolicy } from "../../swarm-policies";
import type { PublishedPortOptions, SwarmFileOptions, SwarmService } from "../../swarm-service";
import type { Ulimit } from "../../ulimit";
import { checkDurationSeconds } from "./duration";
import { checkWithSchema, type PlainSchema, type Rule, rules, type Schema } from "./schema";
import { checkObject, fail, kindOf, show, type Where } from "./values";

// One schema per option object the library takes (the props of a call, or an entry of a
// props list): the unknown-prop check takes its keys from here, and the caller runs the rules.
// `rules.elsewhere` marks an option whose check names the call's other arguments (the port an
// option belongs to), so the call checks it there.

/** Runs `schema` on an object nested in a prop, naming each field `<name>.<field>`. */
export function checkNested<T, W extends Where>(
  where: W,
  name: string,
  schema: Schema<T, W>,
  value: Record<string, unknown>,
): void {
  for (const [field, rule] of Object.entries(schema) as [string, Rule<W>][])
    rule(where, `${name}.${field}`, value[field]);
}

/** A number, or a token (ranges are checked where the value is rendered). */
const numberType =
  (example: string): Rule<Where> =>
  (where, name, value) => {
    if (value === undefined || isUnresolved(value) || typeof value === "number") return;
    throw fail(
      where,
      ErrorCode.WRONG_TYPE,
      `${name} ${show(value)} is ${kindOf(value)}, not a number`,
      `give ${name} as a number, e.g. ${example}`,
    );
  };

const callback =
  (required: boolean): Rule<Where> =>
  (where, name, value) => {
    if (value === undefined && !required) return;
    if (value === undefined)
      throw fail(
        where,
        ErrorCode.MISSING_VALUE,
        `no ${name} given`,
        `give ${name}, a function of the variable's name, e.g. (name) => process.env[name]`,
      );
    if (typeof value !== "function")
      throw fail(
        where,
        ErrorCode.WRONG_TYPE,
        `${name} ${show(value)} is ${kindOf(value)}, not a function`,
        `give ${name} as a function of the variable's name`,
      );
  };

// Container

export const PORT_FORWARD_OPTIONS_SCHEMA = {
  // makePortForward checks them, naming the container port they belong to.
  hostPort: rules.elsewhere,
  protocol: rules.elsewhere,
  hostIp: rules.elsewhere,
} satisfies Schema<PortForwardOptions>;

export const PORT_FORWARD_SELECTOR_SCHEMA = {
  // hostPortOf checks them, naming the container port it reads.
  protocol: rules.elsewhere,
  hostIp: rules.elsewhere,
} satisfies Schema<PortForwardSelector>;

export const NETWORK_ATTACHMENT_OPTIONS_SCHEMA = {
  aliases: rules.stringList(),
  ipv4Address: rules.string(),
} satisfies Schema<NetworkAttachmentOptions>;

export const VOLUME_MOUNT_OPTIONS_SCHEMA = {
  readOnly: rules.boolean(),
} satisfies Schema<VolumeMountOptions>;

export const HOST_PATH_MOUNT_OPTIONS_SCHEMA = {
  readOnly: rules.boolean(),
  allowSensitive: rules.boolean(),
} satisfies Schema<HostPathMountOptions>;

export const CONTAINER_DEPENDENCY_SCHEMA = {
  // Each entry goes through addDependency, which checks both against the stack's containers.
  container: rules.elsewhere,
  condition: rules.elsewhere,
} satisfies Schema<ContainerDependency>;

const ulimitValue = rules.integer({ min: -1, max: Number.MAX_SAFE_INTEGER, minReason: "-1 (unlimited)" });
export const ULIMIT_SCHEMA = {
  name: rules.string({ nonBlank: true }),
  soft: ulimitValue,
  hard: ulimitValue,
} satisfies Schema<Ulimit>;

export const DEVICE_MAPPING_SCHEMA = {
  hostPath: rules.string(),
  containerPath: rules.string(),
  permissions: rules.string(),
} satisfies Schema<DeviceMapping>;

export const LOGGING_OPTIONS_SCHEMA = {
  driver: rules.string({ nonBlank: true }),
  options: rules.stringMap(),
} satisfies Schema<LoggingOptions>;

// Docker refuses healthcheck durations under 1 ms (its MinimumDuration), and reads 0 as "use the
// default" for everything but the start period, so 0 is refused there.
const HEALTHCHECK_MIN_SECONDS = 0.001;
const healthDuration =
  (allowZero: boolean): Rule<Where> =>
  (where, name, value) =>
    void checkDurationSeconds(where, name, value, { minSeconds: HEALTHCHECK_MIN_SECONDS, allowZero });
export const HEALTHCHECK_OPTIONS_SCHEMA = {
  intervalSeconds: healthDuration(false),
  timeoutSeconds: healthDuration(false),
  retries: rules.integer({ min: 1, max: 2147483647, minReason: "1 (0 means Docker's default of 3)" }),
  startPeriodSeconds: healthDuration(true),
} satisfies PlainSchema<HealthcheckOptions>;

// SwarmService

export const PUBLISHED_PORT_OPTIONS_SCHEMA = {
  // publishPort checks them, naming the target port they belong to.
  publishedPort: rules.elsewhere,
  protocol: rules.elsewhere,
  mode: rules.oneOf(Object.values(PublishMode), "use PublishMode.INGRESS or PublishMode.HOST"),
} satisfies Schema<PublishedPortOptions>;

/** A file's owner: the daemon parses it with strconv.Atoi when it writes the file, so a name fails the task. */
const fileOwner: Rule<Where> = (where, name, id) => {
  if (id !== undefined && !isUnresolved(id) && (typeof id !== "string" || !/^\d+$/.test(id))) {
    throw fail(
      where,
      typeof id === "string" ? ErrorCode.INVALID_USER : ErrorCode.WRONG_TYPE,
      `${name} ${show(id)} of a secret or config file is not a numeric id as a string`,
      `give e.g. ${name}: "10001"`,
    );
  }
};
export const SWARM_FILE_OPTIONS_SCHEMA = {
  uid: fileOwner,
  gid: fileOwner,
  mode: (where, _name, mode) => {
    if (
      mode !== undefined &&
      !isUnresolved(mode) &&
      (typeof mode !== "number" || !Number.isInteger(mode) || mode < 0 || mode > 0o7777)
    ) {
      throw fail(
        where,
        typeof mode === "number" ? ErrorCode.INVALID_NUMBER : ErrorCode.WRONG_TYPE,
        `file mode ${show(mode)} is not a permission mode from 0 to 0o7777`,
        'give an octal number such as 0o400 (not the string "0400")',
      );
    }
  },
} satisfies Schema<SwarmFileOptions>;

/** The types of an UpdatePolicy (the ranges are renderPolicy's). */
export const UPDATE_POLICY_SCHEMA = {
  parallelism: numberType("1"),
  delaySeconds: numberType("1"),
  monitorSeconds: numberType("1"),
  failureAction: rules.oneOf(Object.values(UpdateFailureAction), "use UpdateFailureAction.ROLLBACK, PAUSE or CONTINUE"),
  maxFailureRatio: numberType("0.2"),
  order: rules.oneOf(Object.values(UpdateOrder), "use UpdateOrder.START_FIRST or UpdateOrder.STOP_FIRST"),
} satisfies Schema<UpdatePolicy>;

export const SERVICE_NETWORK_OPTIONS_SCHEMA = {
  // joinNetwork checks it, as "joinNetwork aliases".
  aliases: rules.elsewhere,
} satisfies Schema<NonNullable<Parameters<SwarmService["joinNetwork"]>[1]>>;

export const SERVICE_VOLUME_OPTIONS_SCHEMA = {
  readOnly: rules.boolean(),
} satisfies Schema<NonNullable<Parameters<SwarmService["mountVolume"]>[2]>>;

// Functions

export const INTERPOLATION_OPTIONS_SCHEMA = {
  lookup: callback(true),
  onUnset: callback(false),
} satisfies PlainSchema<InterpolationOptions>;

export const ENV_FILE_OPTIONS_SCHEMA = {
  lookup: callback(false),
  onUnset: callback(false),
} satisfies PlainSchema<EnvFileOptions>;

export const FORMAT_AUDIT_OPTIONS_SCHEMA = {
  onlyFailures: rules.boolean(),
} satisfies PlainSchema<NonNullable<Parameters<typeof formatAudit>[1]>>;

/** Checks an options object by its schema: an object (or nothing), then every rule. */
export function checkOptions<T, W extends Where>(where: W, name: string, schema: Schema<T, W>, options: unknown): void {
  const o = checkObject(where, name, options);
  if (o !== undefined) checkWithSchema(where, schema, o);
}
