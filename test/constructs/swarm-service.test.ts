import { Service as ServiceResource } from "@cdktf/provider-docker/lib/service";
import { Testing } from "cdktf";
import {
  EndpointMode,
  ErrorCode,
  Healthcheck,
  OverlayNetwork,
  PublishMode,
  ServiceMode,
  SwarmConfig,
  SwarmSecret,
  SwarmService,
  TaskRestartCondition,
  UpdateFailureAction,
  UpdateOrder,
  Volume,
} from "../../constructs";
import { serviceDurationSeconds } from "../../constructs/private/validation/duration";
import { expectDefinitionError, onlyResource, testStack } from "../helpers";
import { pinnedImage, warningsOf } from "./support";

describe("SwarmService with all defaults", () => {
  const stack = testStack();
  const service = new SwarmService(stack, "Web", { image: pinnedImage(stack) });
  const synthesized = Testing.synth(stack);
  const json = onlyResource(stack, "docker_service");

  test("matches the snapshot", () => {
    expect(synthesized).toMatchSnapshot();
  });

  test("one replicated task, named <namePrefix>-<id>, endpoint mode vip", () => {
    expect(json.name).toBe("test-web");
    expect(service.serviceName).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(service.mode).toBe(ServiceMode.REPLICATED);
    expect(service.replicas).toBe(1);
    expect(json.mode).toEqual({ replicated: { replicas: 1 } });
    expect(json.endpoint_spec).toEqual({ mode: "vip" });
  });

  test("is hardened as far as Swarm expresses it", () => {
    const spec = json.task_spec.container_spec;
    expect({
      user: spec.user,
      readOnly: spec.read_only,
      capDrop: spec.cap_drop,
      dir: spec.dir,
      grace: spec.stop_grace_period,
    }).toEqual({
      user: "10001:10001",
      readOnly: true,
      capDrop: ["ALL"],
      dir: "/",
      grace: "10s",
    });
    // No tmpfs size: provider 3.6.2 panics on size_bytes; the memory limit bounds the tmpfs.
    expect(spec.mounts).toEqual([{ target: "/tmp", type: "tmpfs", read_only: false }]);
    expect(json.task_spec.resources.limits).toEqual({ memory_bytes: 128 * 1024 * 1024, nano_cpus: 500_000_000 });
    expect(json.task_spec.restart_policy).toEqual({
      condition: "on-failure",
      max_attempts: 5,
      delay: "5s",
      window: "2m",
    });
  });

  test("updates start first and roll back on failure; rollbacks start first and pause", () => {
    expect(json.update_config).toEqual({
      parallelism: 1,
      delay: "0s",
      monitor: "10s",
      failure_action: "rollback",
      max_failure_ratio: "0.0",
      order: "start-first",
    });
    expect(json.rollback_config).toMatchObject({ failure_action: "pause", order: "start-first" });
    expect(json.converge_config).toEqual({ delay: "2s", timeout: "3m" });
  });

  test("warns that rollback without a healthcheck only notices tasks that exit", () => {
    expect(warningsOf(stack).join("\n")).toContain(
      "automatic rollback without a healthcheck only notices tasks that exit",
    );
  });
});

