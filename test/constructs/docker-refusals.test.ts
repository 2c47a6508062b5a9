import { BridgeNetwork, Container, DockerStack, ErrorCode, Healthcheck, Network, Volume } from "../../constructs";
import { canonicalIp } from "../../constructs/private/port-forwards";
import { expectDefinitionError, onlyResource, testApp, testStack } from "../helpers";
import { pinnedImage } from "./support";

// What Docker, the daemon or runc would refuse at deploy (or what would reach Terraform as a
// wrong value), found by probing the constructs as a user would: each is one clean error now.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loose = (value: unknown): any => value;

function container(props: Record<string, unknown>): () => Container {
  return () => {
    const stack = testStack();
    return new Container(stack, "Web", { image: pinnedImage(stack), ...loose(props) });
  };
}

describe("values that are missing, not of the wrong type", () => {
  test.each([
    [
      { environment: { A: undefined } },
      '[test/Web] environment["A"] is undefined. Fix: give environment["A"] a string value, or remove the key',
    ],
    [{ labels: { a: undefined } }, 'labels["a"] is undefined'],
    [{ extraHosts: { db: undefined } }, 'extraHosts["db"] is undefined'],
    [{ sysctls: { "net.core.somaxconn": undefined } }, 'sysctls["net.core.somaxconn"] is undefined'],
    [{ portForwards: [{ hostPort: 18080 }] }, "[test/Web] no container port given"],
    [{ devices: [{ containerPath: "/dev/fuse" }] }, "[test/Web] devices[0] has no hostPath"],
    [{ ulimits: [{ name: "nofile", soft: 10 }] }, "[test/Web] ulimits[0] has no hard"],
    [{ ulimits: [{ soft: 1, hard: 2 }] }, "[test/Web] ulimits[0] has no name"],
    [{ logging: {} }, "[test/Web] logging has no driver"],
  ])("%j", (props, message) => {
    expectDefinitionError(container(props), ErrorCode.MISSING_VALUE, message);
  });

  test("addEnvironment and addLabel without a value", () => {
    const web = container({})();
    expectDefinitionError(
      () => web.addEnvironment("A", loose(undefined)),
      ErrorCode.MISSING_VALUE,
      "[test/Web] environment variable A has no value (undefined)",
    );
    expectDefinitionError(
      () => web.addLabel("a", loose(undefined)),
      ErrorCode.MISSING_VALUE,
      "[test/Web] label a has no value (undefined)",
    );
    expectDefinitionError(
      () => web.addPortForward(loose(undefined)),
      ErrorCode.MISSING_VALUE,
      "no container port given",
    );
  });
});

describe("names the daemon keeps", () => {
  test.each(["bridge", "host", "none", "default"])("a BridgeNetwork cannot be named %p", (networkName) => {
    expectDefinitionError(
      () => new BridgeNetwork(testStack(), "Net", { networkName }),
      ErrorCode.INVALID_DOCKER_NAME,
      `network name '${networkName}' is one of Docker's predefined networks`,
    );
  });

  test("names that only contain them are fine", () => {
    expect(() => new BridgeNetwork(testStack(), "Net", { networkName: "host-net" })).not.toThrow();
  });
});

describe("users and groups runc takes", () => {
  test.each(["4294967296", "2147483648:1", "1000:2147483648", "-1", "app:-5"])(
    "user %p is outside 0..2^31-1",
    (user) => {
      expectDefinitionError(
        container({ user }),
        ErrorCode.INVALID_USER,
        "outside the range 0 to 2147483647 the runtime accepts",
      );
    },
  );

  test.each(["2147483647:2147483647", "0", "app:staff", "1000:abc"])("user %p is fine", (user) => {
    expect(container({ user })).not.toThrow();
  });

  test("a group id above 2^31-1 is refused", () => {
    expectDefinitionError(
      container({ groupAdd: ["4294967295"] }),
      ErrorCode.INVALID_USER,
      "group id 4294967295 is above 2147483647",
    );
  });
});

