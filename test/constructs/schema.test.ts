// One schema per props interface (constructs/private/validation/schema.ts): the compiler holds
// it to the interface, and the unknown-prop check and the type checks derive from it.
import { TerraformVariable, Token } from "cdktf";
import {
  auditStack,
  BridgeNetwork,
  Container,
  DockerApp,
  DockerStack,
  ErrorCode,
  formatAudit,
  GeneratedSecret,
  Healthcheck,
  ImmutableImage,
  interpolate,
  OverlayNetwork,
  parseEnvFile,
  RegistryImage,
  RestartPolicy,
  SwarmConfig,
  SwarmSecret,
  SwarmService,
  Volume,
} from "../../constructs";
import { CONTAINER_SCHEMA } from "../../constructs/private/validation/container-props";
import {
  ENV_FILE_OPTIONS_SCHEMA,
  FORMAT_AUDIT_OPTIONS_SCHEMA,
  HEALTHCHECK_OPTIONS_SCHEMA,
  HOST_PATH_MOUNT_OPTIONS_SCHEMA,
  PORT_FORWARD_OPTIONS_SCHEMA,
  SWARM_FILE_OPTIONS_SCHEMA,
} from "../../constructs/private/validation/option-schemas";
import {
  BRIDGE_NETWORK_SCHEMA,
  DOCKER_APP_SCHEMA,
  DOCKER_STACK_SCHEMA,
  GENERATED_SECRET_SCHEMA,
  IMMUTABLE_IMAGE_SCHEMA,
  OVERLAY_NETWORK_SCHEMA,
  REGISTRY_IMAGE_SCHEMA,
  SWARM_CONFIG_SCHEMA,
  SWARM_SECRET_SCHEMA,
  VOLUME_SCHEMA,
} from "../../constructs/private/validation/resource-schemas";
import { type Rule, rules, type Schema, schemaKeys } from "../../constructs/private/validation/schema";
import { SWARM_SERVICE_SCHEMA } from "../../constructs/private/validation/swarm-props";
import { expectDefinitionError, synthJson, testStack } from "../helpers";
import { pinnedImage } from "./support";

interface TwoProps {
  readonly name?: string;
  readonly count?: number;
}

test("the compiler refuses a schema that misses a prop or has one the interface does not", () => {
  // @ts-expect-error `count` has no rule
  const missing = { name: rules.string() } satisfies Schema<TwoProps>;
  const extra = {
    name: rules.string(),
    count: rules.integer({ min: 0, max: 9 }),
    // @ts-expect-error `colour` is no prop of TwoProps
    colour: rules.string(),
  } satisfies Schema<TwoProps>;
  const complete = { name: rules.string(), count: rules.integer({ min: 0, max: 9 }) } satisfies Schema<TwoProps>;
  expect([missing, extra, complete].map((schema) => schemaKeys<TwoProps>(schema as Schema<TwoProps>))).toEqual([
    ["name"],
    ["name", "count", "colour"],
    ["name", "count"],
  ]);
});

test("ContainerProps and SwarmServiceProps: an unknown prop is refused with the schema's nearest key", () => {
  const stack = testStack();
  expectDefinitionError(
    () => new Container(stack, "C", { image: pinnedImage(stack), readOnlyRootFilesytem: true } as never),
    ErrorCode.UNKNOWN_PROP,
    "use readOnlyRootFilesystem",
  );
  expectDefinitionError(
    () => new SwarmService(stack, "S", { image: pinnedImage(stack, "I2"), defaultProfile: "compose" } as never),
    ErrorCode.UNKNOWN_PROP,
    "use defaultsProfile",
  );
  expect(schemaKeys(CONTAINER_SCHEMA)).toContain("readOnlyRootFilesystem");
});

