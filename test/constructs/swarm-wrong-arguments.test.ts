// Swarm constructs given what a JavaScript caller, JSON or `as never` can pass, and values
// Swarm or the daemon refuse at deploy: each must be one clean definition error, never a TypeError.
import {
  type DockerStack,
  ErrorCode,
  OverlayNetwork,
  RegistryImage,
  SwarmConfig,
  SwarmSecret,
  SwarmService,
} from "../../constructs";
import { expectDefinitionError, testStack } from "../helpers";

const service = (s: DockerStack, props: Record<string, unknown> = {}) =>
  new SwarmService(s, "Svc", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }), ...props } as never);
const secret = (s: DockerStack) => new SwarmSecret(s, "S", { value: "x" });

const cases: [string, ErrorCode, string, (s: DockerStack) => void][] = [
  ["props undefined", ErrorCode.MISSING_VALUE, "no props given", (s) => new SwarmService(s, "Svc", undefined as never)],
  ["image missing", ErrorCode.MISSING_VALUE, "no image given", (s) => new SwarmService(s, "Svc", {} as never)],
  [
    "image a string",
    ErrorCode.WRONG_TYPE,
    'image "busybox:1.37.0" is not an image',
    (s) => new SwarmService(s, "Svc", { image: "busybox:1.37.0" as never }),
  ],
  ["serviceName a number", ErrorCode.WRONG_TYPE, "serviceName 5 is a number", (s) => service(s, { serviceName: 5 })],
  [
    "replicas a string",
    ErrorCode.WRONG_TYPE,
    'replicas "3" is a string, not a number',
    (s) => service(s, { replicas: "3" }),
  ],
  ["memoryMiB a string", ErrorCode.WRONG_TYPE, 'memoryMiB "128" is a string', (s) => service(s, { memoryMiB: "128" })],
  [
    "memoryMiB past int64",
    ErrorCode.INVALID_NUMBER,
    "memoryMiB 10000000000000 is above what fits in Docker's int64 byte count",
    (s) => service(s, { memoryMiB: 1e13 }),
  ],
  [
    "cpus below swarm's minimum",
    ErrorCode.INVALID_NUMBER,
    "cpus 0.0001 is below Swarm's minimum of 0.001 CPUs",
    (s) => service(s, { cpus: 0.0001 }),
  ],
  [
    "mode misspelled",
    ErrorCode.UNKNOWN_VALUE,
    'mode "Global" is not one of "replicated", "global"',
    (s) => service(s, { mode: "Global" }),
  ],
  [
    "endpointMode misspelled",
    ErrorCode.UNKNOWN_VALUE,
    'endpointMode "vips"',
    (s) => service(s, { endpointMode: "vips" }),
  ],
  [
    "restartCondition misspelled",
    ErrorCode.UNKNOWN_VALUE,
    'restartCondition "always"',
    (s) => service(s, { restartCondition: "always" }),
  ],
  [
    "update failureAction misspelled",
    ErrorCode.UNKNOWN_VALUE,
    'updatePolicy.failureAction "rollbak"',
    (s) => service(s, { updatePolicy: { failureAction: "rollbak" } }),
  ],
  [
    "rollback order misspelled",
    ErrorCode.UNKNOWN_VALUE,
    'rollbackPolicy.order "first"',
    (s) => service(s, { rollbackPolicy: { order: "first" } }),
  ],
  [
    "maxFailureRatio a string",
    ErrorCode.WRONG_TYPE,
    'updatePolicy.maxFailureRatio "0.5" is a string',
    (s) => service(s, { updatePolicy: { maxFailureRatio: "0.5" } }),
  ],
  [
    "updatePolicy a string",
    ErrorCode.WRONG_TYPE,
    'updatePolicy "fast" is a string, not an object',
    (s) => service(s, { updatePolicy: "fast" }),
  ],
  [
    "ports an object",
    ErrorCode.WRONG_TYPE,
    "is an object, not a list",
    (s) => service(s, { ports: { targetPort: 80 } }),
  ],
  [
    "port mode misspelled",
    ErrorCode.UNKNOWN_VALUE,
    'mode "hosts" is not one of "ingress", "host"',
    (s) => service(s, { ports: [{ targetPort: 80, mode: "hosts" }] }),
  ],
  [
    "target port a string",
    ErrorCode.WRONG_TYPE,
    'target port "80" is a string',
    (s) => service(s, { ports: [{ targetPort: "80" }] }),
  ],
  [
    "networks not a list",
    ErrorCode.WRONG_TYPE,
    "is an object, not a list",
    (s) => service(s, { networks: new OverlayNetwork(s, "O") }),
  ],
  [
    "command a string",
    ErrorCode.WRONG_TYPE,
    'command "echo hi" is a string, not a list of strings',
    (s) => service(s, { command: "echo hi" }),
  ],
  [
    "environment value a number",
    ErrorCode.WRONG_TYPE,
    'environment["A"] 1 is a number',
    (s) => service(s, { environment: { A: 1 } }),
  ],
  [
    "environment value with NUL",
    ErrorCode.NUL_CHARACTER,
    "contains a NUL character",
    (s) => service(s, { environment: { A: "a\0b" } }),
  ],
  ["labels value a number", ErrorCode.WRONG_TYPE, 'labels["a"] 1 is a number', (s) => service(s, { labels: { a: 1 } })],
  ["user a number", ErrorCode.WRONG_TYPE, "user 1000 is a number", (s) => service(s, { user: 1000 })],
  [
    "user with a space",
    ErrorCode.INVALID_USER,
    'user "a b" is not user, uid, user:group or uid:gid',
    (s) => service(s, { user: "a b" }),
  ],
  [
    "healthcheck a plain object",
    ErrorCode.WRONG_TYPE,
    "is not a Healthcheck",
    (s) => service(s, { healthcheck: { command: ["true"] } }),
  ],
  ["tmpfs a string", ErrorCode.WRONG_TYPE, 'tmpfs "/tmp" is a string', (s) => service(s, { tmpfs: "/tmp" })],
  [
    "tmpfs twice",
    ErrorCode.DUPLICATE_MOUNT_PATH,
    "two mounts at /tmp: a tmpfs and a tmpfs",
    (s) => service(s, { tmpfs: ["/tmp", "/tmp"] }),
  ],
  [
    "config on the tmpfs path",
    ErrorCode.DUPLICATE_MOUNT_PATH,
    "two mounts at /tmp: a tmpfs and a config",
    (s) => service(s, { configs: { "/tmp": new SwarmConfig(s, "C", { content: "y" }) } }),
  ],
  [
    "volume on the tmpfs path",
    ErrorCode.DUPLICATE_MOUNT_PATH,
    "two mounts at /tmp: a tmpfs and volume data",
    (s) => service(s).mountVolume("/tmp", { volumeName: "data" } as never),
  ],
  [
    "config at the root",
    ErrorCode.INVALID_CONTAINER_PATH,
    "config path is '/'",
    (s) => service(s, { configs: { "/": new SwarmConfig(s, "C", { content: "y" }) } }),
  ],
  [
    "secret a string",
    ErrorCode.WRONG_TYPE,
    'secrets["a"] "x" is not a SwarmSecret',
    (s) => service(s, { secrets: { a: "x" } }),
  ],
  [
    "secret file name blank",
    ErrorCode.BLANK_VALUE,
    "secret file name is blank",
    (s) => service(s, { secrets: { "": secret(s) } }),
  ],
  [
    "secret file name leaves /run/secrets",
    ErrorCode.INVALID_CONTAINER_PATH,
    "secret file '/run/secrets/../../etc/passwd' is not normalized. Fix: write it as '/etc/passwd'",
    (s) => service(s, { secrets: { "../../etc/passwd": secret(s) } }),
  ],
  [
    "secret file mode a string",
    ErrorCode.WRONG_TYPE,
    'file mode "0400" is not a permission mode',
    (s) => service(s).mountSecret("a", secret(s), { mode: "0400" as never }),
  ],
  [
    "secret file mode too large",
    ErrorCode.INVALID_NUMBER,
    "file mode 4096 is not a permission mode from 0 to 0o7777",
    (s) => service(s).mountSecret("a", secret(s), { mode: 0o10000 }),
  ],
  [
    "secret file uid a name",
    ErrorCode.INVALID_USER,
    'uid "bob" of a secret or config file is not a numeric id',
    (s) => service(s).mountSecret("a", secret(s), { uid: "bob" }),
  ],
  [
    "secret file gid a number",
    ErrorCode.WRONG_TYPE,
    "gid 1000 of a secret or config file",
    (s) => service(s).mountSecret("a", secret(s), { gid: 1000 as never }),
  ],
  [
    "constraint role no node has",
    ErrorCode.INVALID_PLACEMENT,
    "compares node.role with 'boss', which no node has",
    (s) => service(s, { placementConstraints: ["node.role==boss"] }),
  ],
  [
    "constraint value with a comma",
    ErrorCode.INVALID_PLACEMENT,
    "has the value 'eu,west', which Swarm refuses",
    (s) => service(s, { placementConstraints: ["node.labels.zone==eu,west"] }),
  ],
  [
    "constraint label key with a slash",
    ErrorCode.INVALID_PLACEMENT,
    "invalid placement constraint 'node.labels.a/b==x'",
    (s) => service(s, { placementConstraints: ["node.labels.a/b==x"] }),
  ],
  [
    "constraints a string",
    ErrorCode.WRONG_TYPE,
    'placementConstraints "node.role==manager" is a string',
    (s) => service(s, { placementConstraints: "node.role==manager" }),
  ],
  [
    "overlay subnet a number",
    ErrorCode.WRONG_TYPE,
    "subnet 10 is a number",
    (s) => new OverlayNetwork(s, "O", { subnet: 10 as never }),
  ],
  [
    "overlay encrypted a string",
    ErrorCode.WRONG_TYPE,
    'encrypted "false" is a string, not a boolean',
    (s) => new OverlayNetwork(s, "O", { encrypted: "false" as never }),
  ],
  [
    "overlay attachable a string",
    ErrorCode.WRONG_TYPE,
    'attachable "yes" is a string',
    (s) => new OverlayNetwork(s, "O", { attachable: "yes" as never }),
  ],
  [
    "overlay labels value a number",
    ErrorCode.WRONG_TYPE,
    'labels["a"] 1 is a number',
    (s) => new OverlayNetwork(s, "O", { labels: { a: 1 } as never }),
  ],
  [
    "overlay gateway the network address",
    ErrorCode.RESERVED_ADDRESS,
    "gateway 10.20.0.0 is the network address of 10.20.0.0/24",
    (s) => new OverlayNetwork(s, "O", { subnet: "10.20.0.0/24", gateway: "10.20.0.0" }),
  ],
  [
    "overlay gateway the broadcast address",
    ErrorCode.RESERVED_ADDRESS,
    "gateway 10.20.0.255 is the broadcast address",
    (s) => new OverlayNetwork(s, "O", { subnet: "10.20.0.0/24", gateway: "10.20.0.255" }),
  ],
  [
    "secret value a number",
    ErrorCode.WRONG_TYPE,
    "value 123 is a number",
    (s) => new SwarmSecret(s, "S", { value: 123 as never }),
  ],
  [
    "secret file a number",
    ErrorCode.WRONG_TYPE,
    "file 5 is a number",
    (s) => new SwarmSecret(s, "S", { file: 5 as never }),
  ],
  [
    "secret props undefined",
    ErrorCode.MISSING_VALUE,
    "no props given",
    (s) => new SwarmSecret(s, "S", undefined as never),
  ],
  [
    "secret labels value a number",
    ErrorCode.WRONG_TYPE,
    'labels["a"] 1 is a number',
    (s) => new SwarmSecret(s, "S", { value: "x", labels: { a: 1 } as never }),
  ],
  [
    "secret name prefix a number",
    ErrorCode.WRONG_TYPE,
    "secretNamePrefix 5 is a number",
    (s) => new SwarmSecret(s, "S", { value: "x", secretNamePrefix: 5 as never }),
  ],
  [
    "config content a number",
    ErrorCode.WRONG_TYPE,
    "content 5 is a number",
    (s) => new SwarmConfig(s, "C", { content: 5 as never }),
  ],
  [
    "config file a number",
    ErrorCode.WRONG_TYPE,
    "file 5 is a number",
    (s) => new SwarmConfig(s, "C", { file: 5 as never }),
  ],
  [
    "config file a folder",
    ErrorCode.INVALID_SWARM_OBJECT_CONTENT,
    "config file '/tmp' is a folder",
    (s) => new SwarmConfig(s, "C", { file: "/tmp" }),
  ],
];

test.each(cases)("%s: %s", (_, code, message, define) => {
  const error = expectDefinitionError(() => define(testStack()), code, message);
  expect(error.name).toBe("DefinitionError");
});

test("what Swarm accepts stays accepted", () => {
  const s = testStack();
  service(s, {
    serviceName: "my_svc",
    cpus: 0.001,
    placementConstraints: ["node.role==manager", "Node.Labels.zone != eu-west", "node.hostname==web-1"],
    secrets: { "db-password": secret(s), "/etc/app/token": new SwarmSecret(s, "T", { value: "y" }) },
  }).mountSecret("other", new SwarmSecret(s, "U", { value: "z" }), { uid: "10001", gid: "10001", mode: 0o440 });
  new OverlayNetwork(s, "O", { subnet: "10.20.0.0/24", gateway: "10.20.0.1", encrypted: true, attachable: false });
});
