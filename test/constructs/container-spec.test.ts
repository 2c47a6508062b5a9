// What Container and SwarmService share is one spec (constructs/private/container-spec): each
// shared prop or call, valid or not, ends the same way on both, with the same code (and, where
// both spell it alike, the same message); both take their defaults from the same profile.
import { Testing } from "cdktf";
import {
  Container,
  DefaultsProfile,
  type DockerStack,
  Healthcheck,
  Protocol,
  RestartPolicy,
  STACK_LABEL,
  SwarmService,
  TaskRestartCondition,
  Volume,
} from "../../constructs";
import { codesOf, onlyResource, testStack } from "../helpers";
import { pinnedImage } from "./support";

type Workload = Container | SwarmService;
type Props = Record<string, unknown>;
const loose = (value: unknown) => value as never;

const newContainer = (stack: DockerStack, props: Props = {}, id = "Web") =>
  new Container(stack, id, { image: pinnedImage(stack, `${id}Image`), ...props } as never);
const newService = (stack: DockerStack, props: Props = {}, id = "Web") =>
  new SwarmService(stack, id, { image: pinnedImage(stack, `${id}Image`), ...props } as never);

/** One row: what to define on a stack with a Container, and the same with a SwarmService. */
interface Row {
  readonly name: string;
  readonly container: (stack: DockerStack) => void;
  readonly service: (stack: DockerStack) => void;
  /** Both spell it alike (same prop or method, same arguments): the messages must match too, not only the codes. */
  readonly sameMessage: boolean;
}

/** The same call on either workload. */
const call = (name: string, define: (w: Workload, stack: DockerStack) => void): Row => ({
  name,
  container: (stack) => define(newContainer(stack), stack),
  service: (stack) => define(newService(stack), stack),
  sameMessage: true,
});

/** The same props on either workload. */
const props = (name: string, given: (stack: DockerStack) => Props): Row => ({
  name,
  container: (stack) => newContainer(stack, given(stack)),
  service: (stack) => newService(stack, given(stack)),
  sameMessage: true,
});

/** One shared concept spelled in each construct's words (addPortForward / publishPort, stopTimeoutSeconds / stopGracePeriodSeconds). */
const pair = (name: string, container: (stack: DockerStack) => void, service: (stack: DockerStack) => void): Row => ({
  name,
  container,
  service,
  sameMessage: false,
});

const portPair = (name: string, port: unknown, options: { other?: unknown; protocol?: unknown } = {}) =>
  pair(
    name,
    (stack) =>
      newContainer(stack).addPortForward(loose(port), loose({ hostPort: options.other, protocol: options.protocol })),
    (stack) =>
      newService(stack).publishPort(loose(port), loose({ publishedPort: options.other, protocol: options.protocol })),
  );
const tmpfsPair = (name: string, paths: string[]) =>
  pair(
    name,
    (stack) => newContainer(stack, { tmpfs: Object.fromEntries(paths.map((p) => [p, "rw,size=8m"])) }),
    (stack) => newService(stack, { tmpfs: paths }),
  );
const stopPair = (name: string, seconds: unknown) =>
  pair(
    name,
    (stack) => newContainer(stack, { stopTimeoutSeconds: seconds }),
    (stack) => newService(stack, { stopGracePeriodSeconds: seconds }),
  );

const retriesPair = (name: string, retries: unknown) =>
  pair(
    name,
    (stack) => newContainer(stack, { restartPolicy: RestartPolicy.ON_FAILURE, maxRestartRetries: retries }),
    (stack) => newService(stack, { maxRestartAttempts: retries }),
  );