// Each props or options object with at most 12 props lists them when a key is unknown: the list is its schema's keys.
test.each<[string, Readonly<Record<string, unknown>>, (stack: DockerStack, props: never) => unknown]>([
  ["VolumeProps", VOLUME_SCHEMA, (s, p) => new Volume(s, "V", p)],
  ["BridgeNetworkProps", BRIDGE_NETWORK_SCHEMA, (s, p) => new BridgeNetwork(s, "N", p)],
  ["OverlayNetworkProps", OVERLAY_NETWORK_SCHEMA, (s, p) => new OverlayNetwork(s, "N", p)],
  ["RegistryImageProps", REGISTRY_IMAGE_SCHEMA, (s, p) => new RegistryImage(s, "I", p)],
  ["ImmutableImageProps", IMMUTABLE_IMAGE_SCHEMA, (s, p) => new ImmutableImage(s, "I", p)],
  ["GeneratedSecretProps", GENERATED_SECRET_SCHEMA, (s, p) => new GeneratedSecret(s, "G", p)],
  ["SwarmSecretProps", SWARM_SECRET_SCHEMA, (s, p) => new SwarmSecret(s, "S", p)],
  ["SwarmConfigProps", SWARM_CONFIG_SCHEMA, (s, p) => new SwarmConfig(s, "S", p)],
  ["DockerStackProps", DOCKER_STACK_SCHEMA, (s, p) => new DockerStack(s.node.root as DockerApp, "other", p)],
  ["DockerAppProps", DOCKER_APP_SCHEMA, (_, p) => new DockerApp(p)],
  ["HealthcheckOptions", HEALTHCHECK_OPTIONS_SCHEMA, (_, p) => Healthcheck.fromShell("true", p)],
  [
    "PortForwardOptions",
    PORT_FORWARD_OPTIONS_SCHEMA,
    (s, p) => new Container(s, "C", { image: pinnedImage(s) }).addPortForward(80, p),
  ],
  [
    "HostPathMountOptions",
    HOST_PATH_MOUNT_OPTIONS_SCHEMA,
    (s, p) => new Container(s, "C", { image: pinnedImage(s) }).mountHostPath("/data", "/srv/data", p),
  ],
  [
    "SwarmFileOptions",
    SWARM_FILE_OPTIONS_SCHEMA,
    (s, p) =>
      new SwarmService(s, "S", { image: pinnedImage(s) }).mountConfig(
        "/etc/app.conf",
        new SwarmConfig(s, "Conf", { content: "x" }),
        p,
      ),
  ],
  ["EnvFileOptions", ENV_FILE_OPTIONS_SCHEMA, (_, p) => parseEnvFile("A=1", p)],
  ["formatAudit options", FORMAT_AUDIT_OPTIONS_SCHEMA, (s, p) => formatAudit(auditStack(s), p)],
])("%s: an unknown key is refused, listing the schema's keys", (typeName, schema, define) => {
  const stack = testStack();
  expectDefinitionError(
    () => define(stack, { zzzUnknown: 1 } as never),
    ErrorCode.UNKNOWN_PROP,
    `unknown prop 'zzzUnknown' in ${typeName}. Fix: remove it; ${typeName} has ${Object.keys(schema).join(", ")}`,
  );
});

test.each<[string, () => unknown, ErrorCode, string]>([
  [
    "DockerApp reportErrors",
    () => new DockerApp({ reportErrors: "no" as never }),
    ErrorCode.WRONG_TYPE,
    'reportErrors "no" is a string, not a boolean',
  ],
  [
    "formatAudit onlyFailures",
    () => formatAudit(auditStack(testStack()), { onlyFailures: 1 as never }),
    ErrorCode.WRONG_TYPE,
    "onlyFailures 1 is a number, not a boolean",
  ],
  [
    "parseEnvFile lookup",
    () => parseEnvFile("A=1", { lookup: {} as never }),
    ErrorCode.WRONG_TYPE,
    "lookup {} is an object, not a function",
  ],
  ["interpolate without lookup", () => interpolate("$A", {} as never), ErrorCode.MISSING_VALUE, "no lookup given"],
  [
    "a published port's mode",
    () => {
      const s = testStack();
      new SwarmService(s, "S", { image: pinnedImage(s) }).publishPort(80, { mode: "mesh" as never });
    },
    ErrorCode.UNKNOWN_VALUE,
    "mode",
  ],
  [
    "an update policy's field",
    () => {
      const s = testStack();
      new SwarmService(s, "S", { image: pinnedImage(s), updatePolicy: { parallelism: "2" as never } });
    },
    ErrorCode.WRONG_TYPE,
    'updatePolicy.parallelism "2" is a string, not a number. Fix: give updatePolicy.parallelism as a number, e.g. 1',
  ],
])("the option schemas check types: %s", (_, define, code, message) => {
  expectDefinitionError(define, code, message);
});

