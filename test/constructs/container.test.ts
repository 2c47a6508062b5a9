import * as path from "path";
import { Container as ContainerResource } from "@cdktf/provider-docker/lib/container";
import { Testing, TerraformStack } from "cdktf";
import {
  BridgeNetwork,
  Container,
  DockerStack,
  ErrorCode,
  Network,
  NetworkMode,
  Protocol,
  RestartPolicy,
  Volume,
} from "../../constructs";
import { expectDefinitionError, onlyResource, synthJson, testApp, testStack } from "../helpers";
import { literal, pinnedImage, warningsOf } from "./support";

/** A stack with one container, every prop left to its default. */
function defaultStack(): { stack: DockerStack; web: Container } {
  const stack = testStack();
  const web = new Container(stack, "Web", { image: pinnedImage(stack) });
  return { stack, web };
}

describe("Container with all defaults", () => {
  const { stack, web } = defaultStack();
  const synthesized = Testing.synth(stack);
  const resource = onlyResource(stack, "docker_container");

  test("matches the snapshot", () => {
    expect(synthesized).toMatchSnapshot();
  });

  test("is named <stack namePrefix>-<id in kebab case> and runs the image by ID", () => {
    // containerName is a reference to the resource's name: using it orders after the container.
    expect(web.containerName).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(synthesized).toHaveResourceWithProperties(ContainerResource, {
      name: "test-web",
      image: "${docker_image.Image_9D742C96.image_id}",
    });
  });

  test("is hardened: capabilities dropped, no-new-privileges, not privileged, read-only root", () => {
    expect(synthesized).toHaveResourceWithProperties(ContainerResource, {
      capabilities: { drop: ["ALL"] },
      security_opts: ["no-new-privileges:true"],
      privileged: false,
      read_only: true,
      tmpfs: { "/tmp": "rw,noexec,nosuid,size=16m" },
    });
    expect(resource.capabilities.add).toBeUndefined();
  });

  test("has memory (swap off) and CPU limits, an unprivileged user and an explicit working dir", () => {
    expect(synthesized).toHaveResourceWithProperties(ContainerResource, {
      memory: 128,
      memory_swap: 128,
      cpu_shares: 512,
      user: "10001:10001",
      working_dir: "/",
      stop_timeout: 10,
    });
  });

  test("restarts unless stopped (so a daemon restart brings it back), no retry count, must run, does not wait for health", () => {
    expect(synthesized).toHaveResourceWithProperties(ContainerResource, {
      restart: "unless-stopped",
      must_run: true,
      wait: false,
    });
    expect(resource).not.toHaveProperty("max_retry_count");
  });

  test("joins the stack's own bridge network, never Docker's default bridge", () => {
    expect(web.networkMode).toBe(NetworkMode.BRIDGE);
    expect(resource.network_mode).toBe("bridge");
    expect(resource.networks_advanced).toEqual([
      { name: "${docker_network.DefaultNetwork_5574008C.name}", aliases: ["web"] },
    ]);
    expect(synthesized).toContain('"name": "test-default-network"');
  });

  test("publishes no port, sets no env, mounts nothing and carries the stack label", () => {
    for (const absent of ["ports", "env", "volumes", "healthcheck", "command", "entrypoint", "hostname"]) {
      expect(resource).not.toHaveProperty(absent);
    }
    expect(resource.labels).toEqual([{ label: "io.docker-iac.stack", value: "test" }]);
  });

  test("gives no warning", () => {
    expect(warningsOf(stack)).toEqual([]);
  });
});

