// A JavaScript caller (or `as never`) can pass anything to any public API: every wrong
// argument must give one clean definition error naming what is wrong, never a TypeError.
import { BridgeNetwork, Container, DockerApp, DockerStack, Healthcheck, ImmutableImage, Network, RegistryImage, Volume } from "../lib";
import { definitionMessage } from "../lib/private/problem-report";
import { testApp } from "./helpers";
const cases: [string, (app: DockerApp) => void][] = [
  ["stack props null", (a) => new DockerStack(a, "s", null as never)],
  ["stack props string", (a) => new DockerStack(a, "s", "x" as never)],
  ["stack id empty", (a) => new DockerStack(a, "", {})],
  ["stack id unicode", (a) => new DockerStack(a, "日本", {})],
  ["stack labels null", (a) => new DockerStack(a, "s", { labels: null as never })],
  ["sshOptions string", (a) => new DockerStack(a, "s", { dockerHost: "ssh://h", sshOptions: "x" as never })],
  ["container props undefined", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", undefined as never); }],
  ["container image string", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: "busybox" as never }); }],
  ["container in app", (a) => { new Container(a, "C", { image: { imageId: "x", imageName: "y" } }); }],
  ["registry props undefined", (a) => { const s = new DockerStack(a, "s"); new RegistryImage(s, "I", undefined as never); }],
  ["registry ref number", (a) => { const s = new DockerStack(a, "s"); new RegistryImage(s, "I", { reference: 5 as never }); }],
  ["immutable props undefined", (a) => { const s = new DockerStack(a, "s"); new ImmutableImage(s, "I", undefined as never); }],
  ["immutable context number", (a) => { const s = new DockerStack(a, "s"); new ImmutableImage(s, "I", { context: 5 as never }); }],
  ["immutable dockerfile abs", (a) => { const s = new DockerStack(a, "s"); new ImmutableImage(s, "I", { context: "test/fixtures/contexts/basic", dockerfile: "/etc/passwd" }); }],
  ["volume props null", (a) => { const s = new DockerStack(a, "s"); new Volume(s, "V", null as never); }],
  ["volume name number", (a) => { const s = new DockerStack(a, "s"); new Volume(s, "V", { volumeName: 5 as never }); }],
  ["volume labels string", (a) => { const s = new DockerStack(a, "s"); new Volume(s, "V", { labels: "x" as never }); }],
  ["network props null", (a) => { const s = new DockerStack(a, "s"); new BridgeNetwork(s, "N", null as never); }],
  ["fromNetworkName number", () => { Network.fromNetworkName(5 as never); }],
  ["fromVolumeName undefined", () => { Volume.fromVolumeName(undefined as never); }],
  ["healthcheck options null", () => { Healthcheck.fromShell("x", null as never); }],
  ["healthcheck command string", () => { Healthcheck.fromCommand("ls" as never); }],
  ["healthcheck shell array", () => { Healthcheck.fromShell(["ls"] as never); }],
  ["addPortForward string", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).addPortForward("80" as never); }],
  ["addPortForward options null", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).addPortForward(80, null as never); }],
  ["portForwards item null", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }), portForwards: [null as never] }); }],
  ["protocol bogus", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }), portForwards: [{ containerPort: 80, protocol: "icmp" as never }] }); }],
  ["mountVolume null", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).mountVolume("/d", null as never); }],
  ["mountHostPath options null", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).mountHostPath("/d", "/srv", null as never); }],
  ["joinNetwork null", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).joinNetwork(null as never); }],
  ["addEnvironment number", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).addEnvironment("A", 5 as never); }],
  ["addLabel undefined", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).addLabel(undefined as never, "x"); }],
  ["waive undefined", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }) }).waiveAuditRule("5.12", undefined as never); }],
  ["networkOptions aliases string", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }), networkOptions: { aliases: "x" as never } }); }],
  ["ipv4 bad", (a) => { const s = new DockerStack(a, "s"); const n = new BridgeNetwork(s, "N", { subnet: "172.29.0.0/24" }); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }), network: n, networkOptions: { ipv4Address: "x" } }); }],
  ["dependsOn bogus", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }), dependsOn: [{ container: null as never }] }); }],
  ["ulimits bogus", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }), ulimits: [null as never] } as never); }],
  ["devices bogus", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }), devices: [null as never] } as never); }],
  ["logging bogus", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }), logging: { driver: 5 } } as never); }],
  ["volumes null entry", (a) => { const s = new DockerStack(a, "s"); new Container(s, "C", { image: new RegistryImage(s, "I", { reference: "busybox:1.37.0" }), volumes: { "/d": null as never } }); }],
  ["DOCKER_HOST bad", (a) => { const saved = process.env.DOCKER_HOST; process.env.DOCKER_HOST = "bogus"; try { new DockerStack(a, "s"); } finally { if (saved === undefined) delete process.env.DOCKER_HOST; else process.env.DOCKER_HOST = saved; } }],
];

test.each(cases)("%s: a clean definition error", (_, define) => {
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
  expect(message).toMatch(/^docker-iac found 1 problem\(s\); nothing was synthesized:\n {2}\[[^\]]+\] .+\. Fix: .+/);
});
