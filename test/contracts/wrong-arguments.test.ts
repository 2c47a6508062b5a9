// A JavaScript caller (or `as never`) can pass anything to any public API: every wrong
// argument must give one clean definition error naming what is wrong, never a TypeError.
import {
  BridgeNetwork,
  Container,
  type DockerApp,
  DockerStack,
  ErrorCode,
  Healthcheck,
  ImmutableImage,
  Network,
  RegistryImage,
  Volume,
} from "../../constructs";
import { definitionMessage } from "../../constructs/private/problem-report";
import { codesOf, testApp } from "../helpers";
const cases: [string, ErrorCode, (app: DockerApp) => void][] = [
  ["stack props null", ErrorCode.WRONG_TYPE, (a) => new DockerStack(a, "s", null as never)],
  ["stack props string", ErrorCode.WRONG_TYPE, (a) => new DockerStack(a, "s", "x" as never)],
  ["stack id empty", ErrorCode.EMPTY_CONSTRUCT_ID, (a) => new DockerStack(a, "", {})],
  ["stack id unicode", ErrorCode.INVALID_NAME_PREFIX, (a) => new DockerStack(a, "日本", {})],
  ["stack labels null", ErrorCode.WRONG_TYPE, (a) => new DockerStack(a, "s", { labels: null as never })],
  [
    "sshOptions string",
    ErrorCode.WRONG_TYPE,
    (a) => new DockerStack(a, "s", { dockerHost: "ssh://h", sshOptions: "x" as never }),
  ],
  [
    "container props undefined",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", undefined as never);
    },
  ],
  [
    "container image string",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", { image: "busybox" as never });
    },
  ],
  [
    "container in app",
    ErrorCode.NOT_IN_DOCKER_STACK,
    (a) => {
      new Container(a, "C", { image: { imageId: "x", imageName: "y" } });
    },
  ],
  [
    "registry props undefined",
    ErrorCode.MISSING_VALUE,
    (a) => {
      const s = new DockerStack(a, "s");
      new RegistryImage(s, "I", undefined as never);
    },
  ],
  [
    "registry ref number",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new RegistryImage(s, "I", { reference: 5 as never });
    },
  ],
  [
    "immutable props undefined",
    ErrorCode.MISSING_VALUE,
    (a) => {
      const s = new DockerStack(a, "s");
      new ImmutableImage(s, "I", undefined as never);
    },
  ],
  [
    "immutable context number",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new ImmutableImage(s, "I", { context: 5 as never });
    },
  ],
  [
    "immutable dockerfile abs",
    ErrorCode.INVALID_DOCKERFILE,
    (a) => {
      const s = new DockerStack(a, "s");
      new ImmutableImage(s, "I", { context: "test/fixtures/contexts/basic", dockerfile: "/etc/passwd" });
    },
  ],
  [
    "volume props null",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Volume(s, "V", null as never);
    },
  ],
  [
    "volume name number",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Volume(s, "V", { volumeName: 5 as never });
    },
  ],
  [
    "volume labels string",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Volume(s, "V", { labels: "x" as never });
    },
  ],
  [
    "network props null",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new BridgeNetwork(s, "N", null as never);
    },
  ],
  [
    "fromNetworkName number",
    ErrorCode.WRONG_TYPE,
    () => {
      Network.fromNetworkName(5 as never);
    },
  ],
  [
    "fromVolumeName undefined",
    ErrorCode.WRONG_TYPE,
    () => {
      Volume.fromVolumeName(undefined as never);
    },
  ],
  [
    "healthcheck options null",
    ErrorCode.WRONG_TYPE,
    () => {
      Healthcheck.fromShell("x", null as never);
    },
  ],
  [
    "healthcheck command string",
    ErrorCode.WRONG_TYPE,
    () => {
      Healthcheck.fromCommand("ls" as never);
    },
  ],
  [
    "healthcheck shell array",
    ErrorCode.WRONG_TYPE,
    () => {
      Healthcheck.fromShell(["ls"] as never);
    },
  ],
  [
    "addPortForward string",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).addPortForward(
        "80" as never,
      );
    },
  ],
  [
    "addPortForward options null",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).addPortForward(
        80,
        null as never,
      );
    },
  ],
  [
    "portForwards item null",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", {
        image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }),
        portForwards: [null as never],
      });
    },
  ],
  [
    "protocol bogus",
    ErrorCode.UNKNOWN_VALUE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", {
        image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }),
        portForwards: [{ containerPort: 80, protocol: "icmp" as never }],
      });
    },
  ],
  [
    "mountVolume null",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).mountVolume(
        "/d",
        null as never,
      );
    },
  ],
  [
    "mountHostPath options null",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).mountHostPath(
        "/d",
        "/srv",
        null as never,
      );
    },
  ],
  [
    "joinNetwork null",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).joinNetwork(
        null as never,
      );
    },
  ],
  [
    "addEnvironment number",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).addEnvironment(
        "A",
        5 as never,
      );
    },
  ],
  [
    "addLabel undefined",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).addLabel(
        undefined as never,
        "x",
      );
    },
  ],
  [
    "waive undefined",
    ErrorCode.WAIVER_WITHOUT_REASON,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).waiveAuditRule(
        "5.12",
        undefined as never,
      );
    },
  ],
  [
    "networkOptions aliases string",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", {
        image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }),
        networkOptions: { aliases: "x" as never },
      });
    },
  ],
  [
    "ipv4 bad",
    ErrorCode.INVALID_IP_ADDRESS,
    (a) => {
      const s = new DockerStack(a, "s");
      const n = new BridgeNetwork(s, "N", { subnet: "172.29.0.0/24" });
      new Container(s, "C", {
        image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }),
        network: n,
        networkOptions: { ipv4Address: "x" },
      });
    },
  ],
  [
    "dependsOn bogus",
    ErrorCode.INVALID_DEPENDENCY,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", {
        image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }),
        dependsOn: [{ container: null as never }],
      });
    },
  ],
  [
    "ulimits bogus",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", {
        image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }),
        ulimits: [null as never],
      } as never);
    },
  ],
  [
    "devices bogus",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", {
        image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }),
        devices: [null as never],
      } as never);
    },
  ],
  [
    "logging bogus",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", {
        image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }),
        logging: { driver: 5 },
      } as never);
    },
  ],
  [
    "volumes null entry",
    ErrorCode.WRONG_TYPE,
    (a) => {
      const s = new DockerStack(a, "s");
      new Container(s, "C", {
        image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }),
        volumes: { "/d": null as never },
      });
    },
  ],
  [
    "DOCKER_HOST bad",
    ErrorCode.INVALID_ENGINE_ENDPOINT,
    (a) => {
      const saved = process.env.DOCKER_HOST;
      process.env.DOCKER_HOST = "bogus";
      try {
        new DockerStack(a, "s");
      } finally {
        if (saved === undefined) delete process.env.DOCKER_HOST;
        else process.env.DOCKER_HOST = saved;
      }
    },
  ],
];

test.each(cases)("%s: a clean definition error with code %s", (_, code, define) => {
  const app = testApp();
  let error: unknown;
  try {
    define(app);
    app.synth();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(Error);
  const message = definitionMessage(error);
  if (message === undefined) throw new Error(`not a definition error: ${(error as Error).stack}`);
  expect(message).toMatch(
    /^docker-iac found 1 problem\(s\); nothing was synthesized:\n {2}\[[^\]]+\] .+\. Fix: .+ \(\w+\)$/,
  );
  expect(codesOf(error)).toEqual([code]);
});
