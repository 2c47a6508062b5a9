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
  test.each([
    ["unix:///var/run/docker.sock", "unix:///var/run/docker.sock"],
    ["tcp://docker.example.com:2376", "tcp://docker.example.com:2376"],
    ["ssh://deploy@docker.example.com", "ssh://deploy@docker.example.com:22"],
    ["npipe:////./pipe/docker_engine", "npipe:////./pipe/docker_engine"],
  ])("accepts %p (engine identity %p)", (host, endpoint) => {
    const stack = new DockerStack(testApp(), "s", { dockerHost: host });
    expect(stack.host.endpoint).toBe(endpoint);
    expect(Testing.synth(stack)).toHaveProviderWithProperties(DockerProvider, { host });
  });

  test("ssh options are passed to the provider", () => {
    const stack = new DockerStack(testApp(), "s", {
      dockerHost: "ssh://deploy@docker.example.com",
      sshOptions: ["-o", "StrictHostKeyChecking=yes"],
    });
    expect(synthJson(stack).provider.docker).toEqual([
      { host: "ssh://deploy@docker.example.com", ssh_opts: ["-o", "StrictHostKeyChecking=yes"] },
    ]);
  });

  test.each([
    ["tcp://Docker.Example.com:2376/", "tcp://docker.example.com:2376"],
    ["unix:///run/docker.sock", "unix:///var/run/docker.sock"],
    ["unix:///var/run//docker.sock", "unix:///var/run/docker.sock"],
    ["ssh://deploy@Build-Host:22", "ssh://deploy@build-host:22"],
  ])("one engine spelled %p is identified as %p", (host, endpoint) => {
    expect(new DockerStack(testApp(), "s", { dockerHost: host }).host.endpoint).toBe(endpoint);
  });

  test("no dockerHost means DOCKER_HOST when set, else the local socket", () => {
    const saved = process.env.DOCKER_HOST;
    try {
      process.env.DOCKER_HOST = "tcp://10.0.0.5:2376";
      expect(new DockerStack(testApp(), "s").host.endpoint).toBe("tcp://10.0.0.5:2376");
      delete process.env.DOCKER_HOST;
      expect(new DockerStack(testApp(), "s").host.endpoint).toBe("unix:///var/run/docker.sock");
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  test.each([
    [
      "http://docker.example.com",
      "docker host 'http://docker.example.com' uses http://, which Docker does not take for an engine address",
    ],
    ["docker.example.com:2376", "docker host 'docker.example.com:2376' is not a URL"],
    ["/var/run/docker.sock", "docker host '/var/run/docker.sock' is not a URL"],
    ["", "dockerHost is blank"],
    ["TCP://host:2376", "docker host 'TCP://host:2376' has an upper-case scheme"],
    ["tcp://", "docker host 'tcp://' needs a host and a port"],
    ["tcp://docker.example.com", "docker host 'tcp://docker.example.com' needs a host and a port"],
    ["tcp://docker.example.com:99999", "docker host 'tcp://docker.example.com:99999' needs a host and a port"],
    ["unix://docker.sock", "docker host 'unix://docker.sock' does not name an absolute socket path"],
    ["ftp://docker.example.com", "unsupported docker host 'ftp://docker.example.com'"],
  ])("fails with docker host %p", (host, problem) => {
    expect(() => new DockerStack(testApp(), "s", { dockerHost: host })).toThrow(`[s/DockerHost] ${problem}. Fix: `);
  });

  test.each([undefined, "tcp://docker.example.com:2376"])("fails with sshOptions for host %p", (host) => {
    expect(() => new DockerStack(testApp(), "s", { dockerHost: host, sshOptions: ["-o", "x"] })).toThrow(
      "[s/DockerHost] sshOptions given for a host that is not ssh://. Fix: remove sshOptions or use an ssh:// host",
    );
  });
});