describe("SwarmService options", () => {
  test("networks (with aliases), ports, volumes, secrets, configs, placement and resources are synthesized", () => {
    const stack = testStack();
    const net = new OverlayNetwork(stack, "Mesh");
    const secret = new SwarmSecret(stack, "Token", { value: "s3cret" });
    const config = new SwarmConfig(stack, "Conf", { content: "a=1\n" });
    const service = new SwarmService(stack, "Api", {
      image: pinnedImage(stack),
      replicas: 3,
      endpointMode: EndpointMode.DNSRR,
      environment: { SLOT: "{{.Task.Slot}}", SHELL_VAR: "${HOME}" },
      hostname: "{{.Service.Name}}.{{.Task.Slot}}",
      healthcheck: Healthcheck.fromCommand(["true"], { intervalSeconds: 2, retries: 2, timeoutSeconds: 1 }),
      memoryMiB: 64,
      cpus: 0.25,
      memoryReservationMiB: 32,
      cpuReservation: 0.1,
      restartCondition: TaskRestartCondition.ANY,
      placementConstraints: ["node.role == worker", "node.labels.zone != b"],
      placementPreferences: ["spread=node.labels.zone"],
      maxReplicasPerNode: 2,
      nodeCount: 2,
      volumes: { "/data": new Volume(stack, "Data") },
      secrets: { token: secret },
      configs: { "/etc/app.conf": config },
      capabilities: ["NET_BIND_SERVICE"],
      updatePolicy: { parallelism: 2, failureAction: UpdateFailureAction.PAUSE, maxFailureRatio: 0.2 },
      rollbackPolicy: { order: UpdateOrder.STOP_FIRST },
    });
    service.joinNetwork(net, { aliases: ["api"] });
    service.publishPort(8080, { publishedPort: 18131, mode: PublishMode.HOST });
    const json = onlyResource(stack, "docker_service");
    const spec = json.task_spec.container_spec;
    // Swarm templates pass through; Terraform template syntax is escaped.
    expect(spec.env).toEqual({ SLOT: "{{.Task.Slot}}", SHELL_VAR: "$${HOME}" });
    expect(spec.hostname).toBe("{{.Service.Name}}.{{.Task.Slot}}");
    expect(spec.cap_add).toEqual(["NET_BIND_SERVICE"]);
    expect(spec.healthcheck).toEqual({
      test: ["CMD", "true"],
      interval: "2s",
      timeout: "1s",
      retries: 2,
      start_period: "0s",
    });
    expect(spec.secrets).toEqual([
      expect.objectContaining({
        file_name: "/run/secrets/token",
        file_uid: "10001",
        file_gid: "10001",
        file_mode: 0o400,
        secret_name: expect.stringMatching(/^\$\{docker_secret\.Token_\w+\.name\}$/),
      }),
    ]);
    expect(spec.configs).toEqual([
      expect.objectContaining({
        file_name: "/etc/app.conf",
        file_mode: 0o444,
        config_name: expect.stringMatching(/^\$\{docker_config\.\w+\.name\}$/),
      }),
    ]);
    expect(spec.mounts).toContainEqual(expect.objectContaining({ target: "/data", type: "volume", read_only: false }));
    expect(json.task_spec.networks_advanced).toEqual([
      { name: expect.stringMatching(/^\$\{docker_network\.Mesh_\w+\.id\}$/), aliases: ["api"] },
    ]);
    expect(json.endpoint_spec).toEqual({
      mode: "dnsrr",
      ports: [{ target_port: 8080, published_port: 18131, protocol: "tcp", publish_mode: "host" }],
    });
    expect(json.task_spec.placement).toEqual({
      constraints: ["node.role == worker", "node.labels.zone != b"],
      prefs: ["spread=node.labels.zone"],
      max_replicas: 2,
    });
    expect(json.task_spec.resources).toEqual({
      limits: { memory_bytes: 64 << 20, nano_cpus: 250_000_000 },
      reservation: { memory_bytes: 32 << 20, nano_cpus: 100_000_000 },
    });
    expect(json.update_config).toEqual({
      parallelism: 2,
      delay: "0s",
      monitor: "10s",
      failure_action: "pause",
      max_failure_ratio: "0.2",
      order: "start-first",
    });
    expect(json.rollback_config.order).toBe("stop-first");
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ServiceResource, { name: "test-api" });
  });

  test("provider 4.x reads networks back into `id`, so the attachment uses it there", () => {
    const stack = testStack("test", { dockerProviderVersion: "4.5.0" });
    new SwarmService(stack, "Api", { image: pinnedImage(stack), networks: [new OverlayNetwork(stack, "Mesh")] });
    expect(onlyResource(stack, "docker_service").task_spec.networks_advanced).toEqual([
      { id: expect.stringMatching(/\.id\}$/) },
    ]);
  });

  test("a global service has no replica count and does not wait for convergence", () => {
    const stack = testStack();
    new SwarmService(stack, "Agent", { image: pinnedImage(stack), mode: ServiceMode.GLOBAL });
    const json = onlyResource(stack, "docker_service");
    expect(json.mode).toEqual({ global: true });
    expect(json).not.toHaveProperty("converge_config");
  });

  test("the monitor window covers the time the healthcheck needs to fail", () => {
    const stack = testStack();
    new SwarmService(stack, "Api", {
      image: pinnedImage(stack),
      healthcheck: Healthcheck.fromCommand(["true"], {
        intervalSeconds: 5,
        retries: 3,
        timeoutSeconds: 3,
        startPeriodSeconds: 4,
      }),
    });
    expect(onlyResource(stack, "docker_service").update_config.monitor).toBe("27s");
  });

  test("fewer host-mode replicas than nodes may start first: the scheduler picks a free node", () => {
    const stack = testStack("test", { swarmNodes: 3 });
    new SwarmService(stack, "Web", {
      image: pinnedImage(stack),
      replicas: 2,
      ports: [{ targetPort: 80, publishedPort: 18132, mode: PublishMode.HOST }],
    });
    expect(Testing.synth(stack, true)).toContain('"publish_mode": "host"');
  });

  test.each([
    [{ replicas: 1.5 }, "replicas 1.5 is not a whole number of 0 or more", ErrorCode.INVALID_NUMBER],
    [{ memoryMiB: 4 }, "memoryMiB 4 is below Docker's minimum of 6 MiB", ErrorCode.INVALID_NUMBER],
    [
      { memoryMiB: 64, memoryReservationMiB: 96 },
      "memoryReservationMiB 96 is above the limit memoryMiB 64",
      ErrorCode.LIMITS_OUT_OF_ORDER,
    ],
    [{ cpus: 0 }, "cpus 0 is not a positive number of CPUs", ErrorCode.INVALID_NUMBER],
    [
      { maxRestartAttempts: 0 },
      "maxRestartAttempts 0 is not a whole number of 1 or more (0 means unlimited to Swarm)",
      ErrorCode.INVALID_NUMBER,
    ],
    [
      { placementPreferences: ["spread=zone"] },
      "invalid placement preference 'spread=zone'",
      ErrorCode.INVALID_PLACEMENT,
    ],
    [
      { maxReplicasPerNode: 1, replicas: 3 },
      "3 replicas with at most 1 per node on 1 node(s)",
      ErrorCode.REPLICAS_EXCEED_NODES,
    ],
    [{ serviceName: "web.api" }, "invalid service name 'web.api'", ErrorCode.INVALID_SERVICE_NAME],
    [{ capabilities: ["CAP_CHOWN"] }, "unknown capability 'CAP_CHOWN'", ErrorCode.UNKNOWN_CAPABILITY],
    [{ environment: { "A B": "1" } }, "invalid environment variable name 'A B'", ErrorCode.INVALID_ENV_NAME],
    [
      { updatePolicy: { maxFailureRatio: 0.25 } },
      "updatePolicy.maxFailureRatio 0.25 is not a share from 0 to 1 in steps of 0.1",
      ErrorCode.INVALID_NUMBER,
    ],
    [
      { rollbackPolicy: { monitorSeconds: -1 } },
      "rollbackPolicy.monitorSeconds -1 is not a whole number of 0 or more",
      ErrorCode.INVALID_NUMBER,
    ],
    [{ tmpfs: ["tmp"] }, "tmpfs path 'tmp' is not absolute", ErrorCode.INVALID_CONTAINER_PATH],
  ])("rejects %j", (props, message, code) => {
    const stack = testStack();
    expectDefinitionError(
      () => new SwarmService(stack, "Web", { image: pinnedImage(stack), ...props }),
      code,
      `[test/Web] ${message}`,
    );
  });

  test("two secrets at one path are refused", () => {
    const stack = testStack();
    const service = new SwarmService(stack, "Web", {
      image: pinnedImage(stack),
      secrets: { token: new SwarmSecret(stack, "A", { value: "a" }) },
    });
    expectDefinitionError(
      () => service.mountSecret("/run/secrets/token", new SwarmSecret(stack, "B", { value: "b" })),
      ErrorCode.DUPLICATE_MOUNT_PATH,
      "[test/Web] two secrets or configs at '/run/secrets/token'",
    );
  });

  test("the mount methods take the path first: the old order (object first) is a clean error", () => {
    const stack = testStack();
    const service = new SwarmService(stack, "Web", { image: pinnedImage(stack) });
    const fix = 'Fix: give the path first and the volume, secret or config second, e.g. mountVolume("/data", volume)';
    // mountVolume is shared with Container, and names the volume argument as Container does.
    expect(() => service.mountVolume(new Volume(stack, "Data") as never, "/data" as never)).toThrow(
      '[test/Web] volume "/data" is not a volume. Fix: give a Volume or Volume.fromVolumeName(...) after the container path: mountVolume("/data", volume)',
    );
    expect(() => service.mountSecret(new SwarmSecret(stack, "S", { value: "s" }) as never, "token" as never)).toThrow(
      `[test/Web] secret file name test/S is not a string. ${fix}`,
    );
    expect(() =>
      service.mountConfig(new SwarmConfig(stack, "C", { content: "a" }) as never, "/etc/c" as never),
    ).toThrow(`[test/Web] container path test/C is not a string. ${fix}`);
  });

  test("a built image is named by ID (nothing to pull) and force-untagged when replaced", () => {
    const stack = testStack();
    const { ImmutableImage } = jest.requireActual("../../constructs");
    const image = new ImmutableImage(stack, "Img", { context: "test/fixtures/contexts/basic" });
    new SwarmService(stack, "Web", { image });
    expect(onlyResource(stack, "docker_service").task_spec.container_spec.image).toMatch(
      /^\$\{docker_image\.Img_\w+\.image_id\}$/,
    );
    expect(onlyResource(stack, "docker_image").force_remove).toBe(true);
  });
});