const rows: Row[] = [
  // image
  props("image valid", (stack) => ({ image: pinnedImage(stack, "Other") })),
  props("image missing", () => ({ image: undefined })),
  props("image a string", () => ({ image: "busybox:1.37.0" })),
  props("image null", () => ({ image: null })),
  props("image with an ID but no reference", () => ({ image: { imageId: "sha256:0123" } })),
  // environment
  call("addEnvironment valid", (w) => w.addEnvironment("APP_PORT", "8080")),
  call("addEnvironment undefined value", (w) => w.addEnvironment("X", loose(undefined))),
  call("addEnvironment number value", (w) => w.addEnvironment("X", loose(5))),
  call("addEnvironment null value", (w) => w.addEnvironment("X", loose(null))),
  call("addEnvironment undefined name", (w) => w.addEnvironment(loose(undefined), "v")),
  call("addEnvironment name with =", (w) => w.addEnvironment("A=B", "v")),
  call("addEnvironment name with space", (w) => w.addEnvironment("A B", "v")),
  call("addEnvironment empty name", (w) => w.addEnvironment("", "v")),
  call("addEnvironment NUL in value", (w) => w.addEnvironment("X", "a\0b")),
  props("environment prop valid", () => ({ environment: { APP_PORT: "8080" } })),
  props("environment prop number value", () => ({ environment: { A: 1 } })),
  props("environment prop name with space", () => ({ environment: { "A B": "1" } })),
  // audit waivers and labels
  call("waiveAuditRule valid", (w) => w.waiveAuditRule("5.12", "the app writes to its root")),
  call("waiveAuditRule undefined reason", (w) => w.waiveAuditRule("5.12", loose(undefined))),
  call("waiveAuditRule blank reason", (w) => w.waiveAuditRule("5.12", "  ")),
  call("waiveAuditRule number reason", (w) => w.waiveAuditRule("5.12", loose(7))),
  call("waiveAuditRule undefined rule", (w) => w.waiveAuditRule(loose(undefined), "a reason")),
  call("waiveAuditRule blank rule", (w) => w.waiveAuditRule(" ", "a reason")),
  call("addLabel valid", (w) => w.addLabel("team", "web")),
  call("addLabel undefined value", (w) => w.addLabel("team", loose(undefined))),
  call("addLabel undefined key", (w) => w.addLabel(loose(undefined), "web")),
  call("addLabel the stack's label", (w) => w.addLabel(STACK_LABEL, "other")),
  props("labels prop number value", () => ({ labels: { a: 1 } })),
  // command
  props("command valid", () => ({ command: ["echo", "hi"], entrypoint: ["sh", "-c"] })),
  props("command a string", () => ({ command: "echo hi" })),
  props("entrypoint with a number", () => ({ entrypoint: ["sh", 1] })),
  // hostname (a service's may hold Swarm templates, see below)
  props("hostname valid", () => ({ hostname: "web-1" })),
  props("hostname blank", () => ({ hostname: "" })),
  props("hostname with '_'", () => ({ hostname: "web_1" })),
  props("hostname longer than the kernel's 64", () => ({ hostname: "a".repeat(65) })),
  props("hostname a number", () => ({ hostname: 1 })),
  // security
  props("user valid", () => ({ user: "10001:10001" })),
  props("user root (a warning, not an error)", () => ({ user: "0:0" })),
  props("user a number", () => ({ user: 1000 })),
  props("user with a space", () => ({ user: "a b" })),
  props("user blank", () => ({ user: " " })),
  props("user id past runc's range", () => ({ user: "4294967295:1000" })),
  props("readOnlyRootFilesystem false", () => ({ readOnlyRootFilesystem: false })),
  props("readOnlyRootFilesystem a string", () => ({ readOnlyRootFilesystem: "yes" })),
  props("capabilities valid", () => ({ capabilities: ["NET_BIND_SERVICE"] })),
  props("capabilities with CAP_", () => ({ capabilities: ["CAP_CHOWN"] })),
  props("capabilities a string", () => ({ capabilities: "NET_ADMIN" })),
  // limits
  props("memoryMiB valid", () => ({ memoryMiB: 64 })),
  props("memoryMiB below Docker's minimum", () => ({ memoryMiB: 4 })),
  props("memoryMiB not whole", () => ({ memoryMiB: 64.5 })),
  props("memoryMiB a string", () => ({ memoryMiB: "128" })),
  props("memoryMiB past int64 bytes", () => ({ memoryMiB: 1e13 })),
  stopPair("stop timeout valid", 30),
  stopPair("stop timeout negative", -1),
  stopPair("stop timeout not whole", 1.5),
  stopPair("stop timeout past a Go duration", 1e10),
  stopPair("stop timeout a string", "10"),
  // restarts (a container's policy and a service's condition are different enums; the retry count is one concept)
  retriesPair("restart retries valid", 3),
  retriesPair("restart retries 0", 0),
  retriesPair("restart retries not whole", 1.5),
  retriesPair("restart retries a string", "3"),
  // healthcheck
  props("healthcheck valid", () => ({ healthcheck: Healthcheck.fromCommand(["true"]) })),
  props("healthcheck a plain object", () => ({ healthcheck: { command: ["true"] } })),
  // defaults profile
  props("defaultsProfile compose", () => ({ defaultsProfile: DefaultsProfile.COMPOSE })),
  props("defaultsProfile unknown", () => ({ defaultsProfile: "strict" })),
  // mounts
  props("volumes prop valid", (stack) => ({ volumes: { "/data": new Volume(stack, "Data") } })),
  props("volumes prop on the default tmpfs", (stack) => ({ volumes: { "/tmp": new Volume(stack, "Data") } })),
  props("volumes prop relative path", (stack) => ({ volumes: { data: new Volume(stack, "Data") } })),
  props("volumes prop path not normalized", (stack) => ({ volumes: { "/a/../b": new Volume(stack, "Data") } })),
  props("volumes prop path inside /proc", (stack) => ({ volumes: { "/proc/sys": new Volume(stack, "Data") } })),
  props("volumes prop not a volume", () => ({ volumes: { "/data": "data" } })),
  call("mountVolume valid", (w) => w.mountVolume("/data", Volume.fromVolumeName("data"), { readOnly: true })),
  call("mountVolume twice at one path", (w) => {
    w.mountVolume("/data", Volume.fromVolumeName("data-a"));
    w.mountVolume("/data", Volume.fromVolumeName("data-b"));
  }),
  call("mountVolume on the default tmpfs", (w) => w.mountVolume("/tmp", Volume.fromVolumeName("data"))),
  call("mountVolume at the root", (w) => w.mountVolume("/", Volume.fromVolumeName("data"))),
  call("mountVolume path with ':'", (w) => w.mountVolume("/a:b", Volume.fromVolumeName("data"))),
  call("mountVolume arguments swapped", (w) => w.mountVolume(loose(Volume.fromVolumeName("data")), loose("/data"))),
  call("mountVolume readOnly a string", (w) =>
    w.mountVolume("/data", Volume.fromVolumeName("data"), loose({ readOnly: "yes" })),
  ),
  call("mountVolume unknown option", (w) =>
    w.mountVolume("/data", Volume.fromVolumeName("data"), loose({ readonly: true })),
  ),
  tmpfsPair("tmpfs valid", ["/cache"]),
  tmpfsPair("tmpfs relative path", ["cache"]),
  tmpfsPair("tmpfs at the root", ["/"]),
  tmpfsPair("tmpfs path not normalized", ["/a/"]),
  pair(
    "tmpfs and a volume at one path",
    (stack) => newContainer(stack, { tmpfs: { "/data": "" }, volumes: { "/data": new Volume(stack, "Data") } }),
    (stack) => newService(stack, { tmpfs: ["/data"], volumes: { "/data": new Volume(stack, "Data") } }),
  ),
  // ports
  portPair("port valid", 8080, { other: 18080 }),
  portPair("port 0", 0),
  portPair("port past 65535", 70000),
  portPair("port not whole", 80.5),
  portPair("port a string", "80"),
  portPair("port missing", undefined),
  portPair("host or published port past 65535", 8080, { other: 70000 }),
  portPair("host or published port a string", 8080, { other: "18080" }),
  portPair("protocol unknown", 8080, { protocol: "icmp" }),
  portPair("protocol udp", 8080, { protocol: Protocol.UDP }),
];

