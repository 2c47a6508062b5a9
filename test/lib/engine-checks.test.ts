import { Testing, Token } from "cdktf";
import { BridgeNetwork, Container, DockerApp, DockerStack, Protocol, Volume } from "../../lib";
import { checkEngine } from "../../lib/private/engine-checks";
import { testApp } from "../helpers";
import { pinnedImage } from "./support";

/** Two stacks of one app, both on the default engine unless told otherwise. */
function twoStacks(hostA?: string, hostB?: string): { app: DockerApp; a: DockerStack; b: DockerStack } {
  const app = testApp();
  return { app, a: new DockerStack(app, "a", { dockerHost: hostA }), b: new DockerStack(app, "b", { dockerHost: hostB }) };
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
    new Container(a, "Web", { image: pinnedImage(a), containerName: "web", portForwards: [{ containerPort: 80, hostPort: 18080 }] });
    new Container(b, "Web", { image: pinnedImage(b), containerName: "web", portForwards: [{ containerPort: 80, hostPort: 18080, hostIp: "0.0.0.0" }] });
    new BridgeNetwork(a, "Net", { networkName: "net", subnet: "172.28.0.0/16" });
    new BridgeNetwork(b, "Net", { networkName: "net", subnet: "172.28.9.0/24" });
    new Volume(a, "Data", { volumeName: "data" });
    new Volume(b, "Data", { volumeName: "data" });
    expect(checkEngine([a, b])).toEqual([
      "host port clash: 127.0.0.1:18080/tcp of [a/Web] and 0.0.0.0:18080/tcp of [b/Web] claim the same host port. Fix: give one of them another hostPort, or leave hostPort out so Docker picks a free one",
      "duplicate container name 'web' used by [a/Web] and [b/Web] on one Docker engine. Fix: give each a unique containerName (or a different stack namePrefix)",
      "duplicate network name 'net' used by [a/Net] and [b/Net] on one Docker engine. Fix: give each a unique networkName (or a different stack namePrefix)",
      "duplicate volume name 'data' used by [a/Data] and [b/Data] on one Docker engine. Fix: give each a unique volumeName (or a different stack namePrefix)",
      "overlapping subnets: 172.28.0.0/16 of [a/Net] and 172.28.9.0/24 of [b/Net]. Fix: give the networks disjoint subnets, or leave subnet out so Docker picks one",
    ]);
  });

  test("one stack alone is checked the same way", () => {
    const { a } = twoStacks();
    new Volume(a, "Data", { volumeName: "data" });
    new Volume(a, "Other", { volumeName: "data" });
    expect(checkEngine([a])).toEqual([expect.stringMatching(/^duplicate volume name 'data' used by \[a\/Data\] and \[a\/Other\]/)]);
  });

  test("three claims on one port give one message per pair", () => {
    const { a } = twoStacks();
    const image = pinnedImage(a);
    for (const id of ["X", "Y", "Z"]) new Container(a, id, { image, portForwards: [{ containerPort: 80, hostPort: 18080 }] });
    expect(checkEngine([a])).toEqual([
      expect.stringMatching(/^host port clash: .* of \[a\/X\] and .* of \[a\/Y\]/),
      expect.stringMatching(/^host port clash: .* of \[a\/X\] and .* of \[a\/Z\]/),
      expect.stringMatching(/^host port clash: .* of \[a\/Y\] and .* of \[a\/Z\]/),
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
    expect(() => Testing.synth(a, true)).toThrow(/Validation failed with the following errors:\n {2}\[a\] duplicate volume name 'data'/);
  });
});