test("serviceDurationSeconds writes seconds as the provider reads durations back", () => {
  expect([0, 5, 60, 90, 120, 3600, 3660, 3605].map((s) => serviceDurationSeconds(s))).toEqual([
    "0s",
    "5s",
    "1m",
    "1m30s",
    "2m",
    "1h",
    "1h1m",
    "1h0m5s",
  ]);
});

test("every duration of a service is written as the provider reads it back (a minute or more too)", () => {
  const stack = testStack();
  new SwarmService(stack, "Db", {
    image: pinnedImage(stack),
    // Fails after 60 + (30 + 1) x 2 + 5 = 127 s: the monitor window default.
    healthcheck: Healthcheck.fromCommand(["true"], {
      intervalSeconds: 2,
      timeoutSeconds: 5,
      retries: 30,
      startPeriodSeconds: 60,
    }),
    updatePolicy: { delaySeconds: 120 },
    stopGracePeriodSeconds: 3600,
  });
  const json = onlyResource(stack, "docker_service");
  expect({
    health: [
      json.task_spec.container_spec.healthcheck.interval,
      json.task_spec.container_spec.healthcheck.start_period,
    ],
    update: [json.update_config.delay, json.update_config.monitor],
    rollback: json.rollback_config.monitor,
    grace: json.task_spec.container_spec.stop_grace_period,
  }).toEqual({ health: ["2s", "1m"], update: ["2m", "2m7s"], rollback: "2m7s", grace: "1h" });
});

test("the platforms the daemon adds from the registry to a placement are Swarm's, not a change to plan", () => {
  const stack = testStack();
  new SwarmService(stack, "Db", { image: pinnedImage(stack), placementConstraints: ["node.role == manager"] });
  expect(onlyResource(stack, "docker_service").lifecycle).toEqual({
    ignore_changes: ["task_spec[0].placement[0].platforms"],
  });
});
