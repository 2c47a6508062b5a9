import { Container as ContainerResource } from "@cdktf/provider-docker/lib/container";
import { Testing } from "cdktf";
import { Container, ErrorCode, Network, NetworkMode } from "../../constructs";
import { expectDefinitionError, synthJson, testStack } from "../helpers";
import { pinnedImage } from "./support";

describe("Network modes", () => {
  // One stack, a container per mode, synthesized once.
  const stack = testStack();
  const image = pinnedImage(stack);
  const host = new Container(stack, "OnHost", { image, network: Network.HOST });
  const none = new Container(stack, "Isolated", { image, network: Network.NONE });
  const external = new Container(stack, "External", {
    image,
    network: Network.fromNetworkName("shared-net"),
    networkOptions: { aliases: ["ext"] },
  });
  const synthesized = Testing.synth(stack);
  const byName = (name: string) =>
    Object.values<{ name: string }>(JSON.parse(synthesized).resource.docker_container).find((c) => c.name === name);

  test("matches the snapshot", () => {
    expect(synthesized).toMatchSnapshot();
  });

  test("Network.HOST and Network.NONE are the built-in modes", () => {
    expect(Network.HOST).toEqual({ mode: NetworkMode.HOST, networkName: "host" });
    expect(Network.NONE).toEqual({ mode: NetworkMode.NONE, networkName: "none" });
    expect([host.networkMode, none.networkMode, external.networkMode]).toEqual([
      NetworkMode.HOST,
      NetworkMode.NONE,
      NetworkMode.BRIDGE,
    ]);
  });

  test("host mode shares the host's network: network_mode host, no networks_advanced", () => {
    expect(synthesized).toHaveResourceWithProperties(ContainerResource, { name: "test-on-host", network_mode: "host" });
    expect(byName("test-on-host")).toBeDefined();
    expect(byName("test-on-host")).not.toHaveProperty("networks_advanced");
  });

  test("none mode has no network: network_mode none, no networks_advanced", () => {
    expect(synthesized).toHaveResourceWithProperties(ContainerResource, {
      name: "test-isolated",
      network_mode: "none",
    });
    expect(byName("test-isolated")).toBeDefined();
    expect(byName("test-isolated")).not.toHaveProperty("networks_advanced");
  });

  test("a network from elsewhere is joined by its plain name", () => {
    expect(synthesized).toHaveResourceWithProperties(ContainerResource, {
      name: "test-external",
      network_mode: "bridge",
      networks_advanced: [{ name: "shared-net", aliases: ["external", "ext"] }],
    });
  });

  test("no container here uses the stack's default network, so none is created", () => {
    expect(JSON.parse(synthesized).resource).not.toHaveProperty("docker_network");
  });
});

describe("Network.fromNetworkName", () => {
  test.each(["host", "none"])("fails with mode name %p", (name) => {
    expectDefinitionError(
      () => Network.fromNetworkName(name),
      ErrorCode.NETWORK_NAME_IS_MODE,
      `network name '${name}' is a mode, not a bridge network. Fix: use Network.HOST or Network.NONE`,
    );
  });

  test.each(["bridge", "default"])("fails with %p, Docker's default bridge", (name) => {
    expect(() => Network.fromNetworkName(name)).toThrow(
      `network name '${name}' is Docker's default bridge, which has no name-based DNS. Fix: use a BridgeNetwork`,
    );
  });

  test("references a bridge network by name", () => {
    expect(Network.fromNetworkName("shared-net")).toEqual({ mode: NetworkMode.BRIDGE, networkName: "shared-net" });
  });

  test("can be joined as an extra network", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    web.joinNetwork(Network.fromNetworkName("shared-net"));
    const [container] = Object.values<{ networks_advanced: { name: string }[] }>(
      synthJson(stack).resource.docker_container,
    );
    expect(container.networks_advanced.map((n) => n.name)).toEqual([
      "${docker_network.DefaultNetwork_5574008C.name}",
      "shared-net",
    ]);
  });
});
