import { Network as NetworkResource } from "@cdktf/provider-docker/lib/network";
import { Testing } from "cdktf";
import { BridgeNetwork, Container, ErrorCode, NetworkMode } from "../../constructs";
import { expectDefinitionError, onlyResource, testStack } from "../helpers";
import { pinnedImage } from "./support";

describe("BridgeNetwork with all defaults", () => {
  const stack = testStack();
  const network = new BridgeNetwork(stack, "AppNet");
  const synthesized = Testing.synth(stack);

  test("matches the snapshot", () => {
    expect(synthesized).toMatchSnapshot();
  });

  test("is a bridge named <stack namePrefix>-<id in kebab case>, not internal, no fixed subnet", () => {
    expect(network.mode).toBe(NetworkMode.BRIDGE);
    expect(network._plainName).toBe("test-app-net");
    expect(network.subnet).toBeUndefined();
    expect(synthesized).toHaveResourceWithProperties(NetworkResource, {
      name: "test-app-net",
      driver: "bridge",
      internal: false,
      labels: [{ label: "io.docker-iac.stack", value: "test" }],
    });
    expect(onlyResource(stack, "docker_network")).not.toHaveProperty("ipam_config");
  });

  test("networkName is a reference to the resource, so containers are ordered after it", () => {
    expect(network.networkName).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });
});