/** How a definition ends: "ok", or the codes and the message after the construct path. */
function outcome(define: (stack: DockerStack) => void, withMessage: boolean): string {
  const stack = testStack();
  try {
    define(stack);
    Testing.synth(stack);
    return "ok";
  } catch (error) {
    const codes = codesOf(error);
    // A TypeError or any other uncoded error is a bug on either side.
    if (codes.length === 0) return `uncoded: ${String(error)}`;
    return withMessage
      ? `${codes.join(",")}: ${(error as Error).message.replace(/^\[[^\]]*\] /, "")}`
      : codes.join(",");
  }
}

test.each(rows.map((row) => [row.name, row] as const))(
  "%s ends the same way on a Container and a SwarmService",
  (_, row) => {
    const onContainer = outcome(row.container, row.sameMessage);
    const onService = outcome(row.service, row.sameMessage);
    expect(onContainer).not.toMatch(/^uncoded/);
    expect(onService).toBe(onContainer);
  },
);

test("the table holds valid and invalid rows, and the invalid ones fail for several reasons", () => {
  const results = rows.map((row) => [row.name, outcome(row.container, false)] as const);
  const valid = results.filter(([, result]) => result === "ok").map(([name]) => name);
  expect(valid).toEqual([
    "image valid",
    "addEnvironment valid",
    "environment prop valid",
    "waiveAuditRule valid",
    "addLabel valid",
    "command valid",
    "hostname valid",
    "user valid",
    "user root (a warning, not an error)",
    "readOnlyRootFilesystem false",
    "capabilities valid",
    "memoryMiB valid",
    "stop timeout valid",
    "restart retries valid",
    "healthcheck valid",
    "defaultsProfile compose",
    "volumes prop valid",
    "mountVolume valid",
    "tmpfs valid",
    "port valid",
    "protocol udp",
  ]);
  const codes = new Set(results.map(([, result]) => result).filter((result) => result !== "ok"));
  expect([...codes].sort()).toEqual([
    "BlankValue",
    "DuplicateMountPath",
    "InvalidContainerPath",
    "InvalidEnvName",
    "InvalidHostname",
    "InvalidNumber",
    "InvalidPort",
    "InvalidUser",
    "MissingValue",
    "NulCharacter",
    "ReservedLabel",
    "UnknownCapability",
    "UnknownProp",
    "UnknownValue",
    "WaiverWithoutReason",
    "WrongType",
  ]);
});

