import { Testing, Token } from "cdktf";
import { Construct } from "constructs";
import {
  BridgeNetwork,
  Container,
  type DockerApp,
  DockerStack,
  OverlayNetwork,
  Protocol,
  PublishMode,
  SwarmService,
  UpdateOrder,
  Volume,
} from "../../constructs";
import { EngineClaims } from "../../constructs/private/engine-claims";
import {
  checkEngine,
  crossEngineUses,
  DisjointSubnets,
  UniqueDockerNames,
  UniqueHostPorts,
} from "../../constructs/private/engine-checks";
import { testApp } from "../helpers";
import { pinnedImage } from "./support";

/** Two stacks of one app, both on the default engine unless told otherwise. */
function twoStacks(hostA?: string, hostB?: string): { app: DockerApp; a: DockerStack; b: DockerStack } {
  const app = testApp();
  return {
    app,
    a: new DockerStack(app, "a", { dockerHost: hostA }),
    b: new DockerStack(app, "b", { dockerHost: hostB }),
  };
}

describe("checkEngine", () => {
  test("a clean pair of stacks has no problem", () => {
    const { a, b } = twoStacks();
    new Container(a, "Web", { image: pinnedImage(a), portForwards: [{ containerPort: 80, hostPort: 18080 }] });
    new Container(b, "Web", { image: pinnedImage(b), portForwards: [{ containerPort: 80, hostPort: 18081 }] });
    new BridgeNetwork(a, "Net", { subnet: "172.28.0.0/24" });
    new BridgeNetwork(b, "Net", { subnet: "172.28.1.0/24" });
    new Volume(a, "Data");
    new Volume(b, "Data");
    expect(checkEngine([a, b])).toEqual([]);
  });

  test("reports every problem across the stacks, one message each, naming both construct paths", () => {
    const { a, b } = twoStacks();
    new Container(a, "Web", {
      image: pinnedImage(a),
      containerName: "web",
      portForwards: [{ containerPort: 80, hostPort: 18080 }],
    });
    new Container(b, "Web", {
      image: pinnedImage(b),
      containerName: "web",
      portForwards: [{ containerPort: 80, hostPort: 18080, hostIp: "0.0.0.0" }],
    });
    new BridgeNetwork(a, "Net", { networkName: "net", subnet: "172.28.0.0/16" });
    new BridgeNetwork(b, "Net", { networkName: "net", subnet: "172.28.9.0/24" });
    new Volume(a, "Data", { volumeName: "data" });
    new Volume(b, "Data", { volumeName: "data" });
    expect(checkEngine([a, b])).toEqual([
      "[b/Web] host port 0.0.0.0:18080/tcp is already claimed by [a/Web] (127.0.0.1:18080/tcp). Fix: give one of them another hostPort, or leave hostPort out so Docker picks a free one (HostPortClash)",
      "[b/Web] container name 'web' is already used by [a/Web] on the same Docker engine. Fix: give each a unique containerName (or a different stack namePrefix) (DuplicateDockerName)",
      "[b/Net] network name 'net' is already used by [a/Net] on the same Docker engine. Fix: give each a unique networkName (or a different stack namePrefix) (DuplicateDockerName)",
      "[b/Data] volume name 'data' is already used by [a/Data] on the same Docker engine. Fix: give each a unique volumeName (or a different stack namePrefix) (DuplicateDockerName)",
      "[b/Net] subnet 172.28.9.0/24 overlaps 172.28.0.0/16 of [a/Net] on the same Docker engine. Fix: give the networks disjoint subnets, or leave subnet out so Docker picks one (OverlappingSubnets)",
    ]);
  });

  test("one stack alone is checked the same way", () => {
    const { a } = twoStacks();
    new Volume(a, "Data", { volumeName: "data" });
    new Volume(a, "Other", { volumeName: "data" });
    expect(checkEngine([a])).toEqual([
      expect.stringMatching(/^\[a\/Other\] volume name 'data' is already used by \[a\/Data\]/),
    ]);
  });

  test("three claims on one port give one message per pair", () => {
    const { a } = twoStacks();
    const image = pinnedImage(a);
    for (const id of ["X", "Y", "Z"])
      new Container(a, id, { image, portForwards: [{ containerPort: 80, hostPort: 18080 }] });
    expect(checkEngine([a])).toEqual([
      expect.stringMatching(/^\[a\/Y\] host port .* is already claimed by \[a\/X\]/),
      expect.stringMatching(/^\[a\/Z\] host port .* is already claimed by \[a\/X\]/),
      expect.stringMatching(/^\[a\/Z\] host port .* is already claimed by \[a\/Y\]/),
    ]);
  });

  test("udp and tcp on one port do not clash", () => {
    const { a } = twoStacks();
    const image = pinnedImage(a);
    new Container(a, "Tcp", { image, portForwards: [{ containerPort: 53, hostPort: 10053 }] });
    new Container(a, "Udp", { image, portForwards: [{ containerPort: 53, hostPort: 10053, protocol: Protocol.UDP }] });
    expect(checkEngine([a])).toEqual([]);
  });

  test("values only Terraform knows (tokens) are skipped", () => {
    const { a } = twoStacks();
    const image = pinnedImage(a);
    const port = Token.asNumber({ Ref: "port" });
    new Container(a, "X", { image, portForwards: [{ containerPort: 80, hostPort: port }] });
    new Container(a, "Y", { image, portForwards: [{ containerPort: 80, hostPort: port }] });
    new Volume(a, "V1", { volumeName: Token.asString({ Ref: "name" }) });
    new Volume(a, "V2", { volumeName: Token.asString({ Ref: "name" }) });
    expect(checkEngine([a])).toEqual([]);
  });

  test("fails Testing.synth with validations: a DockerStack runs the check itself", () => {
    const { a } = twoStacks();
    new Volume(a, "Data", { volumeName: "data" });
    new Volume(a, "Other", { volumeName: "data" });
    expect(() => Testing.synth(a)).not.toThrow();
    expect(() => Testing.synth(a, true)).toThrow(
      /Validation failed with the following errors:\n {2}\[a\] \[a\/Other\] volume name 'data' is already used by \[a\/Data\]/,
    );
  });
});

