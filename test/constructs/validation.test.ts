import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { BridgeNetwork, Container, DefinitionError, DockerStack, ErrorCode, Network, Volume } from "../../constructs";
import { goDuration } from "../../constructs/private/validation/duration";
import { expectDefinitionError, onlyResource, testApp, testStack } from "../helpers";
import { pinnedImage, warningsOf } from "./support";

// Docker's rules that need the container's state: mounts, networks, users, engines.

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-validation-"));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("mount destinations", () => {
  test("one mount per destination, the default tmpfs at /tmp included", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    web.mountVolume("/data", Volume.fromVolumeName("data"));
    expectDefinitionError(
      () => web.mountHostPath("/data", "/srv/data"),
      ErrorCode.DUPLICATE_MOUNT_PATH,
      "[test/Web] two mounts at /data: volume data and host path /srv/data",
    );
    expectDefinitionError(
      () => web.mountVolume("/tmp", Volume.fromVolumeName("scratch")),
      ErrorCode.DUPLICATE_MOUNT_PATH,
      "[test/Web] two mounts at /tmp: a tmpfs and volume scratch",
    );
  });

  test("a tmpfs moved away frees /tmp", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack), tmpfs: { "/run": "rw,size=1m" } });
    web.mountVolume("/tmp", Volume.fromVolumeName("scratch"));
    expect(onlyResource(stack, "docker_container").volumes).toHaveLength(1);
  });

  test.each([
    ["/data/", "container path '/data/' is not normalized. Fix: write it as '/data'"],
    ["/a//b", "container path '/a//b' is not normalized. Fix: write it as '/a/b'"],
    ["/", "container path is '/', the container's root"],
    ["/a:b", "container path '/a:b' contains ':'"],
  ])("destination %p is refused", (containerPath, problem) => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    expectDefinitionError(
      () => web.mountVolume(containerPath, Volume.fromVolumeName("data")),
      ErrorCode.INVALID_CONTAINER_PATH,
      `[test/Web] ${problem}`,
    );
  });

  test("a tmpfs path and the working directory follow the same rules", () => {
    const stack = testStack();
    const image = pinnedImage(stack);
    expectDefinitionError(
      () => new Container(stack, "A", { image, tmpfs: { "/x/../y": "" } }),
      ErrorCode.INVALID_CONTAINER_PATH,
      "[test/A] tmpfs path '/x/../y' is not normalized",
    );
    expectDefinitionError(
      () => new Container(stack, "B", { image, workingDirectory: "app" }),
      ErrorCode.INVALID_CONTAINER_PATH,
      "[test/B] workingDirectory 'app' is not absolute",
    );
  });
});

describe("sensitive host paths, judged on where they really lead", () => {
  test("a symlink to a host system folder is refused", () => {
    fs.symlinkSync("/etc", path.join(scratch, "etc-link"));
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    expect(() => web.mountHostPath("/conf", path.join(scratch, "etc-link"))).toThrow(
      `refusing to mount host path '${path.join(scratch, "etc-link")}': it resolves to /etc, and it is inside the host's /etc`,
    );
  });

  test("a folder that holds a docker.sock socket is refused", async () => {
    const dir = path.join(scratch, "sockets");
    fs.mkdirSync(dir);
    const server = net.createServer().listen(path.join(dir, "docker.sock"));
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const stack = testStack();
      const web = new Container(stack, "Web", { image: pinnedImage(stack) });
      expectDefinitionError(
        () => web.mountHostPath("/s", dir),
        ErrorCode.SENSITIVE_HOST_PATH,
        `it holds ${path.join(dir, "docker.sock")}, a Docker socket`,
      );
    } finally {
      server.close();
    }
  });

  test.each(["/run/user/1000/docker.sock", "/run/user/1000", "/run/user", "/home/me/.docker/run/docker.sock"])(
    "%p exposes a Docker socket",
    (hostPath) => {
      const stack = testStack();
      const web = new Container(stack, "Web", { image: pinnedImage(stack) });
      expectDefinitionError(
        () => web.mountHostPath("/s", hostPath),
        ErrorCode.SENSITIVE_HOST_PATH,
        `[test/Web] refusing to mount host path '${hostPath}'`,
      );
    },
  );
});

describe("names, networks, users, engines", () => {
  test.each([
    ["/var/run/docker.sock", "'/var/run/docker.sock' is a path, not a volume name"],
    ["./data", "'./data' is a path, not a volume name"],
    ["a", "invalid volume name 'a'"],
    ["my data", "invalid volume name 'my data'"],
  ])("Volume.fromVolumeName(%p) is refused", (name, problem) => {
    expect(() => Volume.fromVolumeName(name)).toThrow(`[Volume.fromVolumeName] ${problem}. Fix: `);
    expect(() => Volume.fromVolumeName(name)).toThrow(DefinitionError);
  });

  test("the same network joined twice, also by name, is refused", () => {
    const stack = testStack();
    const net1 = new BridgeNetwork(stack, "Net", { networkName: "shared" });
    const web = new Container(stack, "Web", { image: pinnedImage(stack), network: net1 });
    expectDefinitionError(
      () => web.joinNetwork(Network.fromNetworkName("shared")),
      ErrorCode.DUPLICATE_ENTRY,
      "[test/Web] already joined network shared",
    );
  });

  test.each([["0"], ["0:1000"], ["root"], ["root:root"], ["00"]])("user %p warns: it is root", (user) => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), user });
    expect(warningsOf(stack)).toContain(
      `[test/Web] container runs as root ('${user}'). run as an unprivileged uid unless the image cannot`,
    );
  });

  test.each([["1000"], ["10001:0"], ["app"]])("user %p does not warn", (user) => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), user });
    expect(warningsOf(stack).filter((w) => w.includes("root"))).toEqual([]);
  });

  test.each([
    ["a".repeat(65), "is 65 characters, longer than the kernel's 64"],
    ["-web", 'hostname "-web" is not a valid host name'],
    ["web_1", 'hostname "web_1" is not a valid host name'],
  ])("hostname %p is refused", (hostname, problem) => {
    const stack = testStack();
    expectDefinitionError(
      () => new Container(stack, "Web", { image: pinnedImage(stack), hostname }),
      ErrorCode.INVALID_HOSTNAME,
      problem,
    );
  });

  test("a network of a stack on another engine cannot be joined", () => {
    const app = testApp();
    const remote = new DockerStack(app, "remote", { dockerHost: "tcp://10.0.0.5:2376" });
    const network = new BridgeNetwork(remote, "Net");
    const local = new DockerStack(app, "local");
    new Container(local, "Web", { image: pinnedImage(local), network });
    expect(app.findProblems()).toContain(
      "[local/Web] uses network [remote/Net] of a stack on another engine (unix:///var/run/docker.sock vs tcp://10.0.0.5:2376). Fix: use a network of a stack on the same engine (CrossEngineReference)",
    );
  });
});

describe("Go durations", () => {
  test.each([
    [0n, "0s"],
    [999n, "999ns"],
    [1500n, "1.5µs"],
    [1_000_000n, "1ms"],
    [2_500_000_000n, "2.5s"],
    [61_000_000_000n, "1m1s"],
    [3_600_000_000_000n, "1h0m0s"],
    [9223372036854775807n, "2562047h47m16.854775807s"],
  ])("%p ns prints as %p, as Go's Duration.String() does", (ns, text) => {
    expect(goDuration(ns)).toBe(text);
  });
});