test.each([
  ["ContainerProps", CONTAINER_SCHEMA],
  ["SwarmServiceProps", SWARM_SERVICE_SCHEMA],
] as [string, Record<string, Rule>][])("every %s rule but the image's takes undefined as the default", (_, schema) => {
  const scope = testStack();
  for (const [name, rule] of Object.entries(schema)) {
    if (name === "image") continue;
    expect(() => rule(scope, name, undefined)).not.toThrow();
  }
});

test("a rule names the prop it checks", () => {
  const scope = testStack();
  expectDefinitionError(
    () => SWARM_SERVICE_SCHEMA.replicas(scope, "replicas", -1),
    ErrorCode.INVALID_NUMBER,
    "[test] replicas -1 is not a whole number of 0 or more. Fix: give e.g. 3",
  );
  expectDefinitionError(
    () => SWARM_SERVICE_SCHEMA.replicas(scope, "replicas", "3"),
    ErrorCode.WRONG_TYPE,
    '[test] replicas "3" is a string, not a number. Fix: give replicas as a number, e.g. 3',
  );
  expectDefinitionError(
    () => CONTAINER_SCHEMA.updateOrder(scope, "updateOrder", "blue-green"),
    ErrorCode.UNKNOWN_VALUE,
    "[test] unknown updateOrder 'blue-green'",
  );
});

test("a token passes the range checks where it is written as it is", () => {
  const stack = testStack();
  const count = Token.asNumber(new TerraformVariable(stack, "Count", { type: "number" }).value);
  new SwarmService(stack, "Svc", {
    image: pinnedImage(stack),
    replicas: count,
    maxRestartAttempts: count,
    maxReplicasPerNode: count,
  });
  new Container(stack, "Web", {
    image: pinnedImage(stack, "WebImage"),
    restartPolicy: RestartPolicy.ON_FAILURE,
    maxRestartRetries: count,
  });
  const service = Object.values(synthJson(stack).resource.docker_service)[0] as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  expect([
    service.mode.replicated.replicas,
    service.task_spec.restart_policy.max_attempts,
    service.task_spec.placement.max_replicas,
  ]).toEqual(Array(3).fill("${var.Count}"));
  expect(
    (Object.values(synthJson(stack).resource.docker_container)[0] as { max_retry_count: unknown }).max_retry_count,
  ).toBe("${var.Count}");
});

test.each([
  "memoryMiB",
  "memoryReservationMiB",
  "cpus",
  "cpuReservation",
  "restartDelaySeconds",
  "restartWindowSeconds",
  "convergeTimeoutSeconds",
  "stopGracePeriodSeconds",
])(
  "a service's %s is converted at synth (bytes, nano CPUs, a duration): a token is refused, not written as garbage",
  (prop) => {
    const stack = testStack();
    const value = Token.asNumber(new TerraformVariable(stack, "Value", { type: "number" }).value);
    expectDefinitionError(
      () => new SwarmService(stack, "Svc", { image: pinnedImage(stack), [prop]: value }),
      ErrorCode.INVALID_NUMBER,
      `[test/Svc] ${prop} is a token, known only at deploy`,
    );
  },
);