describe("engine claims: constructs register what they take with their stack", () => {
  test("each construct registers its name, host ports and subnet as it is made or extended", () => {
    const { a } = twoStacks();
    const web = new Container(a, "Web", {
      image: pinnedImage(a),
      containerName: "web",
      portForwards: [{ containerPort: 80, hostPort: 18080 }],
    });
    web.addPortForward(443, { hostPort: 18443, hostIp: "0.0.0.0" });
    new BridgeNetwork(a, "Net", { networkName: "net", subnet: "172.28.0.0/24" });
    new OverlayNetwork(a, "Mesh", { networkName: "mesh", subnet: "10.20.0.0/24" });
    new Volume(a, "Data", { volumeName: "data" });
    new SwarmService(a, "Api", {
      image: pinnedImage(a, "ApiImage"),
      serviceName: "api",
      ports: [{ targetPort: 8080, publishedPort: 18081, mode: PublishMode.HOST }],
      updatePolicy: { order: UpdateOrder.STOP_FIRST },
    });
    const claims = EngineClaims.of(a);
    expect(claims.engine).toBe(a.host.endpoint);
    expect(claims.nameClaims.map((c) => [c.claimant.node.path, c.kind, c.name])).toEqual([
      ["a/Web", "container", "web"],
      ["a/DefaultNetwork", "network", "a-default-network"],
      ["a/Net", "network", "net"],
      ["a/Mesh", "network", "mesh"],
      ["a/Data", "volume", "data"],
      ["a/Api", "service", "api"],
    ]);
    expect(
      claims.hostPortClaims.map((c) => [
        c.claimant.node.path,
        c.forward.hostIp,
        c.forward.hostPort,
        c.forward.protocol,
      ]),
    ).toEqual([
      ["a/Web", "127.0.0.1", 18080, "tcp"],
      ["a/Web", "0.0.0.0", 18443, "tcp"],
      ["a/Api", "0.0.0.0", 18081, "tcp"],
    ]);
    expect(claims.subnetClaims.map((c) => [c.claimant.node.path, c.subnet])).toEqual([
      ["a/Net", "172.28.0.0/24"],
      ["a/Mesh", "10.20.0.0/24"],
    ]);
  });

  test("clashes read in construct-tree order, whatever order the add* calls came in", () => {
    const { a } = twoStacks();
    const image = pinnedImage(a);
    const first = new Container(a, "First", { image });
    new Container(a, "Second", { image, portForwards: [{ containerPort: 80, hostPort: 18080 }] });
    first.addPortForward(80, { hostPort: 18080 });
    expect(checkEngine([a])).toEqual([
      expect.stringMatching(/^\[a\/Second\] host port .* is already claimed by \[a\/First\]/),
    ]);
  });

  test("the registry knows no construct class: any construct can claim, and the checks see it", () => {
    const { a } = twoStacks();
    new Container(a, "Web", { image: pinnedImage(a), containerName: "web" });
    const custom = new Construct(a, "Custom");
    EngineClaims.of(a).claimName(custom, "container", "web");
    EngineClaims.of(a).claimSubnet(custom, "172.28.0.0/16");
    new BridgeNetwork(a, "Net", { subnet: "172.28.3.0/24" });
    const registries = [EngineClaims.of(a)];
    expect(new UniqueDockerNames(registries).validate()).toEqual([
      expect.stringMatching(/^\[a\/Custom\] container name 'web' is already used by \[a\/Web\]/),
    ]);
    expect(new DisjointSubnets(registries).validate()).toEqual([
      expect.stringMatching(/^\[a\/Net\] subnet 172\.28\.3\.0\/24 overlaps 172\.28\.0\.0\/16 of \[a\/Custom\]/),
    ]);
    expect(new UniqueHostPorts(registries).validate()).toEqual([]);
  });

  test("the stack runs the checks as named validations; DockerApp runs them across stacks on one engine", () => {
    const { app, a, b } = twoStacks();
    new Volume(a, "Data", { volumeName: "data" });
    new Volume(b, "Data", { volumeName: "data" });
    expect(a.node.validate()).toEqual([]);
    expect(b.node.validate()).toEqual([]);
    expect(app.findProblems()).toEqual([
      "[b/Data] volume name 'data' is already used by [a/Data] on the same Docker engine. Fix: give each a unique volumeName (or a different stack namePrefix) (DuplicateDockerName)",
    ]);
  });

  test("stacks on different engines do not clash", () => {
    const { app, a, b } = twoStacks(undefined, "tcp://10.0.0.5:2376");
    new Volume(a, "Data", { volumeName: "data" });
    new Volume(b, "Data", { volumeName: "data" });
    expect(app.findProblems()).toEqual([]);
  });

  test("a service name is taken on a shared network whichever stack the container is in", () => {
    const { a, b } = twoStacks();
    const net = new BridgeNetwork(a, "Net");
    new Container(a, "Db", { image: pinnedImage(a), network: net });
    expect(() => new Container(b, "Db", { image: pinnedImage(b), network: net })).toThrow(
      "[b/Db] service name 'db' is already taken on network a-net by a/Db. Fix: give one of the two containers another serviceName (or construct id)",
    );
  });

  test("uses of another engine's networks and volumes are recorded, networks first", () => {
    const { a, b } = twoStacks(undefined, "tcp://10.0.0.5:2376");
    const volume = new Volume(b, "Data");
    const net = new BridgeNetwork(b, "Net");
    const web = new Container(a, "Web", { image: pinnedImage(a), volumes: { "/data": volume } });
    web.joinNetwork(net);
    expect(crossEngineUses([a, b])).toEqual([
      `[a/Web] uses network [b/Net] of a stack on another engine (${a.host.endpoint} vs tcp://10.0.0.5:2376). Fix: use a network of a stack on the same engine (CrossEngineReference)`,
      `[a/Web] uses volume [b/Data] of a stack on another engine (${a.host.endpoint} vs tcp://10.0.0.5:2376). Fix: use a volume of a stack on the same engine (CrossEngineReference)`,
    ]);
  });
});