describe("Container defaults can all be overridden", () => {
  const stack = testStack();
  const volume = new Volume(stack, "Data");
  new Container(stack, "Job", {
    image: pinnedImage(stack),
    containerName: "custom-job",
    command: ["sh", "-c", "echo hi"],
    entrypoint: ["/bin/env"],
    environment: { B: "2", A: "1" },
    hostname: "job-host",
    user: "1000:1000",
    workingDirectory: "/work",
    labels: { team: "core" },
    memoryMiB: 64,
    cpuShares: 256,
    restartPolicy: RestartPolicy.UNLESS_STOPPED,
    mustRun: false,
    privileged: true,
    capabilities: ["NET_BIND_SERVICE", "CHOWN"],
    allowPrivilegeEscalation: true,
    readOnlyRootFilesystem: false,
    tmpfs: { "/run": "rw,size=1m" },
    stopTimeoutSeconds: 30,
    volumes: { "/data": volume },
    portForwards: [{ containerPort: 8080, hostPort: 18080, hostIp: "0.0.0.0", protocol: Protocol.UDP }],
  });
  const synthesized = Testing.synth(stack);
  const resource = onlyResource(stack, "docker_container");

  test("every explicit value is synthesized", () => {
    expect(synthesized).toHaveResourceWithProperties(ContainerResource, {
      name: "custom-job",
      command: ["sh", "-c", "echo hi"],
      entrypoint: ["/bin/env"],
      env: ["A=1", "B=2"],
      hostname: "job-host",
      user: "1000:1000",
      working_dir: "/work",
      memory: 64,
      memory_swap: 64,
      cpu_shares: 256,
      restart: "unless-stopped",
      must_run: false,
      privileged: true,
      // Prefixed as the engine reports them back (Docker >= 20.10), so the next plan is empty.
      capabilities: { add: ["CAP_CHOWN", "CAP_NET_BIND_SERVICE"], drop: ["ALL"] },
      security_opts: [],
      read_only: false,
      tmpfs: { "/run": "rw,size=1m" },
      stop_timeout: 30,
      ports: [{ internal: 8080, external: 18080, ip: "0.0.0.0", protocol: "udp" }],
      volumes: [{ volume_name: "${docker_volume.Data_666C94C7.name}", container_path: "/data", read_only: false }],
    });
  });

  test("max_retry_count is only set with on-failure", () => {
    expect(resource).not.toHaveProperty("max_retry_count");
  });

  test("extra labels are added to the stack label, sorted", () => {
    expect(resource.labels).toEqual([
      { label: "io.docker-iac.stack", value: "test" },
      { label: "team", value: "core" },
    ]);
  });

  test("privileged and 0.0.0.0 produce warnings", () => {
    const warnings = warningsOf(stack);
    expect(warnings).toContainEqual(
      expect.stringMatching(/^\[test\/Job\] container is privileged: it can do anything the host's root can/),
    );
    expect(warnings).toContainEqual(
      expect.stringMatching(/^\[test\/Job\] port 8080 is published on 0\.0\.0\.0, every interface of the host/),
    );
  });
});

describe("Container restart policy", () => {
  test("mustRun: false gives restart no and no max_retry_count", () => {
    const stack = testStack();
    new Container(stack, "Batch", { image: pinnedImage(stack), mustRun: false });
    const resource = onlyResource(stack, "docker_container");
    expect(resource).toMatchObject({ must_run: false, restart: "no" });
    expect(resource).not.toHaveProperty("max_retry_count");
  });

  test("on-failure retries 5 times unless maxRestartRetries says otherwise", () => {
    const stack = testStack();
    const image = pinnedImage(stack);
    new Container(stack, "Web", { image, restartPolicy: RestartPolicy.ON_FAILURE });
    new Container(stack, "Api", { image, restartPolicy: RestartPolicy.ON_FAILURE, maxRestartRetries: 2 });
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveResourceWithProperties(ContainerResource, {
      name: "test-web",
      restart: "on-failure",
      max_retry_count: 5,
    });
    expect(synthesized).toHaveResourceWithProperties(ContainerResource, {
      name: "test-api",
      restart: "on-failure",
      max_retry_count: 2,
    });
  });

  test("on-failure on a long-running container warns that a daemon restart does not bring it back; on a one-shot it does not", () => {
    const stack = testStack();
    const image = pinnedImage(stack);
    new Container(stack, "Web", { image, restartPolicy: RestartPolicy.ON_FAILURE });
    new Container(stack, "Job", { image, restartPolicy: RestartPolicy.ON_FAILURE, mustRun: false });
    new Container(stack, "Api", { image });
    expect(warningsOf(stack)).toEqual([
      "[test/Web] restart policy on-failure does not bring the container back after a daemon restart (a host reboot): the daemon stops it, it exits 0, and on-failure restarts only non-zero exits. " +
        "use RestartPolicy.UNLESS_STOPPED (the default) unless a bounded retry count matters more than coming back",
    ]);
  });

  test.each([
    [{ restartPolicy: RestartPolicy.ALWAYS }, "with restart policy always."],
    [{}, "with restart policy unless-stopped (the default for a long-running container)."],
    [{ mustRun: false }, "with restart policy no (the default for a one-shot, mustRun: false)."],
  ])(
    "fails when maxRestartRetries is given with another restart policy (%p), saying where that policy came from",
    (props, problem) => {
      const stack = testStack();
      expect(() => new Container(stack, "Web", { image: pinnedImage(stack), maxRestartRetries: 3, ...props })).toThrow(
        `[test/Web] maxRestartRetries 3 ${problem} Fix: drop maxRestartRetries, or set restartPolicy: RestartPolicy.ON_FAILURE, which counts retries but does not restart the container after a daemon restart`,
      );
    },
  );

  // Docker reads on-failure:0 as "retry forever".
  test.each([
    [0, "is below 1 (0 means unlimited to Docker)"],
    [-1, "is below 1 (0 means unlimited to Docker)"],
    [1.5, "is not a whole number"],
  ])("fails when maxRestartRetries is %p", (retries, problem) => {
    const stack = testStack();
    expect(() => new Container(stack, "Web", { image: pinnedImage(stack), maxRestartRetries: retries })).toThrow(
      `[test/Web] maxRestartRetries ${retries} ${problem}. Fix: give a whole number from 1 to 2147483647`,
    );
  });
});

describe("Container port forwards", () => {
  test("default to 127.0.0.1 and tcp, and a missing hostPort lets Docker pick", () => {
    const stack = testStack();
    new Container(stack, "Web", {
      image: pinnedImage(stack),
      portForwards: [{ containerPort: 8080, hostPort: 18080 }, { containerPort: 9090 }],
    });
    expect(onlyResource(stack, "docker_container").ports).toEqual([
      { internal: 8080, external: 18080, ip: "127.0.0.1", protocol: "tcp" },
      { internal: 9090, ip: "127.0.0.1", protocol: "tcp" },
    ]);
  });

  test("fails on a host-mode container", () => {
    const stack = testStack();
    expect(
      () =>
        new Container(stack, "Web", {
          image: pinnedImage(stack),
          network: Network.HOST,
          portForwards: [{ containerPort: 8080, hostPort: 18080 }],
        }),
    ).toThrow(
      "[test/Web] port forward for container port 8080 on a container in network mode host. Fix: remove the port forward: in host mode the service already listens on the host's ports",
    );
  });

  test("fails on a none-mode container, also through addPortForward", () => {
    const stack = testStack();
    const job = new Container(stack, "Job", { image: pinnedImage(stack), network: Network.NONE });
    expect(() => job.addPortForward(8080)).toThrow(
      "[test/Job] port forward for container port 8080 on a container in network mode none. Fix: remove the port forward or use a bridge network: mode none has no network to forward to",
    );
  });
});

describe("Container networks", () => {
  test("host mode: network_mode host and no networks_advanced, no default network created", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack), network: Network.HOST });
    const json = synthJson(stack);
    expect(web.networkMode).toBe(NetworkMode.HOST);
    expect(JSON.stringify(json)).toHaveResourceWithProperties(ContainerResource, { network_mode: "host" });
    expect(json.resource.docker_container.Web_3C8945DB).not.toHaveProperty("networks_advanced");
    expect(json.resource).not.toHaveProperty("docker_network");
  });

  test("none mode: network_mode none", () => {
    const stack = testStack();
    new Container(stack, "Job", { image: pinnedImage(stack), network: Network.NONE });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ContainerResource, { network_mode: "none" });
  });

  test("bridge network options: aliases and a static address", () => {
    const stack = testStack();
    const network = new BridgeNetwork(stack, "Net", { subnet: "172.28.5.0/24" });
    new Container(stack, "Web", {
      image: pinnedImage(stack),
      network,
      networkOptions: { aliases: ["www"], ipv4Address: "172.28.5.10" },
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ContainerResource, {
      network_mode: "bridge",
      networks_advanced: [
        { name: "${docker_network.Net_DBED6B57.name}", aliases: ["web", "www"], ipv4_address: "172.28.5.10" },
      ],
    });
  });

  test("fails with networkOptions in host mode", () => {
    const stack = testStack();
    expect(
      () =>
        new Container(stack, "Web", {
          image: pinnedImage(stack),
          network: Network.HOST,
          networkOptions: { aliases: ["www"] },
        }),
    ).toThrow(
      "[test/Web] networkOptions given for network mode host. Fix: aliases and static addresses exist only on bridge networks",
    );
  });

  test("fails with a hostname in host mode", () => {
    const stack = testStack();
    expect(
      () => new Container(stack, "Web", { image: pinnedImage(stack), network: Network.HOST, hostname: "web" }),
    ).toThrow(
      "[test/Web] hostname 'web' on a container in network mode host. Fix: drop hostname: a host-mode container has the host's hostname",
    );
  });

  test("fails with networkOptions in none mode", () => {
    const stack = testStack();
    expect(
      () =>
        new Container(stack, "Web", {
          image: pinnedImage(stack),
          network: Network.NONE,
          networkOptions: { aliases: ["www"] },
        }),
    ).toThrow("[test/Web] networkOptions given for network mode none");
  });

  test("fails when a none container joins a network", () => {
    const stack = testStack();
    const job = new Container(stack, "Job", { image: pinnedImage(stack), network: Network.NONE });
    const network = new BridgeNetwork(stack, "Net");
    expect(() => job.joinNetwork(network)).toThrow(
      "[test/Job] a container in network mode none cannot join network test-net. Fix: use a bridge network as the container's network, or drop the extra network",
    );
  });

  test("fails when a host container joins a network", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack), network: Network.HOST });
    expectDefinitionError(
      () => web.joinNetwork(Network.fromNetworkName("shared")),
      ErrorCode.NETWORK_MODE_CONFLICT,
      "[test/Web] a container in network mode host cannot join network shared",
    );
  });

  test("fails when joining host or none as an extra network", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    expectDefinitionError(
      () => web.joinNetwork(Network.HOST),
      ErrorCode.NETWORK_MODE_CONFLICT,
      "[test/Web] cannot join network mode host as an extra network",
    );
    expectDefinitionError(
      () => web.joinNetwork(Network.NONE),
      ErrorCode.NETWORK_MODE_CONFLICT,
      "[test/Web] cannot join network mode none as an extra network",
    );
  });

  test("fails when joining the same network twice", () => {
    const stack = testStack();
    const network = new BridgeNetwork(stack, "Net");
    const web = new Container(stack, "Web", { image: pinnedImage(stack), network });
    expectDefinitionError(
      () => web.joinNetwork(network),
      ErrorCode.DUPLICATE_ENTRY,
      "[test/Web] already joined network test-net. Fix: join each network once",
    );
  });

  test("fails with a static address on a network the app does not manage", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    expect(() => web.joinNetwork(Network.fromNetworkName("shared"), { ipv4Address: "10.0.0.5" })).toThrow(
      "[test/Web] static address 10.0.0.5 on a network this app does not manage. Fix: use a BridgeNetwork with a subnet",
    );
  });
});

