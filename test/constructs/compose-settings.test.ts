import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import {
  auditStack,
  Container,
  DefaultsProfile,
  DockerStack,
  ErrorCode,
  ImmutableImage,
  interpolate,
  parseEnvFile,
  readEnvFile,
  RestartPolicy,
} from "../../constructs";
import { expectDefinitionError, onlyResource, testApp, testStack } from "../helpers";
import { FIXTURE_CONTEXTS, pinnedImage } from "./support";

function composeStack(): DockerStack {
  return new DockerStack(testApp(), "test", { defaultsProfile: DefaultsProfile.COMPOSE });
}

describe("defaults profiles", () => {
  test("hardened stays the default", () => {
    const stack = testStack();
    const c = new Container(stack, "Web", { image: pinnedImage(stack) });
    expect(c.defaultsProfile).toBe(DefaultsProfile.HARDENED);
    const r = onlyResource(stack, "docker_container");
    expect(r).toMatchObject({
      user: "10001:10001",
      working_dir: "/",
      memory: 128,
      read_only: true,
      restart: "unless-stopped",
    });
  });

  test("compose leaves Docker's own defaults: image USER and WORKDIR, no limit, writable root, default capabilities, restart no", () => {
    const stack = composeStack();
    new Container(stack, "Web", { image: pinnedImage(stack), portForwards: [{ containerPort: 80, hostPort: 18140 }] });
    const r = onlyResource(stack, "docker_container");
    for (const key of [
      "user",
      "working_dir",
      "memory",
      "memory_swap",
      "cpu_shares",
      "capabilities",
      "security_opts",
      "tmpfs",
      "max_retry_count",
      "stop_timeout",
    ]) {
      expect(r).not.toHaveProperty(key);
    }
    expect(r).toMatchObject({ read_only: false, restart: "no", privileged: false });
    expect(r.ports).toEqual([{ internal: 80, external: 18140, ip: "127.0.0.1", protocol: "tcp" }]);
  });

  test("the context value chooses the profile of stacks that do not; a container can choose its own", () => {
    const stack = testStack("test", { defaultsProfile: "compose" });
    expect(stack.defaultsProfile).toBe(DefaultsProfile.COMPOSE);
    const hardened = new Container(stack, "Web", {
      image: pinnedImage(stack),
      defaultsProfile: DefaultsProfile.HARDENED,
    });
    expect(hardened.defaultsProfile).toBe(DefaultsProfile.HARDENED);
    expectDefinitionError(
      () => testStack("test", { defaultsProfile: "lax" }),
      ErrorCode.UNKNOWN_VALUE,
      "[test] unknown defaults profile 'lax' (context value defaultsProfile). Fix: use one of hardened, compose",
    );
  });

  test("compose: capabilities add to and drop from Docker's set, swap defaults to Docker's twice the memory", () => {
    const stack = composeStack();
    new Container(stack, "Web", {
      image: pinnedImage(stack),
      capabilities: ["NET_ADMIN"],
      droppedCapabilities: ["MKNOD"],
      memoryMiB: 256,
      allowPrivilegeEscalation: false,
      restartPolicy: RestartPolicy.UNLESS_STOPPED,
    });
    const r = onlyResource(stack, "docker_container");
    expect(r).toMatchObject({
      capabilities: { add: ["CAP_NET_ADMIN"], drop: ["CAP_MKNOD"] },
      memory: 256,
      memory_swap: 512,
      security_opts: ["no-new-privileges:true"],
      restart: "unless-stopped",
    });
  });

  test("hardened refuses droppedCapabilities (ALL are dropped) and swap without memory", () => {
    const stack = testStack();
    expect(() => new Container(stack, "A", { image: pinnedImage(stack), droppedCapabilities: ["MKNOD"] })).toThrow(
      "[test/A] droppedCapabilities [MKNOD] in the hardened profile, which drops ALL already",
    );
    const compose = composeStack();
    expect(() => new Container(compose, "B", { image: pinnedImage(compose), memorySwapMiB: 64 })).toThrow(
      "[test/B] memorySwapMiB 64 without memoryMiB. Fix: set memoryMiB too",
    );
  });

  test("bind mounts are read-only by default in hardened, read-write in compose", () => {
    const stack = composeStack();
    const c = new Container(stack, "Web", { image: pinnedImage(stack) });
    expect(c.mountHostPath("/app", "/srv/app").readOnly).toBe(false);
  });

  test("the audit reports the compose profile's failures", () => {
    const stack = composeStack();
    new Container(stack, "Web", { image: pinnedImage(stack) });
    const report = auditStack(stack);
    const failed = report.containers[0].findings
      .filter((f) => f.status === "fail")
      .map((f) => f.rule)
      .sort();
    expect(failed).toEqual(["4.1", "5.10", "5.11", "5.12", "5.25", "5.3"].sort());
  });
});

