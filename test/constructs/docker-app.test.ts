import * as fs from "fs";
import * as path from "path";
import { Annotations } from "cdktf";
import {
  BridgeNetwork,
  Container,
  DockerApp,
  DockerStack,
  ErrorCode,
  Network,
  SynthProblemsError,
  Volume,
} from "../../constructs";
import { expectDefinitionError, testApp } from "../helpers";
import { pinnedImage } from "./support";

/** A stack with one container forwarding `hostPort`. */
function webStack(
  app: DockerApp,
  id: string,
  hostPort: number,
  props: { dockerHost?: string; hostIp?: string } = {},
): DockerStack {
  const stack = new DockerStack(app, id, { dockerHost: props.dockerHost });
  new Container(stack, "Web", {
    image: pinnedImage(stack),
    portForwards: [{ containerPort: 8080, hostPort, hostIp: props.hostIp }],
  });
  return stack;
}

/** A second app writing to the same outdir as `first`: the next run of the same program. */
function sameOutdir(first: DockerApp): DockerApp {
  return new DockerApp({ outdir: first.outdir, context: first.node.getAllContext(), stackTraces: false });
}

function stackFolders(app: DockerApp): string[] {
  const dir = path.join(app.outdir, "stacks");
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

describe("DockerApp synth of a good app", () => {
  const app = testApp();
  webStack(app, "one", 18080);
  webStack(app, "two", 18081);
  app.synth();

  test("the manifest matches the snapshot", () => {
    expect(fs.readFileSync(path.join(app.outdir, "manifest.json"), "utf8")).toMatchSnapshot();
  });

  test("finds no problem and writes every stack folder", () => {
    expect(app.findProblems()).toEqual([]);
    expect(stackFolders(app)).toEqual(["one", "two"]);
    const tf = JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", "one", "cdk.tf.json"), "utf8"));
    expect(Object.values<{ name: string }>(tf.resource.docker_container).map((c) => c.name)).toEqual(["one-web"]);
  });
});

describe("DockerApp checks across stacks on one engine", () => {
  test("fails with a host port clash across two stacks on the same docker host", () => {
    const app = testApp();
    webStack(app, "one", 18080);
    webStack(app, "two", 18080);
    expect(() => app.synth()).toThrow(
      "docker-iac found 1 problem(s); nothing was synthesized:\n" +
        "  [two/Web] host port 127.0.0.1:18080/tcp is already claimed by [one/Web]. " +
        "Fix: give one of them another hostPort, or leave hostPort out so Docker picks a free one",
    );
    expect(stackFolders(app)).toEqual([]);
  });

  test("fails with a clash across stacks with the same explicit docker host", () => {
    const app = testApp();
    webStack(app, "one", 18080, { dockerHost: "tcp://docker.example.com:2376", hostIp: "0.0.0.0" });
    webStack(app, "two", 18080, { dockerHost: "tcp://docker.example.com:2376" });
    expectDefinitionError(
      () => app.synth(),
      ErrorCode.HOST_PORT_CLASH,
      "[two/Web] host port 127.0.0.1:18080/tcp is already claimed by [one/Web] (0.0.0.0:18080/tcp)",
    );
  });

  test("fails with a clash between the default engine and the local socket spelled out", () => {
    const app = testApp();
    webStack(app, "one", 18080);
    webStack(app, "two", 18080, { dockerHost: "unix:///var/run/docker.sock" });
    expectDefinitionError(
      () => app.synth(),
      ErrorCode.HOST_PORT_CLASH,
      "[two/Web] host port 127.0.0.1:18080/tcp is already claimed by [one/Web]",
    );
  });

  test("no clash when the stacks deploy to different docker hosts", () => {
    const app = testApp();
    webStack(app, "one", 18080, { dockerHost: "tcp://one.example.com:2376" });
    webStack(app, "two", 18080, { dockerHost: "tcp://two.example.com:2376" });
    expect(app.findProblems()).toEqual([]);
    app.synth();
    expect(stackFolders(app)).toEqual(["one", "two"]);
  });

  test("fails with one container name in two stacks", () => {
    const app = testApp();
    const a = new DockerStack(app, "a", { namePrefix: "shop" });
    const b = new DockerStack(app, "b", { namePrefix: "shop" });
    new Container(a, "Web", { image: pinnedImage(a), network: Network.NONE });
    new Container(b, "Web", { image: pinnedImage(b), network: Network.NONE });
    expectDefinitionError(
      () => app.synth(),
      ErrorCode.DUPLICATE_DOCKER_NAME,
      /^docker-iac found 1 problem\(s\); nothing was synthesized:\n {2}\[b\/Web\] container name 'shop-web' is already used by \[a\/Web\] on the same Docker engine/,
    );
  });

  test("fails with overlapping subnets in two stacks", () => {
    const app = testApp();
    new BridgeNetwork(new DockerStack(app, "a"), "Net", { subnet: "10.20.0.0/16" });
    new BridgeNetwork(new DockerStack(app, "b"), "Net", { subnet: "10.20.30.0/24" });
    expectDefinitionError(
      () => app.synth(),
      ErrorCode.OVERLAPPING_SUBNETS,
      "[b/Net] subnet 10.20.30.0/24 overlaps 10.20.0.0/16 of [a/Net]",
    );
  });

  test("fails listing every problem, each once", () => {
    const app = testApp();
    webStack(app, "one", 18080);
    webStack(app, "two", 18080);
    new Volume(app.node.findChild("one") as DockerStack, "Data", { volumeName: "data" });
    new Volume(app.node.findChild("two") as DockerStack, "Data", { volumeName: "data" });
    const problems = app.findProblems();
    expect(problems).toEqual([
      expect.stringMatching(/^\[two\/Web\] host port /),
      expect.stringMatching(/^\[two\/Data\] volume name 'data' /),
    ]);
    expect(() => app.synth()).toThrow(/^docker-iac found 2 problem\(s\); nothing was synthesized:/);
  });

  test("construct validations are reported with the construct path", () => {
    const app = testApp();
    const stack = webStack(app, "one", 18080);
    stack.node.findChild("Web").node.addValidation({ validate: () => ["custom check failed"] });
    expect(app.findProblems()).toEqual(["[one/Web] custom check failed (ConstructValidation)"]);
    const error = expectDefinitionError(() => app.synth(), ErrorCode.CONSTRUCT_VALIDATION);
    expect((error as SynthProblemsError).codes).toEqual([ErrorCode.CONSTRUCT_VALIDATION]);
  });
});

describe("DockerApp leaves nothing half-written", () => {
  test("fails and writes no stack folder, not even for the good stacks", () => {
    const app = testApp();
    webStack(app, "good", 18090);
    webStack(app, "one", 18080);
    webStack(app, "two", 18080);
    expectDefinitionError(() => app.synth(), ErrorCode.HOST_PORT_CLASH, /host port .* is already claimed by/);
    expect(stackFolders(app)).toEqual([]);
  });

  test("fails after an earlier good synth and removes the folders it wrote", () => {
    const first = testApp();
    webStack(first, "one", 18080);
    webStack(first, "two", 18081);
    first.synth();
    expect(stackFolders(first)).toEqual(["one", "two"]);

    const second = sameOutdir(first);
    webStack(second, "one", 18080);
    webStack(second, "two", 18080); // the edit that breaks it
    expectDefinitionError(() => second.synth(), ErrorCode.HOST_PORT_CLASH, /host port .* is already claimed by/);
    expect(stackFolders(second)).toEqual([]);
  });

  // A validation on the stack node itself, or an error annotation, only fails inside App.synth,
  // after earlier stacks were written.
  test("fails on a validation of a stack itself and leaves no folder of the other stacks", () => {
    const app = testApp();
    webStack(app, "a", 18080);
    const b = webStack(app, "b", 18081);
    b.node.addValidation({ validate: () => ["stack-level check failed"] });
    expectDefinitionError(() => app.synth(), ErrorCode.CONSTRUCT_VALIDATION, /stack-level check failed/);
    expect(stackFolders(app)).toEqual([]);
  });

  test("fails on an error annotation and leaves no folder of the other stacks", () => {
    const app = testApp();
    webStack(app, "a", 18080);
    const b = webStack(app, "b", 18081);
    Annotations.of(b.node.findChild("Web")).addError("broken on purpose");
    expectDefinitionError(
      () => app.synth(),
      ErrorCode.CONSTRUCT_VALIDATION,
      "[b/Web] broken on purpose (ConstructValidation)",
    );
    expect(stackFolders(app)).toEqual([]);
  });
});

describe("DockerApp's error type", () => {
  test("fails with a SynthProblemsError that lists each problem", () => {
    const app = testApp();
    webStack(app, "one", 18080);
    webStack(app, "two", 18080);
    let caught: unknown;
    try {
      app.synth();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SynthProblemsError);
    expect((caught as SynthProblemsError).problems).toEqual([
      "[two/Web] host port 127.0.0.1:18080/tcp is already claimed by [one/Web]. " +
        "Fix: give one of them another hostPort, or leave hostPort out so Docker picks a free one (HostPortClash)",
    ]);
    expect((caught as SynthProblemsError).codes).toEqual([ErrorCode.HOST_PORT_CLASH]);
  });
});