describe("Container lazy rendering and copies", () => {
  const stack = testStack();
  const network = new BridgeNetwork(stack, "Extra");
  const volume = new Volume(stack, "Data");
  const web = new Container(stack, "Web", { image: pinnedImage(stack) });
  // All after construction: they must still land in the synthesized JSON.
  const forward = web.addPortForward(8080, { hostPort: 18080 });
  web.addEnvironment("LATE", "yes");
  const mount = web.mountVolume("/data", volume, { readOnly: true });
  const bind = web.mountHostPath("/www", "/srv/www");
  const attachment = web.joinNetwork(network, { aliases: ["late"] });
  web.addLabel("late.label", "1");
  const resource = onlyResource(stack, "docker_container");

  test("addPortForward, addEnvironment, mountVolume, mountHostPath, joinNetwork and addLabel land in the JSON", () => {
    expect(resource.ports).toEqual([{ internal: 8080, external: 18080, ip: "127.0.0.1", protocol: "tcp" }]);
    expect(resource.env).toEqual(["LATE=yes"]);
    expect(resource.volumes).toEqual([
      { volume_name: "${docker_volume.Data_666C94C7.name}", container_path: "/data", read_only: true },
      { host_path: "/srv/www", container_path: "/www", read_only: true },
    ]);
    expect(resource.networks_advanced).toEqual([
      { name: "${docker_network.DefaultNetwork_5574008C.name}", aliases: ["web"] },
      { name: "${docker_network.Extra_6C4EAC05.name}", aliases: ["web", "late"] },
    ]);
    expect(resource.labels).toContainEqual({ label: "late.label", value: "1" });
  });

  test("add* methods return what they created", () => {
    expect(forward).toEqual({ containerPort: 8080, hostPort: 18080, protocol: Protocol.TCP, hostIp: "127.0.0.1" });
    expect(mount).toEqual({ volume, containerPath: "/data", readOnly: true });
    expect(bind).toEqual({ hostPath: "/srv/www", containerPath: "/www", readOnly: true });
    expect(attachment).toEqual({ network, aliases: ["web", "late"], ipv4Address: undefined });
  });

  test("getters return copies: mutating them does not change the container", () => {
    const ports = web.portForwards;
    ports.push({ containerPort: 1, hostPort: 2, protocol: Protocol.TCP, hostIp: "127.0.0.1" });
    (ports[0] as { hostPort?: number }).hostPort = 1;
    const env = web.environment;
    env.INJECTED = "x";
    const networks = web.networkAttachments;
    networks[1].aliases.push("injected");
    networks.pop();
    attachment.aliases.push("injected-too");

    expect(web.portForwards).toEqual([
      { containerPort: 8080, hostPort: 18080, protocol: Protocol.TCP, hostIp: "127.0.0.1" },
    ]);
    expect(web.environment).toEqual({ LATE: "yes" });
    expect(web.networkAttachments.map((n) => n.aliases)).toEqual([["web"], ["web", "late"]]);
    const again = onlyResource(stack, "docker_container");
    expect(again.ports).toEqual(resource.ports);
    expect(again.env).toEqual(["LATE=yes"]);
    expect(again.networks_advanced).toEqual(resource.networks_advanced);
  });
});