describe("runtime options", () => {
  test("render to the provider's attributes", () => {
    const stack = composeStack();
    new Container(stack, "Db", {
      image: pinnedImage(stack),
      ulimits: [
        { name: "nproc", soft: 65535, hard: 65535 },
        { name: "memlock", soft: -1, hard: -1 },
      ],
      stopSignal: "SIGQUIT",
      init: true,
      shmSizeMiB: 256,
      extraHosts: { "host.docker.internal": "host-gateway", "db.local": "10.0.0.5" },
      dns: ["192.0.2.53"],
      dnsSearch: ["example.internal"],
      dnsOptions: ["ndots:1"],
      sysctls: { "net.core.somaxconn": "1024", "kernel.shmmax": "68719476736" },
      logging: { driver: "json-file", options: { "max-size": "10m", "max-file": "3" } },
      tty: true,
      stdinOpen: true,
      devices: [{ hostPath: "/dev/fuse" }],
      groupAdd: ["video", "44"],
      cpuLimit: 1.5,
      environment: { PRICE: "${cost}" },
    });
    const r = onlyResource(stack, "docker_container");
    expect(r).toMatchObject({
      ulimit: [
        { name: "memlock", soft: -1, hard: -1 },
        { name: "nproc", soft: 65535, hard: 65535 },
      ],
      stop_signal: "SIGQUIT",
      init: true,
      shm_size: 256,
      host: [
        { host: "db.local", ip: "10.0.0.5" },
        { host: "host.docker.internal", ip: "host-gateway" },
      ],
      dns: ["192.0.2.53"],
      dns_search: ["example.internal"],
      dns_opts: ["ndots:1"],
      sysctls: { "net.core.somaxconn": "1024", "kernel.shmmax": "68719476736" },
      log_driver: "json-file",
      log_opts: { "max-size": "10m", "max-file": "3" },
      tty: true,
      stdin_open: true,
      devices: [{ host_path: "/dev/fuse", container_path: "/dev/fuse", permissions: "rwm" }],
      group_add: ["video", "44"],
      cpu_period: 100000,
      cpu_quota: 150000,
    });
    expect(r).not.toHaveProperty("cpus");
  });

  test.each([
    [{ ulimits: [{ name: "files", soft: 1, hard: 1 }] }, "unknown ulimit 'files'", ErrorCode.UNKNOWN_VALUE],
    [
      { ulimits: [{ name: "nofile", soft: 2048, hard: 1024 }] },
      "ulimit nofile soft limit 2048 is above its hard limit 1024",
      ErrorCode.LIMITS_OUT_OF_ORDER,
    ],
    [{ stopSignal: "SIGSTOPP" }, "unknown stop signal 'SIGSTOPP'", ErrorCode.UNKNOWN_VALUE],
    [
      { sysctls: { "kernel.hostname": "x" } },
      "sysctl 'kernel.hostname' is not namespaced",
      ErrorCode.SYSCTL_NOT_NAMESPACED,
    ],
    [
      { sysctls: { "vm.swappiness": "1" } },
      "sysctl 'vm.swappiness' is not namespaced",
      ErrorCode.SYSCTL_NOT_NAMESPACED,
    ],
    [
      { logging: { driver: "json-file", options: { "syslog-address": "udp://x" } } },
      "logging driver json-file does not take the option 'syslog-address'",
      ErrorCode.UNKNOWN_LOGGING_OPTION,
    ],
    [{ logging: { driver: "Json File" } }, "invalid logging driver name 'Json File'", ErrorCode.INVALID_LOGGING_DRIVER],
    [{ devices: [{ hostPath: "dev/fuse" }] }, "device path 'dev/fuse' is not absolute", ErrorCode.INVALID_DEVICE],
    [
      { devices: [{ hostPath: "/dev/fuse", permissions: "rwx" }] },
      "device /dev/fuse has invalid permissions 'rwx'",
      ErrorCode.INVALID_DEVICE,
    ],
    [
      { extraHosts: { db: "not-an-ip" } },
      "extra host db has the address 'not-an-ip', which is not an IP address",
      ErrorCode.INVALID_IP_ADDRESS,
    ],
    [{ dns: ["dns.example"] }, "DNS server 'dns.example' is not an IP address", ErrorCode.INVALID_IP_ADDRESS],
    [
      { cpuLimit: 0.001 },
      "cpuLimit 0.001 gives a CFS quota of 100 µs, below the kernel's 1000 µs minimum",
      ErrorCode.CPU_QUOTA_TOO_SMALL,
    ],
    [{ cpuPeriodMicroseconds: 50000 }, "cpuPeriodMicroseconds 50000 without cpuLimit", ErrorCode.CONFLICTING_PROPS],
    [{ shmSizeMiB: 0 }, "shmSizeMiB 0 is not a whole number of 1 or more", ErrorCode.INVALID_NUMBER],
    [
      { sysctls: { "net.core.somaxconn": "1\n2" } },
      "sysctl 'net.core.somaxconn' has the empty or multi-line value \"1\\n2\"",
      ErrorCode.INVALID_SYSCTL_VALUE,
    ],
    [
      { groupAdd: ["video group"] },
      "group 'video group' is neither a group name nor a numeric id",
      ErrorCode.INVALID_USER,
    ],
  ])("refuses %j", (options, message, code) => {
    const stack = composeStack();
    expectDefinitionError(
      () => new Container(stack, "Web", { image: pinnedImage(stack), ...options }),
      code,
      `[test/Web] ${message}`,
    );
  });

  test("net.* sysctls are refused in host network mode", () => {
    const stack = composeStack();
    expect(
      () =>
        new Container(stack, "Web", {
          image: pinnedImage(stack),
          network: { mode: "host", networkName: "host" } as never,
          sysctls: { "net.ipv4.ip_forward": "1" },
        }),
    ).toThrow("sysctl 'net.ipv4.ip_forward' on a container in network mode host");
  });

  test("user strings are escaped for Terraform", () => {
    const stack = composeStack();
    new Container(stack, "Web", {
      image: pinnedImage(stack),
      logging: { driver: "json-file", options: { tag: "${name}" } },
    });
    expect(onlyResource(stack, "docker_container").log_opts).toEqual({ tag: "$${name}" });
  });
});

