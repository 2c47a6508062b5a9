// One schema per props interface (constructs/private/validation/schema.ts): the compiler holds
// it to the interface, and the unknown-prop check and the type checks derive from it.
import { TerraformVariable, Token } from "cdktf";
import { Container, ErrorCode, RestartPolicy, SwarmService } from "../../constructs";
import { CONTAINER_SCHEMA } from "../../constructs/private/validation/container-props";
import { CONTAINER_PROPS, SWARM_SERVICE_PROPS } from "../../constructs/private/validation/prop-lists";
import { Rule, rules, Schema, schemaKeys } from "../../constructs/private/validation/schema";
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
  // @ts-expect-error `colour` is no prop of TwoProps
  const extra = { name: rules.string(), count: rules.integer({ min: 0, max: 9 }), colour: rules.string() } satisfies Schema<TwoProps>;
  const complete = { name: rules.string(), count: rules.integer({ min: 0, max: 9 }) } satisfies Schema<TwoProps>;
  expect([missing, extra, complete].map((schema) => schemaKeys<TwoProps>(schema as Schema<TwoProps>))).toEqual([["name"], ["name", "count", "colour"], ["name", "count"]]);
});

test("the unknown-prop check knows exactly the schemas' keys", () => {
  expect(CONTAINER_PROPS).toEqual(Object.keys(CONTAINER_SCHEMA));
  expect(SWARM_SERVICE_PROPS).toEqual(Object.keys(SWARM_SERVICE_SCHEMA));
  expect(CONTAINER_PROPS).toContain("readOnlyRootFilesystem");
  expect(SWARM_SERVICE_PROPS).toContain("defaultsProfile");
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
  expectDefinitionError(() => SWARM_SERVICE_SCHEMA.replicas(scope, "replicas", -1), ErrorCode.INVALID_NUMBER, "[test] replicas -1 is not a whole number of 0 or more. Fix: give e.g. 3");
  expectDefinitionError(() => SWARM_SERVICE_SCHEMA.replicas(scope, "replicas", "3"), ErrorCode.WRONG_TYPE, '[test] replicas "3" is a string, not a number. Fix: give replicas as a number, e.g. 3');
  expectDefinitionError(() => CONTAINER_SCHEMA.updateOrder(scope, "updateOrder", "blue-green"), ErrorCode.UNKNOWN_VALUE, "[test] unknown updateOrder 'blue-green'");
});

test("a token passes the range checks where it is written as it is", () => {
  const stack = testStack();
  const count = Token.asNumber(new TerraformVariable(stack, "Count", { type: "number" }).value);
  new SwarmService(stack, "Svc", { image: pinnedImage(stack), replicas: count, maxRestartAttempts: count, maxReplicasPerNode: count });
  new Container(stack, "Web", { image: pinnedImage(stack, "WebImage"), restartPolicy: RestartPolicy.ON_FAILURE, maxRestartRetries: count });
  const service = Object.values(synthJson(stack).resource.docker_service)[0] as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  expect([service.mode.replicated.replicas, service.task_spec.restart_policy.max_attempts, service.task_spec.placement.max_replicas]).toEqual(Array(3).fill("${var.Count}"));
  expect((Object.values(synthJson(stack).resource.docker_container)[0] as { max_retry_count: unknown }).max_retry_count).toBe("${var.Count}");
});

test.each(["memoryMiB", "memoryReservationMiB", "cpus", "cpuReservation", "restartDelaySeconds", "restartWindowSeconds", "convergeTimeoutSeconds", "stopGracePeriodSeconds"])(
  "a service's %s is converted at synth (bytes, nano CPUs, a duration): a token is refused, not written as garbage",
  (prop) => {
    const stack = testStack();
    const value = Token.asNumber(new TerraformVariable(stack, "Value", { type: "number" }).value);
    expectDefinitionError(() => new SwarmService(stack, "Svc", { image: pinnedImage(stack), [prop]: value }), ErrorCode.INVALID_NUMBER, `[test/Svc] ${prop} is a token, known only at deploy`);
  },
);