test.each([
  ["{{.Service.Name}}-{{.Task.Slot}}", undefined],
  ["{{.Service.Name}}.{{.Task.Slot}}", undefined],
  ["web_{{.Task.Slot}}", 'hostname "web_{{.Task.Slot}}" is not a valid host name'],
  ["-{{.Task.Slot}}", 'hostname "-{{.Task.Slot}}" is not a valid host name'],
])(
  "a service's hostname %p may hold Swarm templates; what is around them follows the container's rule",
  (hostname, problem) => {
    const define = () => newService(testStack(), { hostname });
    if (problem === undefined) expect(define).not.toThrow();
    else expect(define).toThrow(problem);
  },
);

describe("both take their defaults from the defaults profile", () => {
  /** The settings the two resources share, read back from the synthesized JSON in one shape. */
  function shared(stack: DockerStack) {
    const c = onlyResource(stack, "docker_container");
    const s = onlyResource(stack, "docker_service");
    const spec = s.task_spec.container_spec;
    const memoryBytes = s.task_spec.resources?.limits?.memory_bytes;
    return {
      container: {
        memoryMiB: c.memory,
        user: c.user,
        workingDirectory: c.working_dir,
        readOnly: c.read_only,
        dropsAll: c.capabilities?.drop?.includes("ALL") ?? false,
        tmpfs: Object.keys(c.tmpfs ?? {}),
        stop: c.stop_timeout === undefined ? undefined : `${c.stop_timeout}s`,
      },
      service: {
        memoryMiB: memoryBytes === undefined ? undefined : memoryBytes / 1024 / 1024,
        user: spec.user,
        workingDirectory: spec.dir,
        readOnly: spec.read_only,
        dropsAll: spec.cap_drop?.includes("ALL") ?? false,
        tmpfs: (spec.mounts ?? [])
          .filter((m: { type: string }) => m.type === "tmpfs")
          .map((m: { target: string }) => m.target),
        stop: spec.stop_grace_period,
      },
      serviceCpus: s.task_spec.resources?.limits?.nano_cpus,
    };
  }

  test("hardened: 128 MiB, an unprivileged user, working dir /, a read-only root, ALL dropped, a /tmp tmpfs, 10 s to stop", () => {
    const stack = testStack();
    newContainer(stack);
    newService(stack, {}, "Svc");
    const { container, service, serviceCpus } = shared(stack);
    expect(container).toEqual({
      memoryMiB: 128,
      user: "10001:10001",
      workingDirectory: "/",
      readOnly: true,
      dropsAll: true,
      tmpfs: ["/tmp"],
      stop: "10s",
    });
    expect(service).toEqual(container);
    // Swarm has no CPU weight: the profile gives a service half a core where a container gets cpu_shares 512.
    expect(serviceCpus).toBe(500_000_000);
  });

  test.each([
    ["the stack's profile", { defaultsProfile: DefaultsProfile.COMPOSE }, {}],
    ["the defaultsProfile prop", {}, { defaultsProfile: DefaultsProfile.COMPOSE }],
  ])(
    "compose, from %s: Docker's own (no limits, the image's user and working dir, a writable root, no tmpfs)",
    (_, context, given) => {
      const stack = testStack("test", context);
      newContainer(stack, given);
      newService(stack, given, "Svc");
      const { container, service, serviceCpus } = shared(stack);
      expect(container).toEqual({
        memoryMiB: undefined,
        user: undefined,
        workingDirectory: undefined,
        readOnly: false,
        dropsAll: false,
        tmpfs: [],
        stop: undefined,
      });
      expect(service).toEqual(container);
      expect(serviceCpus).toBeUndefined();
    },
  );

  /** How each restarts, read back from the synthesized JSON. */
  function restarts(stack: DockerStack) {
    const c = onlyResource(stack, "docker_container");
    const policy = onlyResource(stack, "docker_service").task_spec.restart_policy;
    return {
      container: { policy: c.restart, retries: c.max_retry_count },
      service: { condition: policy.condition, attempts: policy.max_attempts, window: policy.window },
    };
  }

  test.each([
    // Swarm has no unless-stopped: a hardened service restarts on failure, 5 attempts in 2 minutes (CIS 5.14).
    [
      DefaultsProfile.HARDENED,
      { policy: "unless-stopped", retries: undefined },
      { condition: TaskRestartCondition.ON_FAILURE, attempts: 5, window: "2m" },
    ],
    // Docker's own on both: a container is not restarted, a task always, without a bound (Swarm's 0).
    [
      DefaultsProfile.COMPOSE,
      { policy: "no", retries: undefined },
      { condition: TaskRestartCondition.ANY, attempts: 0, window: "0s" },
    ],
  ])("%s: the restart settings come from the profile", (profile, container, service) => {
    const stack = testStack("test", { defaultsProfile: profile });
    newContainer(stack);
    newService(stack, {}, "Svc");
    expect(restarts(stack)).toEqual({ container, service });
  });

  test.each([
    [DefaultsProfile.HARDENED, 5],
    [DefaultsProfile.COMPOSE, undefined],
  ])(
    "%s: a container's on-failure retries and a service's restart attempts are the profile's one bound",
    (profile, bound) => {
      const stack = testStack("test", { defaultsProfile: profile });
      newContainer(stack, { restartPolicy: RestartPolicy.ON_FAILURE });
      newService(stack, { restartCondition: TaskRestartCondition.ON_FAILURE }, "Svc");
      const { container, service } = restarts(stack);
      expect(container).toEqual({ policy: "on-failure", retries: bound });
      // Swarm writes "unlimited" as 0.
      expect(service.attempts).toBe(bound ?? 0);
    },
  );

  test("the props still win over the profile", () => {
    const stack = testStack("test", { defaultsProfile: DefaultsProfile.COMPOSE });
    newService(
      stack,
      { restartCondition: TaskRestartCondition.NONE, maxRestartAttempts: 2, restartWindowSeconds: 60 },
      "Svc",
    );
    expect(onlyResource(stack, "docker_service").task_spec.restart_policy).toEqual({
      condition: "none",
      max_attempts: 2,
      delay: "5s",
      window: "1m",
    });
  });
});
