import { Container as ContainerResource } from "@cdktf/provider-docker/lib/container";
import { TerraformOutput, Testing } from "cdktf";
import { Container, type DockerStack, ErrorCode, type PortForwardOptions, Protocol } from "../../constructs";
import type { PortForward } from "../../constructs/port-forward";
import { portForwardsClash } from "../../constructs/private/port-forwards";
import { expectDefinitionError, testStack } from "../helpers";
import { pinnedImage, warningsOf } from "./support";

/** A stack with one container per forward, all on the stack's default network. */
function stackWithForwards(...forwards: ({ containerPort: number } & PortForwardOptions)[]): DockerStack {
  const stack = testStack();
  const image = pinnedImage(stack);
  forwards.forEach((forward, i) => new Container(stack, `C${i + 1}`, { image, portForwards: [forward] }));
  return stack;
}

const forward = (hostPort: number, hostIp = "127.0.0.1", protocol = Protocol.TCP): PortForward => ({
  containerPort: 80,
  hostPort,
  hostIp,
  protocol,
});

describe("port forward with defaults", () => {
  const stack = testStack();
  const web = new Container(stack, "Web", { image: pinnedImage(stack) });
  const created = web.addPortForward(8080);
  const synthesized = Testing.synth(stack);

  test("matches the snapshot", () => {
    expect(synthesized).toMatchSnapshot();
  });

  test("binds 127.0.0.1, tcp, and leaves the host port to Docker", () => {
    expect(created).toEqual({ containerPort: 8080, hostPort: undefined, protocol: Protocol.TCP, hostIp: "127.0.0.1" });
    expect(synthesized).toHaveResourceWithProperties(ContainerResource, {
      ports: [{ internal: 8080, ip: "127.0.0.1", protocol: "tcp" }],
    });
  });

  test("gives no warning", () => {
    expect(warningsOf(stack)).toEqual([]);
  });
});

describe("port forward options", () => {
  test("IPv6 host address, udp and sctp are synthesized as given", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    web.addPortForward(53, { hostPort: 10053, protocol: Protocol.UDP, hostIp: "::1" });
    web.addPortForward(9000, { hostPort: 19000, protocol: Protocol.SCTP, hostIp: "192.168.1.10" });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ContainerResource, {
      ports: [
        { internal: 53, external: 10053, ip: "::1", protocol: "udp" },
        { internal: 9000, external: 19000, ip: "192.168.1.10", protocol: "sctp" },
      ],
    });
  });

  test("a host port below 1024 gives a warning", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), portForwards: [{ containerPort: 8080, hostPort: 80 }] });
    expect(Testing.synth(stack, true)).toHaveResourceWithProperties(ContainerResource, {
      ports: [{ internal: 8080, external: 80, ip: "127.0.0.1", protocol: "tcp" }],
    });
    expect(warningsOf(stack)).toEqual([
      "[test/Web] host port 80 is below 1024 and needs root or CAP_NET_BIND_SERVICE on the host. prefer a port of 1024 or above",
    ]);
  });

  test("host port 1024 gives no warning", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), portForwards: [{ containerPort: 8080, hostPort: 1024 }] });
    expect(warningsOf(stack)).toEqual([]);
  });

  test.each(["0.0.0.0", "::"])("publishing on %p, every interface, gives a warning at synth", (hostIp) => {
    const stack = testStack();
    new Container(stack, "Web", {
      image: pinnedImage(stack),
      portForwards: [{ containerPort: 8080, hostPort: 18080, hostIp }],
    });
    Testing.synth(stack);
    expect(warningsOf(stack)).toEqual([
      `[test/Web] port 8080 is published on ${hostIp}, every interface of the host. bind to 127.0.0.1 unless other machines must reach it, and then waive CIS 5.13 with the reason`,
    ]);
  });

  test("a waiver of CIS 5.13, given before or after the forward, silences the warning (the audit still prints the waiver)", () => {
    const stack = testStack();
    const image = pinnedImage(stack);
    const after = new Container(stack, "After", {
      image,
      portForwards: [{ containerPort: 8080, hostPort: 18080, hostIp: "0.0.0.0" }],
    });
    after.waiveAuditRule("5.13", "a demo that other machines must reach");
    const before = new Container(stack, "Before", { image });
    before.waiveAuditRule("5.13", "a demo that other machines must reach");
    before.addPortForward(8080, { hostPort: 18081, hostIp: "0.0.0.0" });
    const otherRule = new Container(stack, "OtherRule", {
      image,
      portForwards: [{ containerPort: 8080, hostPort: 18082, hostIp: "0.0.0.0" }],
    });
    otherRule.waiveAuditRule("5.12", "a writable root, not the port");
    Testing.synth(stack);
    expect(warningsOf(stack)).toEqual([
      expect.stringMatching(/^\[test\/OtherRule\] port 8080 is published on 0\.0\.0\.0/),
    ]);
  });
});