describe("host IPs: one address, one spelling", () => {
  test.each([
    ["::1", "::1"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["0:0::1", "::1"],
    ["0:0:0:0:0:0:0:0", "::"],
    ["FD00::A", "fd00::a"],
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["::ffff:0.0.0.0", "0.0.0.0"],
    ["127.0.0.1", "127.0.0.1"],
  ])("%p is %p", (ip, canonical) => {
    expect(canonicalIp(ip)).toBe(canonical);
  });

  test.each([
    ["::1", "0:0::1"],
    ["::", "0:0:0:0:0:0:0:0"],
    ["127.0.0.1", "::ffff:127.0.0.1"],
    ["0.0.0.0", "::ffff:10.0.0.1"],
    ["0:0:0:0:0:0:0:0", "127.0.0.1"],
  ])("%p and %p clash", (a, b) => {
    const stack = testStack();
    new Container(stack, "A", {
      image: pinnedImage(stack),
      portForwards: [{ containerPort: 80, hostPort: 18080, hostIp: a }],
    });
    new Container(stack, "B", {
      image: pinnedImage(stack, "Image2"),
      portForwards: [{ containerPort: 80, hostPort: 18080, hostIp: b }],
    });
    const app = stack.node.root as ReturnType<typeof testApp>;
    expectDefinitionError(() => app.synth(), ErrorCode.HOST_PORT_CLASH, "[test/B] host port ");
  });

  test("::1 and 127.0.0.1 do not clash", () => {
    const web = container({
      portForwards: [
        { containerPort: 80, hostPort: 18080, hostIp: "::1" },
        { containerPort: 81, hostPort: 18080, hostIp: "127.0.0.1" },
      ],
    })();
    expect(() => (web.node.root as ReturnType<typeof testApp>).synth()).not.toThrow();
  });

  test("a zone is refused, as Go's net.ParseIP refuses it", () => {
    expectDefinitionError(
      container({ portForwards: [{ containerPort: 80, hostIp: "fe80::1%eth0" }] }),
      ErrorCode.INVALID_IP_ADDRESS,
      "host IP 'fe80::1%eth0' for port 80 has a zone",
    );
  });
});

describe("logging options json-file and local parse at start", () => {
  test.each([
    [
      { driver: "json-file", options: { "max-size": "10x" } },
      ErrorCode.INVALID_NUMBER,
      'max-size "10x" is not a positive size',
    ],
    [
      { driver: "json-file", options: { "max-size": "0" } },
      ErrorCode.INVALID_NUMBER,
      'max-size "0" is not a positive size',
    ],
    [{ driver: "local", options: { "max-size": "-1m" } }, ErrorCode.INVALID_NUMBER, 'max-size "-1m"'],
    [
      { driver: "json-file", options: { "max-file": "0" } },
      ErrorCode.INVALID_NUMBER,
      'max-file "0" of driver json-file is not a whole number of 1 or more',
    ],
    [
      { driver: "local", options: { "max-file": "-1" } },
      ErrorCode.INVALID_NUMBER,
      'max-file "-1" of driver local is not a whole number of 0 or more',
    ],
    [{ driver: "json-file", options: { compress: "yes" } }, ErrorCode.UNKNOWN_VALUE, 'compress "yes" is not a boolean'],
    [
      { driver: "json-file", options: { "max-size": "10m", compress: "true" } },
      ErrorCode.CONFLICTING_PROPS,
      "compress true with max-file 1",
    ],
    [
      { driver: "json-file", options: { "max-buffer-size": "4m" } },
      ErrorCode.CONFLICTING_PROPS,
      'max-buffer-size "4m" without mode non-blocking',
    ],
    [
      { driver: "syslog", options: { mode: "non-blocking", "max-buffer-size": "lots" } },
      ErrorCode.INVALID_NUMBER,
      'max-buffer-size "lots"',
    ],
  ])("%j", (logging, code, message) => {
    expectDefinitionError(container({ logging }), code, message);
  });

  test.each([
    { driver: "json-file", options: { "max-size": "10m", "max-file": "3", compress: "true" } },
    { driver: "json-file", options: { "max-size": "10 MiB", compress: "false" } },
    { driver: "local", options: { "max-size": "1.5g", "max-file": "0", compress: "1" } },
    { driver: "journald", options: { mode: "non-blocking", "max-buffer-size": "4m" } },
  ])("%j is fine", (logging) => {
    expect(container({ logging })).not.toThrow();
  });
});

describe("tmpfs options the kernel mounts", () => {
  test.each([
    [
      "rw,foo",
      ErrorCode.UNKNOWN_VALUE,
      'tmpfs /tmp has the option "foo", which is neither a mount flag nor a tmpfs option',
    ],
    ["rw, size=16m", ErrorCode.UNKNOWN_VALUE, 'the option " size=16m"'],
    ["size=abc", ErrorCode.INVALID_NUMBER, 'tmpfs /tmp has "size=abc", which the kernel does not parse'],
    ["mode=999", ErrorCode.INVALID_NUMBER, '"mode=999"'],
    ["uid=app", ErrorCode.INVALID_NUMBER, '"uid=app"'],
    ["size", ErrorCode.UNKNOWN_VALUE, 'the option "size"'],
  ])("%p", (options, code, message) => {
    expectDefinitionError(container({ tmpfs: { "/tmp": options } }), code, message);
  });

  test.each([
    "",
    "rw,noexec,nosuid,size=16m",
    "size=10%,mode=1777,uid=1000,gid=1000,nr_inodes=10k,huge=never,noatime",
    "exec,inode64",
  ])("%p is fine", (options) => {
    expect(container({ tmpfs: { "/tmp": options } })).not.toThrow();
  });
});

describe("mounts on /proc", () => {
  test.each(["/proc", "/proc/sys", "/proc/1/environ"])("%p is refused for volumes, binds and tmpfs", (path) => {
    expectDefinitionError(
      () => container({})().mountVolume(path, Volume.fromVolumeName("data")),
      ErrorCode.INVALID_CONTAINER_PATH,
      "/proc",
    );
    expectDefinitionError(
      () => container({})().mountHostPath(path, "/srv/data"),
      ErrorCode.INVALID_CONTAINER_PATH,
      "/proc",
    );
    expectDefinitionError(container({ tmpfs: { [path]: "" } }), ErrorCode.INVALID_CONTAINER_PATH, "/proc");
  });

  test("the files lxcfs emulates may be bound, and /processes is not /proc", () => {
    const web = container({})();
    expect(() => web.mountHostPath("/proc/meminfo", "/var/lib/lxcfs/proc/meminfo")).not.toThrow();
    expect(() => web.mountVolume("/processes", Volume.fromVolumeName("data"))).not.toThrow();
  });
});

describe("ulimits the kernel sets", () => {
  test.each([
    [-1, -1],
    [1024, -1],
  ])("nofile %p:%p is refused", (soft, hard) => {
    expectDefinitionError(
      container({ ulimits: [{ name: "nofile", soft, hard }] }),
      ErrorCode.INVALID_NUMBER,
      "the kernel caps open files at fs.nr_open and refuses unlimited",
    );
  });

  test("other limits may be unlimited", () => {
    expect(container({ ulimits: [{ name: "memlock", soft: -1, hard: -1 }] })).not.toThrow();
  });
});

describe("healthcheck keywords", () => {
  test.each([
    [["CMD", "true"], 'drop it: Healthcheck.fromCommand(["true"])'],
    [
      ["CMD-SHELL", "curl -f http://127.0.0.1/ || exit 1"],
      'use Healthcheck.fromShell("curl -f http://127.0.0.1/ || exit 1")',
    ],
    [["NONE"], "drop it"],
  ])("fromCommand(%j) is refused", (command, fix) => {
    expectDefinitionError(() => Healthcheck.fromCommand(command), ErrorCode.HEALTHCHECK_KEYWORD, fix);
  });

  test("fromShell with CMD-SHELL in front is refused", () => {
    expectDefinitionError(
      () => Healthcheck.fromShell("CMD-SHELL curl -f http://127.0.0.1/"),
      ErrorCode.HEALTHCHECK_KEYWORD,
      'Healthcheck.fromShell("curl -f http://127.0.0.1/")',
    );
  });

  test("a program whose name only starts like one is fine", () => {
    expect(() => Healthcheck.fromShell("CMDTOOL --check")).not.toThrow();
    expect(() => Healthcheck.fromCommand(["cmd", "--check"])).not.toThrow();
  });
});

describe("other engines' images", () => {
  test("an image of a stack on another engine is refused; one on the same engine is fine", () => {
    const app = testApp();
    const remote = new DockerStack(app, "remote", { dockerHost: "tcp://10.0.0.5:2376" });
    const local = new DockerStack(app, "local");
    new Container(local, "Web", { image: pinnedImage(remote) });
    expectDefinitionError(
      () => app.synth(),
      ErrorCode.CROSS_ENGINE_REFERENCE,
      "[local/Web] uses image [remote/Image] of a stack on another engine",
    );
  });

  test("an image of another stack on the same engine is fine", () => {
    const app = testApp();
    const images = new DockerStack(app, "images");
    new Container(new DockerStack(app, "web"), "Web", { image: pinnedImage(images), network: Network.NONE });
    expect(app.findProblems()).toEqual([]);
  });
});

test("a negative cpuLimit is an invalid number, not a small quota", () => {
  expectDefinitionError(container({ cpuLimit: -1 }), ErrorCode.INVALID_NUMBER, "cpuLimit -1 is negative");
});

test("the rendered container is unchanged by the checks (tmpfs, logging)", () => {
  const stack = testStack();
  new Container(stack, "Web", {
    image: pinnedImage(stack),
    tmpfs: { "/tmp": "size=10%" },
    logging: { driver: "json-file", options: { "max-size": "10m", "max-file": "3", compress: "true" } },
  });
  const resource = onlyResource(stack, "docker_container");
  expect(resource.tmpfs).toEqual({ "/tmp": "size=10%" });
  expect(resource.log_opts).toEqual({ "max-size": "10m", "max-file": "3", compress: "true" });
});