describe("Container validation", () => {
  test.each(["", "A=B", "HAS SPACE", "TAB\tNAME", "NEW\nLINE"])("fails with environment variable name %p", (name) => {
    const stack = testStack();
    expect(() => new Container(stack, "Web", { image: pinnedImage(stack), environment: { [name]: "v" } })).toThrow(
      `[test/Web] invalid environment variable name '${name}'. Fix: use a non-empty name without '=' or whitespace, e.g. APP_PORT`,
    );
  });

  test("fails with a bad environment variable name through addEnvironment", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    expectDefinitionError(
      () => web.addEnvironment("X=1", "v"),
      ErrorCode.INVALID_ENV_NAME,
      "[test/Web] invalid environment variable name 'X=1'",
    );
  });

  test("accepts lower case, digits, dots and dashes in environment variable names", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), environment: { "app.port-1": "8080", lower_case: "x" } });
    expect(onlyResource(stack, "docker_container").env).toEqual(["app.port-1=8080", "lower_case=x"]);
  });

  test.each([
    [5, "is below Docker's minimum of 6 MiB"],
    [0, "is below Docker's minimum of 6 MiB"],
    [-128, "is below Docker's minimum of 6 MiB"],
    [6.5, "is not a whole number"],
    [NaN, "is not a whole number"],
    [Infinity, "is not a whole number"],
    [8796093022208, "is above what fits in Docker's int64 byte count"],
  ])("fails with memoryMiB %p", (memoryMiB, problem) => {
    const stack = testStack();
    expect(() => new Container(stack, "Web", { image: pinnedImage(stack), memoryMiB })).toThrow(
      `[test/Web] memoryMiB ${memoryMiB} ${problem}. Fix: give a whole number from 6 to 8796093022207`,
    );
  });

  test("a string where a number belongs says so", () => {
    const stack = testStack();
    expect(
      () => new Container(stack, "Web", { image: pinnedImage(stack), memoryMiB: "256" as unknown as number }),
    ).toThrow('[test/Web] memoryMiB "256" is a string, not a number. Fix: give a whole number from 6 to 8796093022207');
  });

  test("props passed as undefined mean the defaults", () => {
    const stack = testStack();
    new Container(stack, "Web", {
      image: pinnedImage(stack),
      memoryMiB: undefined,
      cpuShares: undefined,
      user: undefined,
      tmpfs: undefined,
      restartPolicy: undefined,
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ContainerResource, {
      memory: 128,
      cpu_shares: 512,
      user: "10001:10001",
      restart: "unless-stopped",
    });
  });

  test("accepts memoryMiB 6, Docker's minimum", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), memoryMiB: 6 });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ContainerResource, { memory: 6, memory_swap: 6 });
  });

  test.each([1, 262145, 100.5])("fails with cpuShares %p", (cpuShares) => {
    const stack = testStack();
    expect(() => new Container(stack, "Web", { image: pinnedImage(stack), cpuShares })).toThrow(
      new RegExp(
        `^\\[test/Web\\] cpuShares ${cpuShares} is (below|above|not a whole number).*Fix: give a whole number from 2 to 262144 \\(InvalidNumber\\)$`,
      ),
    );
  });

  test("fails with waitForHealthy without a healthcheck", () => {
    const stack = testStack();
    expect(() => new Container(stack, "Web", { image: pinnedImage(stack), waitForHealthy: true })).toThrow(
      "[test/Web] waitForHealthy is set but there is no healthcheck. Fix: add a healthcheck or drop waitForHealthy",
    );
  });

  test.each(["CAP_NET_ADMIN", "net_admin", "ALL", "FLY"])("fails with unknown capability %p", (cap) => {
    const stack = testStack();
    expect(() => new Container(stack, "Web", { image: pinnedImage(stack), capabilities: [cap] })).toThrow(
      new RegExp(
        `^${literal(`[test/Web] unknown capability '${cap}'. Fix: use names without CAP_, e.g. NET_BIND_SERVICE (known: AUDIT_CONTROL,`)}`,
      ),
    );
  });

  test.each(["", "a", "-web", ".web", "web server", "web/1", "wéb"])("fails with invalid container name %p", (name) => {
    const stack = testStack();
    expect(() => new Container(stack, "Web", { image: pinnedImage(stack), containerName: name })).toThrow(
      `[test/Web] invalid container name '${name}'. Fix: use at least two characters from [a-zA-Z0-9_.-], starting with a letter or digit`,
    );
  });

  test("an invalid namePrefix is blamed on namePrefix, not on the container", () => {
    expect(() => new DockerStack(testApp(), "s", { namePrefix: "_" })).toThrow(
      '[s] namePrefix "_" cannot start a Docker name. Fix: use letters, digits and _ . - only, starting with a letter or digit',
    );
  });

  test("fails with duplicate container names in one stack (at synth)", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack) });
    new Container(stack, "Other", { image: pinnedImage(stack, "Image2"), containerName: "test-web" });
    expect(() => Testing.synth(stack, true)).toThrow(
      "[test/Other] container name 'test-web' is already used by [test/Web] on the same Docker engine. Fix: give each a unique containerName (or a different stack namePrefix)",
    );
  });

  test("fails outside a DockerStack", () => {
    const stack = new TerraformStack(Testing.app(), "plain");
    expect(() => new Container(stack, "Web", { image: { imageId: "sha256:x", imageName: "x:1" } })).toThrow(
      "[plain/Web] 'plain' is a plain TerraformStack. Fix: create docker-iac constructs inside a DockerStack",
    );
  });

  test("fails waiving an audit rule without a reason", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    expectDefinitionError(
      () => web.waiveAuditRule("5.9", "  "),
      ErrorCode.WAIVER_WITHOUT_REASON,
      "[test/Web] waiver of CIS 5.9 without a reason. Fix: say why the rule does not apply",
    );
  });

  test("a waiver is recorded as a label", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    web.waiveAuditRule("5.9", "needs the host network");
    expect(onlyResource(stack, "docker_container").labels).toContainEqual({
      label: "io.docker-iac.cis-waiver.5.9",
      value: "needs the host network",
    });
  });
});