describe("port forward validation", () => {
  test.each([0, -1, 65536, 80.5, NaN])("fails with container port %p", (port) => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    expectDefinitionError(
      () => web.addPortForward(port),
      ErrorCode.INVALID_PORT,
      `[test/Web] container port ${port} is not a port. Fix: use a whole number from 1 to 65535`,
    );
  });

  test.each([0, -1, 65536, 8080.5])("fails with host port %p", (hostPort) => {
    const stack = testStack();
    expect(
      () =>
        new Container(stack, "Web", { image: pinnedImage(stack), portForwards: [{ containerPort: 8080, hostPort }] }),
    ).toThrow(`[test/Web] host port ${hostPort} is not a port. Fix: use a whole number from 1 to 65535`);
  });

  test("accepts ports 1 and 65535", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    web.addPortForward(1, { hostPort: 65535 });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ContainerResource, {
      ports: [{ internal: 1, external: 65535, ip: "127.0.0.1", protocol: "tcp" }],
    });
  });

  test.each(["localhost", "256.0.0.1", "", "127.0.0.1:80"])("fails with host IP %p", (hostIp) => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    expect(() => web.addPortForward(8080, { hostIp })).toThrow(
      `[test/Web] invalid host IP '${hostIp}' for port 8080. Fix: give an IPv4 or IPv6 address such as 127.0.0.1`,
    );
  });

  test("fails with an unknown protocol", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    expect(() => web.addPortForward(8080, { protocol: "icmp" as Protocol })).toThrow(
      "[test/Web] invalid protocol 'icmp' for port 8080. Fix: use Protocol.TCP, Protocol.UDP or Protocol.SCTP",
    );
  });
});

describe("host port clashes within a stack (checked at synth)", () => {
  test("fails with the same port, protocol and IP on two containers", () => {
    const stack = stackWithForwards({ containerPort: 80, hostPort: 18080 }, { containerPort: 81, hostPort: 18080 });
    expect(() => Testing.synth(stack, true)).toThrow(
      "[test/C2] host port 127.0.0.1:18080/tcp is already claimed by [test/C1]. " +
        "Fix: give one of them another hostPort, or leave hostPort out so Docker picks a free one",
    );
  });

  test("fails with the same host port twice on one container", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    web.addPortForward(80, { hostPort: 18080 });
    web.addPortForward(81, { hostPort: 18080 });
    expect(() => Testing.synth(stack, true)).toThrow(
      "[test/Web] host port 127.0.0.1:18080/tcp is already claimed by [test/Web]",
    );
  });

  test.each([
    ["0.0.0.0", "127.0.0.1"],
    ["127.0.0.1", "0.0.0.0"],
    ["::", "127.0.0.1"],
    ["0.0.0.0", "0.0.0.0"],
  ])("fails when %p and %p overlap", (a, b) => {
    const stack = stackWithForwards(
      { containerPort: 80, hostPort: 18080, hostIp: a },
      { containerPort: 80, hostPort: 18080, hostIp: b },
    );
    expect(() => Testing.synth(stack, true)).toThrow(
      `[test/C2] host port ${b}:18080/tcp is already claimed by [test/C1]${a === b ? "" : ` (${a.includes(":") ? `[${a}]` : a}:18080/tcp)`}.`,
    );
  });

  test("fails with a clash added after construction (addPortForward)", () => {
    const stack = stackWithForwards({ containerPort: 80, hostPort: 18080 }, { containerPort: 80 });
    const [, second] = stack.node.children.filter((c): c is Container => c instanceof Container);
    second.addPortForward(81, { hostPort: 18080 });
    expect(() => Testing.synth(stack, true)).toThrow(
      "[test/C2] host port 127.0.0.1:18080/tcp is already claimed by [test/C1]",
    );
  });

  test.each<[string, { containerPort: number } & PortForwardOptions]>([
    ["a different protocol", { containerPort: 80, hostPort: 18080, protocol: Protocol.UDP }],
    ["a different IP", { containerPort: 80, hostPort: 18080, hostIp: "127.0.0.2" }],
    ["a different port", { containerPort: 80, hostPort: 18081 }],
    ["no host port", { containerPort: 80 }],
  ])("does not clash with %s", (_what, other) => {
    const stack = stackWithForwards({ containerPort: 80, hostPort: 18080 }, other);
    const containers = JSON.parse(Testing.synth(stack, true)).resource.docker_container;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(Object.values(containers).map((c: any) => c.ports)).toEqual([
      [{ internal: 80, external: 18080, ip: "127.0.0.1", protocol: "tcp" }],
      [{ internal: 80, external: other.hostPort, ip: other.hostIp ?? "127.0.0.1", protocol: other.protocol ?? "tcp" }],
    ]);
  });
});

