import { Container as ContainerResource } from "@cdktf/provider-docker/lib/container";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { BridgeNetwork, Container, DockerStack, ErrorCode, STACK_LABEL, Volume } from "../../constructs";
import { expectDefinitionError, synthJson, testApp, testStack } from "../helpers";
import { pinnedImage } from "./support";

describe("DockerStack with all defaults", () => {
  const stack = testStack("MyStack");
  const synthesized = Testing.synth(stack);

  test("matches the snapshot", () => {
    expect(synthesized).toMatchSnapshot();
  });

  test("configures the docker provider pinned to 3.6.2 and creates nothing else", () => {
    const json = JSON.parse(synthesized);
    expect(synthesized).toHaveProviderWithProperties(DockerProvider, {});
    expect(json.terraform.required_providers.docker).toEqual({ source: "kreuzwerker/docker", version: "3.6.2" });
    expect(json).not.toHaveProperty("resource");
  });

  test("the name prefix is the stack id in kebab case, and the stack label carries it", () => {
    expect(stack.namePrefix).toBe("my-stack");
    expect(stack.defaultName("WebServer")).toBe("my-stack-web-server");
    expect(stack.labels).toEqual({ [STACK_LABEL]: "my-stack" });
  });
});

describe("DockerStack naming and labels", () => {
  test("namePrefix replaces the stack id", () => {
    const stack = new DockerStack(testApp(), "s", { namePrefix: "shop" });
    expect(new Container(stack, "Web", { image: pinnedImage(stack) })._plainName).toBe("shop-web");
  });

  test("the context value namePrefix goes in front (a test run's own names)", () => {
    const app = testApp({ namePrefix: "run7" });
    const stack = new DockerStack(app, "s", { namePrefix: "shop" });
    const network = new BridgeNetwork(stack, "Net");
    const volume = new Volume(stack, "Data");
    expect([stack.namePrefix, network._plainName, volume._plainName]).toEqual([
      "run7-shop",
      "run7-shop-net",
      "run7-shop-data",
    ]);
    expect(stack.labels[STACK_LABEL]).toBe("run7-shop");
  });

  test("labels from props and context go on every container, network and volume", () => {
    const app = testApp({ labels: { "io.docker-iac.test-run": "run7", owner: "context" } });
    const stack = new DockerStack(app, "s", { labels: { owner: "props" } });
    new Container(stack, "Web", { image: pinnedImage(stack) });
    new Volume(stack, "Data");
    const expected = [
      { label: "io.docker-iac.stack", value: "s" },
      { label: "io.docker-iac.test-run", value: "run7" },
      { label: "owner", value: "props" },
    ];
    const json = synthJson(stack);
    for (const type of ["docker_container", "docker_network", "docker_volume"]) {
      const [resource] = Object.values<{ labels: unknown }>(json.resource[type]);
      expect(resource.labels).toEqual(expected);
    }
  });

  test("the stack label cannot be overridden, by props, context or a container", () => {
    expect(() => new DockerStack(testApp(), "s", { labels: { [STACK_LABEL]: "other" } })).toThrow(
      '[s] labels sets io.docker-iac.stack to "other", which the stack owns. Fix: remove it: set the stack\'s namePrefix to change its value',
    );
    expectDefinitionError(
      () => new DockerStack(testApp({ labels: { [STACK_LABEL]: "other" } }), "s"),
      ErrorCode.RESERVED_LABEL,
      "[s] context value labels sets io.docker-iac.stack",
    );
    const stack = testStack();
    expectDefinitionError(
      () => new Container(stack, "Web", { image: pinnedImage(stack), labels: { [STACK_LABEL]: "x" } }),
      ErrorCode.RESERVED_LABEL,
      "[test/Web] labels sets io.docker-iac.stack",
    );
  });

  test.each([
    ["a string", "env=ci", 'context value labels "env=ci" is a string, not an object of strings'],
    ["a number value", { run: 7 }, 'context value labels["run"] 7 is a number, not a string'],
    ["an array", ["a"], 'context value labels ["a"] is an array, not an object of strings'],
  ])("context labels must be an object of strings (%s)", (_, labels, problem) => {
    expectDefinitionError(
      () => new DockerStack(testApp({ labels }), "s"),
      ErrorCode.WRONG_TYPE,
      `[s] ${problem}. Fix: `,
    );
  });

  test.each([
    ["Bad Prefix", 'namePrefix "Bad Prefix" cannot start a Docker name'],
    ["-x", 'namePrefix "-x" cannot start a Docker name'],
  ])("a bad namePrefix %p is blamed on namePrefix", (namePrefix, problem) => {
    expectDefinitionError(
      () => new DockerStack(testApp(), "s", { namePrefix }),
      ErrorCode.INVALID_NAME_PREFIX,
      `[s] ${problem}. Fix: `,
    );
  });

  test("a bad context namePrefix is blamed on the context value", () => {
    expectDefinitionError(
      () => new DockerStack(testApp({ namePrefix: "a b" }), "s"),
      ErrorCode.INVALID_NAME_PREFIX,
      '[s] context value namePrefix "a b" cannot start a Docker name',
    );
    expectDefinitionError(
      () => new DockerStack(testApp({ namePrefix: 7 }), "s"),
      ErrorCode.WRONG_TYPE,
      "[s] context value namePrefix 7 is a number, not a string",
    );
  });

  test.each(["3.6.2", "~> 3.6", ">= 3.0, < 4.0", "= 3.6.2", "3.6.2-beta.1"])(
    "accepts provider version constraint %p",
    (version) => {
      expect(new DockerStack(testApp({ dockerProviderVersion: version }), "s").host.providerVersion).toBe(version);
    },
  );

  test.each(["latest", "3.6.x", "~>", "3.06.2", ">= 3.0 < 4.0", "v3.6.2", ""])(
    "fails with provider version constraint %p",
    (version) => {
      expect(() => new DockerStack(testApp({ dockerProviderVersion: version }), "s")).toThrow(
        `[s] context value dockerProviderVersion "${version}" is not a Terraform version constraint. Fix: `,
      );
    },
  );

  test("labels returns a copy", () => {
    const stack = testStack();
    stack.labels.injected = "x";
    expect(stack.labels).toEqual({ [STACK_LABEL]: "test" });
  });

  test("the default network is created once, on first use, and shared", () => {
    const stack = testStack();
    const image = pinnedImage(stack);
    expect(stack.node.tryFindChild("DefaultNetwork")).toBeUndefined();
    new Container(stack, "A", { image });
    new Container(stack, "B", { image });
    expect(BridgeNetwork.defaultFor(stack)).toBe(stack.node.tryFindChild("DefaultNetwork"));
    expect(Object.keys(synthJson(stack).resource.docker_network)).toHaveLength(1);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ContainerResource, {
      name: "test-b",
      networks_advanced: [{ name: "${docker_network.DefaultNetwork_5574008C.name}", aliases: ["b"] }],
    });
  });

  test("DockerStack.of finds the stack of a nested construct", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    expect(DockerStack.of(web)).toBe(stack);
  });

  test("fails with docker-iac constructs in a plain TerraformStack", () => {
    const plain = new TerraformStack(Testing.app(), "plain");
    expectDefinitionError(
      () => new Volume(plain, "Data"),
      ErrorCode.NOT_IN_DOCKER_STACK,
      "[plain/Data] 'plain' is a plain TerraformStack. Fix: create docker-iac constructs inside a DockerStack",
    );
    expectDefinitionError(
      () => new BridgeNetwork(plain, "Net"),
      ErrorCode.NOT_IN_DOCKER_STACK,
      "[plain/Net] 'plain' is a plain TerraformStack",
    );
  });
});

describe("DockerStack provider version", () => {
  test("providerVersion overrides required_providers", () => {
    const stack = new DockerStack(testApp(), "s", { providerVersion: "3.6.1" });
    expect(synthJson(stack).terraform.required_providers.docker).toEqual({
      source: "kreuzwerker/docker",
      version: "3.6.1",
    });
  });

  test("the context value dockerProviderVersion is the fallback", () => {
    const stack = new DockerStack(testApp({ dockerProviderVersion: "3.5.0" }), "s");
    expect(stack.host.providerVersion).toBe("3.5.0");
    expect(synthJson(stack).terraform.required_providers.docker.version).toBe("3.5.0");
  });
});