describe("interpolate (Compose rules)", () => {
  const env: Record<string, string> = { SET: "value", EMPTY: "" };
  const lookup = (n: string) => env[n];
  test.each([
    ["${SET}", "value"],
    ["$SET/x", "value/x"],
    ["${UNSET:-fallback}", "fallback"],
    ["${EMPTY:-fallback}", "fallback"],
    ["${EMPTY-fallback}", ""],
    ["${UNSET-fallback}", "fallback"],
    ["${SET:+alt}", "alt"],
    ["${EMPTY:+alt}", ""],
    ["${EMPTY+alt}", "alt"],
    ["$${SET}", "${SET}"],
    ["cost $5 and $", "cost $5 and $"],
    ["${UNSET:-${SET}-x}", "value-x"],
  ])("%s -> %s", (text, expected) => {
    expect(interpolate(text, { lookup })).toBe(expected);
  });

  test("required variables and malformed templates fail; unset ones are reported", () => {
    expect(() => interpolate("${UNSET:?set it}", { lookup })).toThrow(
      "required variable UNSET is missing a value: set it",
    );
    expect(() => interpolate("${EMPTY?x}", { lookup })).not.toThrow();
    expect(() => interpolate("${1abc}", { lookup })).toThrow("invalid interpolation format");
    expect(() => interpolate("${SET", { lookup })).toThrow("is never closed");
    const unset: string[] = [];
    expect(interpolate("a${NOPE}b", { lookup, onUnset: (n) => unset.push(n) })).toBe("ab");
    expect(unset).toEqual(["NOPE"]);
  });
});