describe("portForwardsClash", () => {
  test.each([
    [forward(80), forward(80), true],
    [forward(80, "0.0.0.0"), forward(80, "10.0.0.1"), true],
    [forward(80, "::"), forward(80, "::1"), true],
    [forward(80, "::"), forward(80, "127.0.0.1"), true], // :: also takes IPv4 on Linux
    [forward(80, "0.0.0.0"), forward(80, "::1"), false], // 0.0.0.0 is IPv4 only
    [forward(80), forward(80, "127.0.0.2"), false],
    [forward(80), forward(81), false],
    [forward(80), forward(80, "127.0.0.1", Protocol.UDP), false],
    [forward(80, "0.0.0.0"), forward(80, "0.0.0.0", Protocol.SCTP), false],
    [{ ...forward(80), hostPort: undefined }, { ...forward(80), hostPort: undefined }, false],
  ])("%o and %o clash: %p", (a, b, clash) => {
    expect(portForwardsClash(a, b)).toBe(clash);
    expect(portForwardsClash(b, a)).toBe(clash);
  });
});

describe("reading back the host port (hostPortOf)", () => {
  test("a forward with a host port gives that number", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", {
      image: pinnedImage(stack),
      portForwards: [{ containerPort: 8080, hostPort: 18080 }],
    });
    expect(web.hostPortOf(8080)).toBe(18080);
  });

  test("a port Docker picks is read back from the deployed container's ports, by port, protocol and address", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    web.addPortForward(9000, { hostPort: 19000 });
    web.addPortForward(8080, { protocol: Protocol.UDP, hostIp: "::1" });
    new TerraformOutput(stack, "picked", { value: web.hostPortOf(8080, { protocol: Protocol.UDP }) });
    const output = JSON.parse(Testing.synth(stack, true)).output.picked.value;
    expect(output).toBe(
      '${one([ for key, val in toset(docker_container.Web_3C8945DB.ports): val.external if val.internal == 8080 && val.protocol == "udp" && val.ip == "::1"])}',
    );
  });

  test("one container port on two addresses: the host IP picks one", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    web.addPortForward(8080, { hostPort: 18080 });
    web.addPortForward(8080, { hostPort: 18081, hostIp: "::1" });
    expect(web.hostPortOf(8080, { hostIp: "0:0::1" })).toBe(18081);
    expectDefinitionError(
      () => web.hostPortOf(8080),
      ErrorCode.AMBIGUOUS_PORT_FORWARD,
      "[test/Web] hostPortOf(8080/tcp) matches 2 forwards (127.0.0.1:18080/tcp, [::1]:18081/tcp). Fix: pass the hostIp of the one you mean",
    );
  });

  test("a port with no forward, or another protocol, fails with the forwards the container has", () => {
    const stack = testStack();
    const image = pinnedImage(stack);
    const web = new Container(stack, "Web", { image, portForwards: [{ containerPort: 8080 }] });
    expectDefinitionError(
      () => web.hostPortOf(8080, { protocol: Protocol.UDP }),
      ErrorCode.NO_SUCH_PORT_FORWARD,
      "[test/Web] hostPortOf(8080/udp): no port forward to that container port (forwards: 8080/tcp on 127.0.0.1). Fix: add it first, e.g. addPortForward(8080), or ask for one the container has",
    );
    const bare = new Container(stack, "Bare", { image });
    expectDefinitionError(
      () => bare.hostPortOf(80, { hostIp: "127.0.0.1" }),
      ErrorCode.NO_SUCH_PORT_FORWARD,
      /hostPortOf\(80\/tcp on 127\.0\.0\.1\): no port forward .*\(forwards: none\)/,
    );
  });

  test("an unknown selector key is refused", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack), portForwards: [{ containerPort: 8080 }] });
    expectDefinitionError(
      () => web.hostPortOf(8080, { port: 1 } as never),
      ErrorCode.UNKNOWN_PROP,
      /PortForwardSelector/,
    );
  });
});
