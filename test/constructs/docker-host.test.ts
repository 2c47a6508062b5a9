import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { Testing } from "cdktf";
import { DOCKER_PROVIDER_VERSION, DockerStack } from "../../constructs";
import { synthJson, testApp, testStack } from "../helpers";

describe("DockerHost with all defaults", () => {
  const stack = testStack();
  const synthesized = Testing.synth(stack);

  test("matches the snapshot", () => {
    expect(synthesized).toMatchSnapshot();
  });

  test("leaves the host to the provider (DOCKER_HOST, else the local socket) and pins the version", () => {
    expect(stack.host.endpoint).toBe("unix:///var/run/docker.sock");
    expect(stack.host.providerVersion).toBe(DOCKER_PROVIDER_VERSION);
    expect(JSON.parse(synthesized).provider.docker).toEqual([{}]);
    expect(JSON.parse(synthesized).terraform.required_providers.docker.version).toBe("3.6.2");
  });
});

describe("DockerHost engines", () => {
  test.each(["unix:///var/run/docker.sock", "tcp://docker.example.com:2376", "ssh://deploy@docker.example.com", "npipe:////./pipe/docker_engine"])(
    "accepts %p",
    (host) => {
      const stack = new DockerStack(testApp(), "s", { dockerHost: host });
      expect(stack.host.endpoint).toBe(host);
      expect(Testing.synth(stack)).toHaveProviderWithProperties(DockerProvider, { host });
    },
  );

  test("ssh options are passed to the provider", () => {
    const stack = new DockerStack(testApp(), "s", { dockerHost: "ssh://deploy@docker.example.com", sshOptions: ["-o", "StrictHostKeyChecking=yes"] });
    expect(synthJson(stack).provider.docker).toEqual([{ host: "ssh://deploy@docker.example.com", ssh_opts: ["-o", "StrictHostKeyChecking=yes"] }]);
  });

  test.each(["http://docker.example.com", "docker.example.com:2376", "/var/run/docker.sock", "", "TCP://host:2376"])("fails with docker host %p", (host) => {
    expect(() => new DockerStack(testApp(), "s", { dockerHost: host })).toThrow(
      `[s/DockerHost] unsupported docker host '${host}'. Fix: start it with one of unix://, tcp://, ssh://, npipe://`,
    );
  });

  test.each([undefined, "tcp://docker.example.com:2376"])("fails with sshOptions for host %p", (host) => {
    expect(() => new DockerStack(testApp(), "s", { dockerHost: host, sshOptions: ["-o", "x"] })).toThrow(
      "[s/DockerHost] sshOptions given for a host that is not ssh://. Fix: remove sshOptions or use an ssh:// host",
    );
  });
});