describe("env files (Compose's dotenv format)", () => {
  test("quotes, escapes, comments, export, YAML style, interpolation and inherited keys", () => {
    const text = [
      "# a comment",
      "export A=1",
      "B = plain value # trailing comment",
      "C='single ${A} \\n kept'",
      'D="double ${A}\\nline \\"q\\""',
      "E: yaml",
      "F=${A}${UNSET:-d}",
      'G="multi',
      'line"',
      "FROM_SHELL",
      "NOT_IN_SHELL",
      "1DIGIT=skipped",
      "H=",
    ].join("\n");
    const parsed = parseEnvFile(text, { lookup: (n) => (n === "FROM_SHELL" ? "shell" : undefined) });
    expect(parsed).toEqual({
      A: "1",
      B: "plain value",
      C: "single ${A} \\n kept",
      D: 'double 1\nline "q"',
      E: "yaml",
      F: "1d",
      G: "multi\nline",
      FROM_SHELL: "shell",
      H: "",
    });
  });

  test("errors name the line and the fix", () => {
    expectDefinitionError(
      () => parseEnvFile("A=1\nB C=2"),
      ErrorCode.INVALID_ENV_FILE,
      'line 2: key "B C" contains a space',
    );
    expectDefinitionError(
      () => parseEnvFile('A="open'),
      ErrorCode.INVALID_ENV_FILE,
      "line 1: unterminated quoted value for A",
    );
    expectDefinitionError(
      () => parseEnvFile("A-B=1"),
      ErrorCode.INVALID_ENV_FILE,
      'line 1: unexpected character "-" in variable name',
    );
    expectDefinitionError(
      () => parseEnvFile("A=${X:?needed}"),
      ErrorCode.INVALID_ENV_FILE,
      "line 1: required variable X is missing a value: needed",
    );
  });

  test("readEnvFile resolves relative paths against the project root and feeds a container", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-envfile-"));
    try {
      fs.writeFileSync(path.join(dir, "app.env"), "GREETING=hello\n");
      const rel = path.relative(process.cwd(), path.join(dir, "app.env"));
      const stack = composeStack();
      const c = new Container(stack, "Web", { image: pinnedImage(stack), environment: readEnvFile(rel) });
      expect(c.environment).toEqual({ GREETING: "hello" });
      expectDefinitionError(
        () => readEnvFile(path.join(dir, "missing.env")),
        ErrorCode.INVALID_ENV_FILE,
        "cannot be read",
      );
      fs.writeFileSync(path.join(dir, "bad.env"), "A B=1\n");
      expectDefinitionError(
        () => readEnvFile(path.join(dir, "bad.env")),
        ErrorCode.INVALID_ENV_FILE,
        /^env file '.*bad\.env': line 1: key "A B" contains a space\. Fix: remove the space \(InvalidEnvFile\)$/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("ImmutableImage build target", () => {
  const context = path.join(FIXTURE_CONTEXTS, "multi-stage");

  test("builds the named stage, and the target is part of the tag", () => {
    const stack = testStack();
    const last = new ImmutableImage(stack, "Last", { context });
    const build = new ImmutableImage(stack, "Build", { context, target: "build" });
    const runtime = new ImmutableImage(stack, "RuntimeStage", { context, target: "runtime" });
    expect(new Set([last.tag, build.tag, runtime.tag]).size).toBe(3);
    const images = Object.values<any>(JSON.parse(Testing.synth(stack)).resource.docker_image); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(images.map((i) => i.build.target).sort()).toEqual(["build", "runtime", undefined].sort());
  });

  test("refuses a stage the Dockerfile does not name", () => {
    const stack = testStack();
    expect(() => new ImmutableImage(stack, "Img", { context, target: "test" })).toThrow(
      "[test/Img] build target 'test' is not a stage of Dockerfile. Fix: use one of build, runtime",
    );
  });
});