describe("Container warnings", () => {
  test("privileged gives a warning naming the container", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), privileged: true });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ContainerResource, { privileged: true });
    expect(warningsOf(stack)).toEqual([
      "[test/Web] container is privileged: it can do anything the host's root can. remove privileged and add only the capabilities it needs",
    ]);
  });

  test.each(["0", "root", "0:0", "root:root"])("running as %p gives a warning", (user) => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), user });
    expect(warningsOf(stack)).toEqual([
      `[test/Web] container runs as root ('${user}'). run as an unprivileged uid unless the image cannot`,
    ]);
  });
});

describe("Container host path mounts", () => {
  test("are read-only by default and can be made writable", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    web.mountHostPath("/data", "/srv/data");
    web.mountHostPath("/logs", "/srv/logs", { readOnly: false });
    expect(onlyResource(stack, "docker_container").volumes).toEqual([
      { host_path: "/srv/data", container_path: "/data", read_only: true },
      { host_path: "/srv/logs", container_path: "/logs", read_only: false },
    ]);
  });

  test.each([
    ["/", "it is the host's root filesystem"],
    ["/etc", "it is inside the host's /etc"],
    ["/etc/", "it is inside the host's /etc"],
    ["/etc/ssl", "it is inside the host's /etc"],
    ["/proc", "it is inside the host's /proc"],
    ["/sys/fs/cgroup", "it is inside the host's /sys"],
    ["/dev", "it is inside the host's /dev"],
    ["/boot", "it is inside the host's /boot"],
    ["/usr/lib", "it is inside the host's /usr"],
    ["/lib", "it is inside the host's /lib"],
    ["/srv/../etc", "it is inside the host's /etc"],
    ["/var/run/docker.sock", "it is the Docker socket, which gives root on the host"],
    ["/run/docker.sock", "it is the Docker socket, which gives root on the host"],
  ])("fails mounting sensitive host path %p", (hostPath, reason) => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    expect(() => web.mountHostPath("/host", hostPath)).toThrow(
      `[test/Web] refusing to mount host path '${hostPath}': ${reason}. Fix: mount a narrower folder, or set allowSensitive: true if you mean it`,
    );
  });

  // Mounting the folder that holds the socket hands the container the socket just the same.
  // BUG (constructs/private/security.ts sensitiveMountReason): parents of the socket are accepted.
  test("fails mounting /run or /var/run, the folders holding the Docker socket", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    expectDefinitionError(
      () => web.mountHostPath("/host-run", "/run"),
      ErrorCode.SENSITIVE_HOST_PATH,
      "[test/Web] refusing to mount host path '/run'",
    );
    expectDefinitionError(
      () => web.mountHostPath("/host-var-run", "/var/run/"),
      ErrorCode.SENSITIVE_HOST_PATH,
      "[test/Web] refusing to mount host path '/var/run/'",
    );
  });

  test("accepts paths that only look like sensitive ones", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    for (const hostPath of ["/etcetera", "/srv/etc", "/home/user/proc", "/var/lib/app"])
      web.mountHostPath(`/m${hostPath}`, hostPath);
    expect(onlyResource(stack, "docker_container").volumes).toHaveLength(4);
  });

  test("allowSensitive: true accepts the Docker socket", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    web.mountHostPath("/var/run/docker.sock", "/var/run/docker.sock", { allowSensitive: true });
    expect(onlyResource(stack, "docker_container").volumes).toEqual([
      { host_path: "/var/run/docker.sock", container_path: "/var/run/docker.sock", read_only: true },
    ]);
  });

  test("resolves a relative host path against the project root; fails with a relative container path", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    expect(web.mountHostPath("/data", "srv/data").hostPath).toBe(path.resolve("srv/data"));
    expectDefinitionError(
      () => web.mountHostPath("data", "/srv/data"),
      ErrorCode.INVALID_CONTAINER_PATH,
      "[test/Web] container path 'data' is not absolute. Fix: give an absolute path such as /data",
    );
    expectDefinitionError(
      () => web.mountVolume("data", Volume.fromVolumeName("shared")),
      ErrorCode.INVALID_CONTAINER_PATH,
      "[test/Web] container path 'data' is not absolute",
    );
    // The old order (volume first) names the new one.
    expectDefinitionError(
      () => web.mountVolume(Volume.fromVolumeName("shared") as never, "/data" as never),
      ErrorCode.WRONG_TYPE,
      '[test/Web] volume "/data" is not a volume. Fix: give a Volume or Volume.fromVolumeName(...) after the container path: mountVolume("/data", volume)',
    );
  });
});