describe("BridgeNetwork options", () => {
  test("name, subnet, gateway, internal and labels are synthesized", () => {
    const stack = testStack();
    new BridgeNetwork(stack, "Back", {
      networkName: "backend",
      subnet: "172.28.0.0/24",
      gateway: "172.28.0.254",
      internal: true,
      labels: { tier: "back" },
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(NetworkResource, {
      name: "backend",
      driver: "bridge",
      internal: true,
      ipam_config: [{ subnet: "172.28.0.0/24", gateway: "172.28.0.254" }],
      labels: [
        { label: "io.docker-iac.stack", value: "test" },
        { label: "tier", value: "back" },
      ],
    });
  });

  test("static addresses inside the subnet, one per container, are accepted", () => {
    const stack = testStack();
    const network = new BridgeNetwork(stack, "Net", { subnet: "10.10.0.0/16" });
    const image = pinnedImage(stack);
    new Container(stack, "A", { image, network, networkOptions: { ipv4Address: "10.10.0.10" } });
    new Container(stack, "B", { image, network, networkOptions: { ipv4Address: "10.10.200.11" } });
    const json = JSON.parse(Testing.synth(stack, true));
    const addresses = Object.values<{ networks_advanced: { ipv4_address: string }[] }>(
      json.resource.docker_container,
    ).map((c) => c.networks_advanced[0].ipv4_address);
    expect(addresses).toEqual(["10.10.0.10", "10.10.200.11"]);
  });
});

describe("BridgeNetwork validation", () => {
  test.each(["", "x", "-net", "my net", "net/1"])("fails with invalid network name %p", (name) => {
    const stack = testStack();
    expect(() => new BridgeNetwork(stack, "Net", { networkName: name })).toThrow(
      `[test/Net] invalid network name '${name}'. Fix: use at least two characters from [a-zA-Z0-9_.-], starting with a letter or digit`,
    );
  });

  test.each(["172.28.0.0", "172.28.0.0/33", "300.1.1.0/24", "172.28.0.0/24/1", "10.0.0.0/x"])(
    "fails with subnet %p",
    (subnet) => {
      const stack = testStack();
      expect(() => new BridgeNetwork(stack, "Net", { subnet })).toThrow(
        `[test/Net] invalid subnet '${subnet}'. Fix: give an IPv4 CIDR block such as 172.28.0.0/24`,
      );
    },
  );

  test.each([
    [
      "fd00::/64",
      "IPv6 subnet 'fd00::/64' is not supported: BridgeNetwork manages IPv4 only",
      ErrorCode.INVALID_SUBNET,
    ],
    [
      "010.0.0.0/8",
      "subnet '010.0.0.0/8' has a number with a leading zero, which Docker refuses",
      ErrorCode.INVALID_SUBNET,
    ],
    [
      "10.0.0.0/08",
      "subnet '10.0.0.0/08' has a number with a leading zero, which Docker refuses",
      ErrorCode.INVALID_SUBNET,
    ],
    [
      "172.28.0.0/31",
      "subnet '172.28.0.0/31' is too small for a bridge: it leaves no address for a container besides the gateway",
      ErrorCode.SUBNET_TOO_SMALL,
    ],
    ["172.28.0.1/32", "subnet '172.28.0.1/32' is too small for a bridge", ErrorCode.SUBNET_TOO_SMALL],
    [
      "0.0.0.0/0",
      "subnet '0.0.0.0/0' overlaps 0.0.0.0/8, 'this network' addresses, which a bridge cannot use",
      ErrorCode.RESERVED_SUBNET,
    ],
    ["127.0.0.0/16", "subnet '127.0.0.0/16' overlaps 127.0.0.0/8, the loopback range", ErrorCode.RESERVED_SUBNET],
    ["224.1.0.0/16", "subnet '224.1.0.0/16' overlaps 224.0.0.0/4, the multicast range", ErrorCode.RESERVED_SUBNET],
  ])("fails with subnet %p a bridge cannot use", (subnet, problem, code) => {
    const stack = testStack();
    expectDefinitionError(() => new BridgeNetwork(stack, "Net", { subnet }), code, `[test/Net] ${problem}`);
  });

  test.each([
    ["172.28.0.0", "gateway 172.28.0.0 is the network address of 172.28.0.0/24"],
    ["172.28.0.255", "gateway 172.28.0.255 is the broadcast address of 172.28.0.0/24"],
    ["172.28.0.01", "gateway '172.28.0.01' is not an IPv4 address (Docker refuses leading zeros)"],
  ])("fails with gateway %p", (gateway, problem) => {
    const stack = testStack();
    expect(() => new BridgeNetwork(stack, "Net", { subnet: "172.28.0.0/24", gateway })).toThrow(
      `[test/Net] ${problem}`,
    );
  });

  test("fails with a gateway but no subnet", () => {
    const stack = testStack();
    expectDefinitionError(
      () => new BridgeNetwork(stack, "Net", { gateway: "172.28.0.1" }),
      ErrorCode.ADDRESS_NEEDS_SUBNET,
      "[test/Net] gateway '172.28.0.1' without a subnet. Fix: set subnet too",
    );
  });

  test("fails with a gateway outside the subnet", () => {
    const stack = testStack();
    expect(() => new BridgeNetwork(stack, "Net", { subnet: "172.28.0.0/24", gateway: "172.28.1.1" })).toThrow(
      "[test/Net] gateway 172.28.1.1 is outside subnet 172.28.0.0/24. Fix: pick an address inside 172.28.0.0/24",
    );
  });

  test("fails with a gateway that is no IPv4 address", () => {
    const stack = testStack();
    expect(() => new BridgeNetwork(stack, "Net", { subnet: "172.28.0.0/24", gateway: "gateway" })).toThrow(
      "[test/Net] gateway 'gateway' is not an IPv4 address. Fix: give an address such as 172.28.0.10",
    );
  });

  test("fails with a static address outside the subnet", () => {
    const stack = testStack();
    const network = new BridgeNetwork(stack, "Net", { subnet: "172.28.0.0/24" });
    expect(
      () =>
        new Container(stack, "Web", {
          image: pinnedImage(stack),
          network,
          networkOptions: { ipv4Address: "172.28.1.10" },
        }),
    ).toThrow(
      "[test/Net] static address for test/Web 172.28.1.10 is outside subnet 172.28.0.0/24. Fix: pick an address inside 172.28.0.0/24",
    );
  });

  test("fails with a static address that is no IPv4 address", () => {
    const stack = testStack();
    const network = new BridgeNetwork(stack, "Net", { subnet: "172.28.0.0/24" });
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    expect(() => web.joinNetwork(network, { ipv4Address: "172.28.0.300" })).toThrow(
      "[test/Net] static address for test/Web '172.28.0.300' is not an IPv4 address",
    );
  });

  test.each([
    ["172.28.0.0", "the network or broadcast address of 172.28.0.0/24"],
    ["172.28.0.255", "the network or broadcast address of 172.28.0.0/24"],
    ["172.28.0.1", "the network's gateway"],
  ])("fails with the reserved static address %p", (address, what) => {
    const stack = testStack();
    const network = new BridgeNetwork(stack, "Net", { subnet: "172.28.0.0/24" });
    expect(
      () =>
        new Container(stack, "Web", { image: pinnedImage(stack), network, networkOptions: { ipv4Address: address } }),
    ).toThrow(`[test/Net] static address ${address} for test/Web is ${what}`);
  });

  test("fails with a subnet that has host bits set", () => {
    expect(() => new BridgeNetwork(testStack(), "Net", { subnet: "10.1.0.5/24" })).toThrow(
      "[test/Net] subnet '10.1.0.5/24' has host bits set. Fix: use '10.1.0.0/24'",
    );
  });

  test("fails with one static address used twice", () => {
    const stack = testStack();
    const network = new BridgeNetwork(stack, "Net", { subnet: "172.28.0.0/24" });
    const image = pinnedImage(stack);
    new Container(stack, "A", { image, network, networkOptions: { ipv4Address: "172.28.0.10" } });
    expect(() => new Container(stack, "B", { image, network, networkOptions: { ipv4Address: "172.28.0.10" } })).toThrow(
      "[test/Net] static address 172.28.0.10 is used by both test/A and test/B. Fix: give each container its own address",
    );
  });

  test("fails with a static address on a network without a subnet", () => {
    const stack = testStack();
    const network = new BridgeNetwork(stack, "Net");
    expect(
      () =>
        new Container(stack, "Web", {
          image: pinnedImage(stack),
          network,
          networkOptions: { ipv4Address: "172.28.0.10" },
        }),
    ).toThrow(
      "[test/Net] static address 172.28.0.10 for test/Web on a network without a subnet. Fix: give the network a subnet",
    );
  });

  test("fails with two networks of one name in a stack (at synth)", () => {
    const stack = testStack();
    new BridgeNetwork(stack, "Front", { networkName: "shared" });
    new BridgeNetwork(stack, "Back", { networkName: "shared" });
    expect(() => Testing.synth(stack, true)).toThrow(
      "[test/Back] network name 'shared' is already used by [test/Front] on the same Docker engine. Fix: give each a unique networkName (or a different stack namePrefix)",
    );
  });

  test("fails when an explicit name equals the default network's (at synth)", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack) });
    new BridgeNetwork(stack, "Mine", { networkName: "test-default-network" });
    expect(() => Testing.synth(stack, true)).toThrow(
      "[test/Mine] network name 'test-default-network' is already used by [test/DefaultNetwork]",
    );
  });

  test.each([
    ["172.28.0.0/16", "172.28.5.0/24"],
    ["10.0.0.0/8", "10.255.255.0/30"],
    ["192.168.1.0/24", "192.168.1.0/24"],
    ["172.16.0.0/12", "172.31.255.0/24"],
  ])("fails with overlapping subnets %p and %p (at synth)", (a, b) => {
    const stack = testStack();
    new BridgeNetwork(stack, "A", { subnet: a });
    new BridgeNetwork(stack, "B", { subnet: b });
    expect(() => Testing.synth(stack, true)).toThrow(
      `[test/B] subnet ${b} overlaps ${a} of [test/A] on the same Docker engine. Fix: give the networks disjoint subnets, or leave subnet out so Docker picks one`,
    );
  });

  test("disjoint subnets are accepted", () => {
    const stack = testStack();
    new BridgeNetwork(stack, "A", { subnet: "172.28.0.0/24" });
    new BridgeNetwork(stack, "B", { subnet: "172.28.1.0/24" });
    new BridgeNetwork(stack, "C");
    const networks = JSON.parse(Testing.synth(stack, true)).resource.docker_network;
    expect(Object.keys(networks)).toHaveLength(3);
  });
});
