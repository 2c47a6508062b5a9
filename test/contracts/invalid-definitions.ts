// The broken definitions: one rule each, as a user would break it. Every one must fail the
// synth with its code (stable) and expected message (the value and fix that matter; the rest
// of the wording may change): test/contracts/invalid-definitions.test.ts runs them all in
// process, error-path.test.ts runs a few by name as a real synth process (fixture-entry.ts).
// Written as user programs are: against the package "docker-iac".
import * as path from "path";
import { Volume as ProviderVolume } from "@cdktf/provider-docker/lib/volume";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import {
  BridgeNetwork,
  Container,
  DefaultsProfile,
  type DockerApp,
  DockerStack,
  EndpointMode,
  ErrorCode,
  GeneratedSecret,
  Healthcheck,
  ImmutableImage,
  Network,
  OverlayNetwork,
  PublishMode,
  RegistryImage,
  ServiceMode,
  SwarmSecret,
  SwarmService,
  UpdateOrder,
  Volume,
} from "docker-iac";

export interface InvalidDefinition {
  /** What it breaks, in a few words (unique): the test's name. */
  readonly name: string;
  /** The rule it breaks: the one code the synth must fail with. */
  readonly code: ErrorCode;
  /** The message (or the important part of it) the synth must fail with. */
  readonly expected: RegExp | string;
  /** cdktf context the app needs, e.g. `{ strictAudit: true }`. */
  readonly context?: Record<string, unknown>;
  /** Adds the broken stack(s) to the app. */
  define(app: DockerApp): void;
}

const CONTEXTS = path.join(__dirname, "..", "fixtures", "contexts");

/** The image most cases need and none is about: a pinned public one. */
function busybox(stack: DockerStack): RegistryImage {
  return new RegistryImage(stack, "Image", { reference: "busybox:1.37.0" });
}

// A user's own construct that looks up its stack (as many cdktf constructs do).
class Site extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    TerraformStack.of(this);
  }
}

export const INVALID_DEFINITIONS: readonly InvalidDefinition[] = [
  {
    name: "build-context-missing",
    code: ErrorCode.BUILD_CONTEXT_NOT_FOUND,
    expected: /\n  \[app\/Image\] build context folder '.*contexts\/does-not-exist' does not exist/,
    define(app) {
      new ImmutableImage(new DockerStack(app, "app"), "Image", { context: path.join(CONTEXTS, "does-not-exist") });
    },
  },
  {
    name: "build-context-no-dockerfile",
    code: ErrorCode.INVALID_DOCKERFILE,
    expected: /\n  \[app\/Image\] no Dockerfile in build context '.*contexts\/no-dockerfile'/,
    define(app) {
      new ImmutableImage(new DockerStack(app, "app"), "Image", { context: path.join(CONTEXTS, "no-dockerfile") });
    },
  },
  {
    name: "build-target-not-a-stage",
    code: ErrorCode.INVALID_BUILD_TARGET,
    expected: "[app/Image] build target 'test' is not a stage of Dockerfile. Fix: use one of build, runtime",
    define(app) {
      new ImmutableImage(new DockerStack(app, "app"), "Image", {
        context: path.join(CONTEXTS, "multi-stage"),
        target: "test",
      });
    },
  },
  {
    name: "context-labels-not-object",
    code: ErrorCode.WRONG_TYPE,
    expected: '[web] context value labels "team=a" is a string, not an object of strings',
    context: { labels: "team=a" },
    define(app) {
      new DockerStack(app, "web");
    },
  },
  {
    name: "default-bridge-network",
    code: ErrorCode.DEFAULT_BRIDGE_NETWORK,
    expected: "network name 'bridge' is Docker's default bridge, which has no name-based DNS",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", {
        image: busybox(stack),
        network: Network.fromNetworkName("bridge"),
      });
    },
  },
  {
    name: "defaults-profile-unknown",
    code: ErrorCode.UNKNOWN_VALUE,
    expected:
      "[app] unknown defaults profile 'docker' (context value defaultsProfile). Fix: use one of hardened, compose",
    context: { defaultsProfile: "docker" },
    define(app) {
      new DockerStack(app, "app");
    },
  },
  {
    name: "docker-socket-mount",
    code: ErrorCode.SENSITIVE_HOST_PATH,
    expected:
      "[ci/Runner] refusing to mount host path '/var/run/docker.sock': it is the Docker socket, which gives root on the host",
    define(app) {
      const stack = new DockerStack(app, "ci");
      new Container(stack, "Runner", { image: busybox(stack) }).mountHostPath(
        "/var/run/docker.sock",
        "/var/run/docker.sock",
      );
    },
  },
  {
    name: "dockerfile-is-folder",
    code: ErrorCode.INVALID_DOCKERFILE,
    expected: "[web/Image] dockerfile 'www' in build context 'test/fixtures/contexts/basic' is a folder",
    define(app) {
      new ImmutableImage(new DockerStack(app, "web"), "Image", {
        context: "test/fixtures/contexts/basic",
        dockerfile: "www",
      });
    },
  },
  {
    name: "duplicate-construct-id",
    code: ErrorCode.DUPLICATE_CONSTRUCT_ID,
    expected:
      "[web] two constructs in this DockerStack have the id 'Web'. Fix: give each construct a unique id within its scope",
    define(app) {
      const stack = new DockerStack(app, "web");
      const image = busybox(stack);
      new Container(stack, "Web", { image });
      new Container(stack, "Web", { image });
    },
  },
  // The default tmpfs already sits at /tmp: Docker allows one mount per destination.
  {
    name: "duplicate-mount-destination",
    code: ErrorCode.DUPLICATE_MOUNT_PATH,
    expected: "[web/Web] two mounts at /tmp: a tmpfs and volume scratch. Fix: ",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), volumes: { "/tmp": Volume.fromVolumeName("scratch") } });
    },
  },
  // Both stacks use one name prefix, so their networks get one Docker name on one engine.
  {
    name: "duplicate-network-across-stacks",
    code: ErrorCode.DUPLICATE_DOCKER_NAME,
    expected:
      /\n {2}\[green\/Net\] network name 'shop-net' is already used by \[blue\/Net\] on the same Docker engine\. Fix: /,
    define(app) {
      new BridgeNetwork(new DockerStack(app, "blue", { namePrefix: "shop" }), "Net");
      new BridgeNetwork(new DockerStack(app, "green", { namePrefix: "shop" }), "Net");
    },
  },
  {
    name: "duplicate-volume-name",
    code: ErrorCode.DUPLICATE_DOCKER_NAME,
    expected:
      /\n {2}\[data\/Backup\] volume name 'shared-data' is already used by \[data\/Data\] on the same Docker engine\. Fix: /,
    define(app) {
      const stack = new DockerStack(app, "data");
      new Volume(stack, "Data", { volumeName: "shared-data" });
      new Volume(stack, "Backup", { volumeName: "shared-data" });
    },
  },
  // One engine, two spellings: the clash is still found.
  {
    name: "engine-clash-spelled-differently",
    code: ErrorCode.HOST_PORT_CLASH,
    expected: /\n {2}\[b\/Web\] host port 127\.0\.0\.1:18090\/tcp is already claimed by \[a\/Web\]\. Fix: /,
    define(app) {
      for (const [id, dockerHost] of [
        ["a", "tcp://Docker.Example.com:2376/"],
        ["b", "tcp://docker.example.com:2376"],
      ]) {
        const stack = new DockerStack(app, id, { dockerHost });
        new Container(stack, "Web", {
          image: busybox(stack),
          portForwards: [{ containerPort: 8080, hostPort: 18090 }],
        });
      }
    },
  },
  {
    name: "env-name-with-equals",
    code: ErrorCode.INVALID_ENV_NAME,
    expected: "[web/Web] invalid environment variable name 'PORT=8080'",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), environment: { "PORT=8080": "" } });
    },
  },
  {
    name: "env-name-with-space",
    code: ErrorCode.INVALID_ENV_NAME,
    expected: "[web/Web] invalid environment variable name 'APP PORT'",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack) }).addEnvironment("APP PORT", "8080");
    },
  },
  // An unset variable read into the map: the container would get API_URL=undefined.
  {
    name: "env-value-undefined",
    code: ErrorCode.MISSING_VALUE,
    expected:
      '[web/Web] environment["API_URL"] is undefined. Fix: give environment["API_URL"] a string value, or remove the key',
    define(app) {
      const stack = new DockerStack(app, "web");
      const environment: Record<string, string> = { API_URL: process.env.DOCKER_IAC_FIXTURE_UNSET_VARIABLE as string };
      new Container(stack, "Web", { image: busybox(stack), environment });
    },
  },
  {
    name: "env-value-with-nul",
    code: ErrorCode.NUL_CHARACTER,
    expected: '[web/Web] environment["TOKEN"] "a\\u0000b" contains a NUL character',
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), environment: { TOKEN: "a\0b" } });
    },
  },
  {
    name: "gateway-broadcast",
    code: ErrorCode.RESERVED_ADDRESS,
    expected: "[net/Net] gateway 172.28.0.255 is the broadcast address of 172.28.0.0/24",
    define(app) {
      new BridgeNetwork(new DockerStack(app, "net"), "Net", { subnet: "172.28.0.0/24", gateway: "172.28.0.255" });
    },
  },
  // Copied from a compose file's `test: ["CMD", ...]`: Docker would run a program named CMD.
  {
    name: "healthcheck-cmd-keyword",
    code: ErrorCode.HEALTHCHECK_KEYWORD,
    expected:
      '[Healthcheck.fromCommand] healthcheck command ["CMD","wget","-q","-O-","http://127.0.0.1:8080/"] starts with CMD',
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", {
        image: busybox(stack),
        healthcheck: Healthcheck.fromCommand(["CMD", "wget", "-q", "-O-", "http://127.0.0.1:8080/"]),
      });
    },
  },
  {
    name: "healthcheck-empty-command",
    code: ErrorCode.BLANK_VALUE,
    expected: "[Healthcheck.fromCommand] healthcheck command is empty. Fix: give the program and its arguments",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), healthcheck: Healthcheck.fromCommand([""]) });
    },
  },
  {
    name: "host-path-with-colon",
    code: ErrorCode.INVALID_HOST_PATH,
    expected: "[web/Web] host path '/srv/a:b' contains ':'",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack) }).mountHostPath("/data", "/srv/a:b");
    },
  },
  {
    name: "hostname-host-mode",
    code: ErrorCode.NETWORK_MODE_CONFLICT,
    expected: "[host/Web] hostname 'web' on a container in network mode host",
    define(app) {
      const stack = new DockerStack(app, "host");
      new Container(stack, "Web", {
        image: busybox(stack),
        network: Network.HOST,
        hostname: "web",
      });
    },
  },
  {
    name: "hostname-too-long",
    code: ErrorCode.INVALID_HOSTNAME,
    expected: "is 70 characters, longer than the kernel's 64",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), hostname: "h".repeat(70) });
    },
  },
  // The image is pulled on the build host's engine; the local engine that runs the container has none.
  {
    name: "image-on-another-engine",
    code: ErrorCode.CROSS_ENGINE_REFERENCE,
    expected:
      "[app/Web] uses image [build/Image] of a stack on another engine (unix:///var/run/docker.sock vs tcp://build-host:2376). Fix: use an image built or pulled by a stack on the same engine",
    define(app) {
      const build = new DockerStack(app, "build", { dockerHost: "tcp://build-host:2376" });
      const image = busybox(build);
      new Container(new DockerStack(app, "app"), "Web", { image });
    },
  },
  {
    name: "invalid-container-name",
    code: ErrorCode.INVALID_DOCKER_NAME,
    expected: "[web/Web] invalid container name 'web server'",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), containerName: "web server" });
    },
  },
  {
    name: "invalid-docker-host",
    code: ErrorCode.INVALID_ENGINE_ENDPOINT,
    expected:
      "[remote/DockerHost] docker host 'https://docker.example.com:2376' uses https://, which Docker does not take for an engine address. Fix: use tcp://docker.example.com:2376",
    define(app) {
      new DockerStack(app, "remote", { dockerHost: "https://docker.example.com:2376" });
    },
  },
  {
    name: "join-network-none",
    code: ErrorCode.NETWORK_MODE_CONFLICT,
    expected: "[batch/Job] a container in network mode none cannot join network batch-shared",
    define(app) {
      const stack = new DockerStack(app, "batch");
      const job = new Container(stack, "Job", {
        image: busybox(stack),
        network: Network.NONE,
      });
      job.joinNetwork(new BridgeNetwork(stack, "Shared"));
    },
  },
  // json-file refuses to start the container: it compresses only rotated files.
  {
    name: "logging-compress-without-rotation",
    code: ErrorCode.CONFLICTING_PROPS,
    expected: "[web/Web] logging option compress true with no max-size",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", {
        image: busybox(stack),
        logging: { driver: "json-file", options: { compress: "true" } },
      });
    },
  },
  {
    name: "logging-max-size-invalid",
    code: ErrorCode.INVALID_NUMBER,
    expected: '[web/Web] logging option max-size "10x" is not a positive size',
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", {
        image: busybox(stack),
        logging: { driver: "json-file", options: { "max-size": "10x", "max-file": "3" } },
      });
    },
  },
  {
    name: "memory-as-string",
    code: ErrorCode.WRONG_TYPE,
    expected: '[web/Web] memoryMiB "256" is a string, not a number. Fix: give a whole number from 6 to 8796093022207',
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), memoryMiB: "256" as unknown as number });
    },
  },
  {
    name: "memory-below-minimum",
    code: ErrorCode.INVALID_NUMBER,
    expected:
      "[web/Web] memoryMiB 4 is below Docker's minimum of 6 MiB. Fix: give a whole number from 6 to 8796093022207",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), memoryMiB: 4 });
    },
  },
  {
    name: "memory-past-int64",
    code: ErrorCode.INVALID_NUMBER,
    expected: "[web/Web] memoryMiB 1e+300 is above what fits in Docker's int64 byte count",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), memoryMiB: 1e300 });
    },
  },
  {
    name: "mount-at-root",
    code: ErrorCode.INVALID_CONTAINER_PATH,
    expected: "[web/Web] container path is '/', the container's root. Fix: mount at a folder such as /data",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack) }).mountVolume("/", new Volume(stack, "Data"));
    },
  },
  {
    name: "mount-destination-not-normalized",
    code: ErrorCode.INVALID_CONTAINER_PATH,
    expected: "[web/Web] container path '/data/../etc' is not normalized. Fix: write it as '/etc'",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack) }).mountVolume("/data/../etc", new Volume(stack, "Data"));
    },
  },
  // runc refuses mounts on or inside /proc (but a few lxcfs files).
  {
    name: "mount-inside-proc",
    code: ErrorCode.INVALID_CONTAINER_PATH,
    expected: "[web/Web] container path '/proc/sys' is inside /proc, where the runtime refuses mounts",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), volumes: { "/proc/sys": new Volume(stack, "Data") } });
    },
  },
  {
    name: "mutable-image-latest",
    code: ErrorCode.MUTABLE_IMAGE_REFERENCE,
    expected: "[images/Base] mutable image reference 'busybox:latest'",
    define(app) {
      new RegistryImage(new DockerStack(app, "images"), "Base", { reference: "busybox:latest" });
    },
  },
  {
    name: "mutable-image-no-tag",
    code: ErrorCode.MUTABLE_IMAGE_REFERENCE,
    expected: "[images/Base] mutable image reference 'registry.example.com:5000/team/app'",
    define(app) {
      new RegistryImage(new DockerStack(app, "images"), "Base", { reference: "registry.example.com:5000/team/app" });
    },
  },
  {
    name: "name-prefix-invalid",
    code: ErrorCode.INVALID_NAME_PREFIX,
    expected: '[web] namePrefix "My App" cannot start a Docker name',
    define(app) {
      const stack = new DockerStack(app, "web", { namePrefix: "My App" });
      new Container(stack, "Web", { image: busybox(stack) });
    },
  },
  {
    name: "network-joined-twice",
    code: ErrorCode.DUPLICATE_ENTRY,
    expected: "[web/Web] already joined network shared. Fix: join each network once",
    define(app) {
      const stack = new DockerStack(app, "web");
      const web = new Container(stack, "Web", { image: busybox(stack), network: Network.fromNetworkName("shared") });
      web.joinNetwork(Network.fromNetworkName("shared"));
    },
  },
  {
    name: "network-name-predefined",
    code: ErrorCode.INVALID_DOCKER_NAME,
    expected:
      "[net/Host] network name 'host' is one of Docker's predefined networks (bridge, host, none, default), which the daemon refuses to create",
    define(app) {
      new BridgeNetwork(new DockerStack(app, "net"), "Host", { networkName: "host" });
    },
  },
  {
    name: "network-options-host-mode",
    code: ErrorCode.NETWORK_MODE_CONFLICT,
    expected:
      "[host/Web] networkOptions given for network mode host. Fix: aliases and static addresses exist only on bridge networks",
    define(app) {
      const stack = new DockerStack(app, "host");
      new Container(stack, "Web", {
        image: busybox(stack),
        network: Network.HOST,
        networkOptions: { aliases: ["www"] },
      });
    },
  },
  {
    name: "overlapping-subnets",
    code: ErrorCode.OVERLAPPING_SUBNETS,
    expected:
      /\n {2}\[net\/Back\] subnet 172\.28\.5\.0\/24 overlaps 172\.28\.0\.0\/16 of \[net\/Front\] on the same Docker engine\. Fix: /,
    define(app) {
      const stack = new DockerStack(app, "net");
      new BridgeNetwork(stack, "Front", { subnet: "172.28.0.0/16" });
      new BridgeNetwork(stack, "Back", { subnet: "172.28.5.0/24" });
    },
  },
  // Each stack is fine alone; together on the default engine they claim one host port.
  {
    name: "port-clash-across-stacks",
    code: ErrorCode.HOST_PORT_CLASH,
    expected: /\n {2}\[staging\/Web\] host port 127\.0\.0\.1:18080\/tcp is already claimed by \[dev\/Web\]\. Fix: /,
    define(app) {
      for (const id of ["dev", "staging"]) {
        const stack = new DockerStack(app, id);
        new Container(stack, "Web", {
          image: busybox(stack),
          portForwards: [{ containerPort: 8080, hostPort: 18080 }],
        });
      }
    },
  },
  // ::1 and 0:0:0:0:0:0:0:1 are one address: the second container cannot bind the port.
  {
    name: "port-clash-ipv6-spelling",
    code: ErrorCode.HOST_PORT_CLASH,
    expected: "[web/Admin] host port [0:0:0:0:0:0:0:1]:18080/tcp is already claimed by [web/Web] ([::1]:18080/tcp)",
    define(app) {
      const stack = new DockerStack(app, "web");
      const image = busybox(stack);
      new Container(stack, "Web", { image, portForwards: [{ containerPort: 8080, hostPort: 18080, hostIp: "::1" }] });
      new Container(stack, "Admin", {
        image,
        portForwards: [{ containerPort: 8080, hostPort: 18080, hostIp: "0:0:0:0:0:0:0:1" }],
      });
    },
  },
  // Two containers of one stack claim 127.0.0.1:18080/tcp.
  {
    name: "port-clash-same-stack",
    code: ErrorCode.HOST_PORT_CLASH,
    expected:
      /^docker-iac found 1 problem\(s\); nothing was synthesized:\n {2}\[shop\/Admin\] host port 127\.0\.0\.1:18080\/tcp is already claimed by \[shop\/Web\]\. Fix: /,
    define(app) {
      const stack = new DockerStack(app, "shop");
      const image = busybox(stack);
      new Container(stack, "Web", { image, portForwards: [{ containerPort: 8080, hostPort: 18080 }] });
      new Container(stack, "Admin", { image, portForwards: [{ containerPort: 9090, hostPort: 18080 }] });
    },
  },
  // 0.0.0.0 covers 127.0.0.1: the second bind would fail on the engine.
  {
    name: "port-clash-wildcard",
    code: ErrorCode.HOST_PORT_CLASH,
    expected:
      /\n {2}\[shop\/Admin\] host port 127\.0\.0\.1:18080\/tcp is already claimed by \[shop\/Web\] \(0\.0\.0\.0:18080\/tcp\)\. Fix: /,
    define(app) {
      const stack = new DockerStack(app, "shop");
      const image = busybox(stack);
      new Container(stack, "Web", {
        image,
        portForwards: [{ containerPort: 8080, hostPort: 18080, hostIp: "0.0.0.0" }],
      });
      new Container(stack, "Admin", { image, portForwards: [{ containerPort: 9090, hostPort: 18080 }] });
    },
  },
  {
    name: "port-forward-host-mode",
    code: ErrorCode.NETWORK_MODE_CONFLICT,
    expected:
      "[host/Web] port forward for container port 8080 on a container in network mode host. Fix: remove the port forward",
    define(app) {
      const stack = new DockerStack(app, "host");
      new Container(stack, "Web", {
        image: busybox(stack),
        network: Network.HOST,
        portForwards: [{ containerPort: 8080, hostPort: 18080 }],
      });
    },
  },
  {
    name: "port-forward-none-mode",
    code: ErrorCode.NETWORK_MODE_CONFLICT,
    expected:
      "[batch/Job] port forward for container port 8080 on a container in network mode none. Fix: remove the port forward or use a bridge network",
    define(app) {
      const stack = new DockerStack(app, "batch");
      const job = new Container(stack, "Job", {
        image: busybox(stack),
        network: Network.NONE,
        mustRun: false,
      });
      job.addPortForward(8080);
    },
  },
  {
    name: "port-not-integer",
    code: ErrorCode.INVALID_PORT,
    expected: "[web/Web] container port 80.5 is not a port",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack) }).addPortForward(80.5);
    },
  },
  {
    name: "port-out-of-range",
    code: ErrorCode.INVALID_PORT,
    expected: "[web/Web] host port 70000 is not a port. Fix: use a whole number from 1 to 65535",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", {
        image: busybox(stack),
        portForwards: [{ containerPort: 8080, hostPort: 70000 }],
      });
    },
  },
  // A provider resource made directly, not through docker-iac: cdktf refuses it; the app says so in one line.
  {
    name: "provider-resource-under-app",
    code: ErrorCode.NOT_IN_DOCKER_STACK,
    expected:
      "[RawVolume] is not inside any stack. Fix: create docker-iac constructs and Terraform resources inside a DockerStack, not directly in the app",
    define(app) {
      new DockerStack(app, "web");
      new ProviderVolume(app, "RawVolume", { name: "raw" });
    },
  },
  {
    name: "provider-version-invalid",
    code: ErrorCode.INVALID_PROVIDER_VERSION,
    expected: '[web] context value dockerProviderVersion "latest" is not a Terraform version constraint',
    context: { dockerProviderVersion: "latest" },
    define(app) {
      new DockerStack(app, "web");
    },
  },
  {
    name: "registry-image-under-app",
    code: ErrorCode.NOT_IN_DOCKER_STACK,
    expected:
      "[Image] is not inside any stack. Fix: create docker-iac constructs inside a DockerStack, not directly in the app",
    define(app) {
      new DockerStack(app, "web");
      new RegistryImage(app, "Image", { reference: "busybox:1.37.0" });
    },
  },
  // Docker reads on-failure:0 as "retry forever".
  {
    name: "restart-retries-unlimited",
    code: ErrorCode.INVALID_NUMBER,
    expected: "[web/Web] maxRestartRetries 0 is below 1 (0 means unlimited to Docker)",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), maxRestartRetries: 0 });
    },
  },
  {
    name: "rootless-docker-socket",
    code: ErrorCode.SENSITIVE_HOST_PATH,
    expected: "[ci/Runner] refusing to mount host path '/run/user/1000/docker.sock': it is the Docker socket",
    define(app) {
      const stack = new DockerStack(app, "ci");
      new Container(stack, "Runner", { image: busybox(stack) }).mountHostPath(
        "/docker.sock",
        "/run/user/1000/docker.sock",
      );
    },
  },
  {
    name: "secret-file-name-too-long",
    code: ErrorCode.NAME_TOO_LONG,
    expected:
      /secret file name 'web-.*' \(\d+ bytes\) is too long: .* Fix: use a secret file name of at most 243 bytes/,
    define(app) {
      const stack = new DockerStack(app, "web");
      new GeneratedSecret(stack, "Password".repeat(40));
    },
  },
  {
    name: "sensitive-etc-mount",
    code: ErrorCode.SENSITIVE_HOST_PATH,
    expected: "[web/Web] refusing to mount host path '/etc/ssl/certs': it is inside the host's /etc",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack) }).mountHostPath("/etc/ssl/certs", "/etc/ssl/certs");
    },
  },
  // Multi-byte characters count as bytes: 120 of them are 240 bytes, over the 230 left for the id.
  {
    name: "stack-id-too-long",
    code: ErrorCode.NAME_TOO_LONG,
    expected:
      /stack id '.*' \(240 bytes\) is too long: it becomes the folder cdktf.out\/stacks\/<id>.* Fix: use a stack id of at most 230 bytes/,
    define(app) {
      new DockerStack(app, "é".repeat(120), { namePrefix: "web" });
    },
  },
  // A program that follows cdktf's own examples: `new App()`. Its stack is not written.
  {
    name: "stack-in-plain-app",
    code: ErrorCode.NOT_IN_DOCKER_APP,
    expected:
      "[web] is in cdktf's plain App, where the checks across stacks (host ports, names and subnets on one engine) do not run. Fix: create the app with new DockerApp() from docker-iac",
    define(app) {
      const plain = new App({ outdir: app.outdir, context: app.node.getAllContext() });
      new DockerStack(plain, "web");
      plain.synth();
    },
  },
  {
    name: "stack-label-override",
    code: ErrorCode.RESERVED_LABEL,
    expected: '[web] labels sets io.docker-iac.stack to "other", which the stack owns',
    define(app) {
      new DockerStack(app, "web", { labels: { "io.docker-iac.stack": "other" } });
    },
  },
  // A user's own construct that looks up its stack (as many cdktf constructs do), made in the
  // app: cdktf throws its multi-paragraph error in the constructor; the app prints one line.
  {
    name: "stack-lookup-under-app",
    code: ErrorCode.NOT_IN_DOCKER_STACK,
    expected:
      "[Site] is not inside any stack. Fix: create docker-iac constructs and Terraform resources inside a DockerStack, not directly in the app",
    define(app) {
      new DockerStack(app, "web");
      new Site(app, "Site");
    },
  },
  {
    name: "static-address-outside-subnet",
    code: ErrorCode.ADDRESS_OUTSIDE_SUBNET,
    expected: "[net/Net] static address for net/Web 10.9.0.5 is outside subnet 172.28.0.0/24",
    define(app) {
      const stack = new DockerStack(app, "net");
      new Container(stack, "Web", {
        image: busybox(stack),
        network: new BridgeNetwork(stack, "Net", { subnet: "172.28.0.0/24" }),
        networkOptions: { ipv4Address: "10.9.0.5" },
      });
    },
  },
  {
    name: "static-address-twice",
    code: ErrorCode.ADDRESS_TAKEN,
    expected: "[net/Net] static address 172.28.0.10 is used by both net/Web and net/Api",
    define(app) {
      const stack = new DockerStack(app, "net");
      const image = busybox(stack);
      const network = new BridgeNetwork(stack, "Net", { subnet: "172.28.0.0/24" });
      new Container(stack, "Web", { image, network, networkOptions: { ipv4Address: "172.28.0.10" } });
      new Container(stack, "Api", { image, network, networkOptions: { ipv4Address: "172.28.0.10" } });
    },
  },
  {
    name: "static-address-without-subnet",
    code: ErrorCode.ADDRESS_NEEDS_SUBNET,
    expected: "[net/Net] static address 172.28.0.10 for net/Web on a network without a subnet",
    define(app) {
      const stack = new DockerStack(app, "net");
      new Container(stack, "Web", {
        image: busybox(stack),
        network: new BridgeNetwork(stack, "Net"),
        networkOptions: { ipv4Address: "172.28.0.10" },
      });
    },
  },
  {
    name: "stop-signal-unknown",
    code: ErrorCode.UNKNOWN_VALUE,
    expected: "[web/Web] unknown stop signal 'SIGHALT'. Fix: use a Linux signal name",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), stopSignal: "SIGHALT" });
    },
  },
  {
    name: "stop-timeout-past-go-duration",
    code: ErrorCode.INVALID_NUMBER,
    expected: "[web/Web] stopTimeoutSeconds 10000000000 is above the longest duration Go (and so Docker) can hold",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), stopTimeoutSeconds: 1e10 });
    },
  },
  // With strictAudit a CIS failure is a synth error; waiveAuditRule("5.9", reason) would accept it.
  {
    name: "strict-audit-host-network",
    code: ErrorCode.STRICT_AUDIT_FAILED,
    expected:
      /\[host\] strict audit failed \(StrictAuditFailed\):\nhost\/Web\/Resource \(host-web\)\n {2}FAIL {8}CIS 5\.9 /,
    context: { strictAudit: true },
    define(app) {
      const stack = new DockerStack(app, "host");
      new Container(stack, "Web", { image: busybox(stack), network: Network.HOST });
    },
  },
  // "true" as a string would silently turn the strict audit off.
  {
    name: "strict-audit-not-boolean",
    code: ErrorCode.WRONG_TYPE,
    expected: '[app] context value strictAudit "true" is not a boolean. Fix: give true or false',
    context: { strictAudit: "true" },
    define(app) {
      new DockerStack(app, "web");
    },
  },
  {
    name: "subnet-ipv6",
    code: ErrorCode.INVALID_SUBNET,
    expected: "[net/Net] IPv6 subnet 'fd00:1::/64' is not supported: BridgeNetwork manages IPv4 only",
    define(app) {
      new BridgeNetwork(new DockerStack(app, "net"), "Net", { subnet: "fd00:1::/64" });
    },
  },
  {
    name: "subnet-leading-zero",
    code: ErrorCode.INVALID_SUBNET,
    expected: "[net/Net] subnet '172.028.0.0/24' has a number with a leading zero, which Docker refuses",
    define(app) {
      new BridgeNetwork(new DockerStack(app, "net"), "Net", { subnet: "172.028.0.0/24" });
    },
  },
  {
    name: "subnet-too-small",
    code: ErrorCode.SUBNET_TOO_SMALL,
    expected: "[net/Net] subnet '172.28.0.0/31' is too small for a bridge",
    define(app) {
      new BridgeNetwork(new DockerStack(app, "net"), "Net", { subnet: "172.28.0.0/31" });
    },
  },
  {
    name: "swarm-bad-placement-constraint",
    code: ErrorCode.INVALID_PLACEMENT,
    expected:
      /\[db\/Db\] invalid placement constraint 'node\.role = manager'\. Fix: write .*==\|!= <value>, e\.g\. node\.role == manager/,
    define(app) {
      const stack = new DockerStack(app, "db");
      const image = busybox(stack);
      new SwarmService(stack, "Db", { image, placementConstraints: ["node.role = manager"] });
    },
  },
  {
    name: "swarm-global-with-replicas",
    code: ErrorCode.CONFLICTING_PROPS,
    expected:
      "[agents/Agent] replicas 3 on a global service. Fix: drop replicas (a global service runs one task per node) or use ServiceMode.REPLICATED",
    define(app) {
      const stack = new DockerStack(app, "agents");
      const image = busybox(stack);
      new SwarmService(stack, "Agent", { image, mode: ServiceMode.GLOBAL, replicas: 3 });
    },
  },
  // A host-mode port binds on the node a task runs on: 3 nodes hold 3 such tasks, not 5.
  {
    name: "swarm-host-port-more-replicas-than-nodes",
    code: ErrorCode.REPLICAS_EXCEED_NODES,
    expected:
      /\[web\/Web\] host-mode port 18130\/tcp binds on the node a task runs on, so 3 node\(s\) hold at most 3 task\(s\), not 5 replicas\. Fix: /,
    context: { swarmNodes: 3 },
    define(app) {
      const stack = new DockerStack(app, "web");
      const image = busybox(stack);
      new SwarmService(stack, "Web", {
        image,
        replicas: 5,
        ports: [{ targetPort: 8080, publishedPort: 18130, mode: PublishMode.HOST }],
        updatePolicy: { order: UpdateOrder.STOP_FIRST },
      });
    },
  },
  // Docker refuses it: the routing mesh forwards to a virtual IP, which dnsrr does not have.
  {
    name: "swarm-ingress-with-dnsrr",
    code: ErrorCode.INGRESS_WITH_DNSRR,
    expected:
      "[web/Web] port 8080 is published in ingress mode on a service with endpoint mode dnsrr. Fix: publish it with mode: PublishMode.HOST, or use EndpointMode.VIP",
    define(app) {
      const stack = new DockerStack(app, "web");
      const image = busybox(stack);
      new SwarmService(stack, "Web", {
        image,
        endpointMode: EndpointMode.DNSRR,
        ports: [{ targetPort: 8080, publishedPort: 18130 }],
      });
    },
  },
  // An overlay network shares the engine's address space with its bridge networks.
  {
    name: "swarm-overlapping-overlay-subnets",
    code: ErrorCode.OVERLAPPING_SUBNETS,
    expected:
      /\n {2}\[mesh\/Mesh\] subnet 10\.20\.5\.0\/24 overlaps 10\.20\.0\.0\/16 of \[local\/Local\] on the same Docker engine\. Fix: /,
    define(app) {
      new BridgeNetwork(new DockerStack(app, "local"), "Local", { subnet: "10.20.0.0/16" });
      new OverlayNetwork(new DockerStack(app, "mesh"), "Mesh", { subnet: "10.20.5.0/24" });
    },
  },
  {
    name: "swarm-overlay-network-on-container",
    code: ErrorCode.WRONG_NETWORK_KIND,
    expected:
      /\[app\/Web\] a container cannot join overlay network .*Fix: run it as a SwarmService, or use a BridgeNetwork/,
    define(app) {
      const stack = new DockerStack(app, "app");
      new Container(stack, "Web", { image: busybox(stack), network: new OverlayNetwork(stack, "Mesh") });
    },
  },
  // A published service port is taken on every interface of the node, 127.0.0.1 included.
  {
    name: "swarm-port-clash-with-container",
    code: ErrorCode.HOST_PORT_CLASH,
    expected:
      /\n {2}\[swarm\/Front\] host port 0\.0\.0\.0:18130\/tcp is already claimed by \[local\/Web\] \(127\.0\.0\.1:18130\/tcp\)\. Fix: /,
    define(app) {
      const local = new DockerStack(app, "local");
      new Container(local, "Web", { image: busybox(local), portForwards: [{ containerPort: 8080, hostPort: 18130 }] });
      const swarm = new DockerStack(app, "swarm");
      new SwarmService(swarm, "Front", {
        image: busybox(swarm),
        ports: [{ targetPort: 8080, publishedPort: 18130, mode: PublishMode.HOST }],
        updatePolicy: { order: UpdateOrder.STOP_FIRST },
      });
    },
  },
  {
    name: "swarm-secret-without-content",
    code: ErrorCode.INVALID_SWARM_OBJECT_CONTENT,
    expected:
      "[app/Token] a secret needs exactly one of value and file. Fix: give value (a string) or file (a path to read at synth time)",
    define(app) {
      new SwarmSecret(new DockerStack(app, "app"), "Token", {});
    },
  },
  {
    name: "swarm-service-on-bridge-network",
    code: ErrorCode.WRONG_NETWORK_KIND,
    expected:
      /\[web\/Web\] a service cannot join network mode bridge .*Fix: use an OverlayNetwork: bridge networks exist on one engine only/,
    define(app) {
      const stack = new DockerStack(app, "web");
      const image = busybox(stack);
      new SwarmService(stack, "Web", { image, networks: [new BridgeNetwork(stack, "Net")] });
    },
  },
  // start-first (the default) starts the new task while the old one still holds the port.
  {
    name: "swarm-start-first-fixed-host-port",
    code: ErrorCode.START_FIRST_HOST_PORT,
    expected:
      /\[web\/Web\] host-mode port 18130\/tcp with update order start-first: the new task cannot bind the port while the old one holds it on a full swarm\. Fix: use updatePolicy\.order UpdateOrder\.STOP_FIRST/,
    define(app) {
      const stack = new DockerStack(app, "web");
      const image = busybox(stack);
      new SwarmService(stack, "Web", {
        image,
        ports: [{ targetPort: 8080, publishedPort: 18130, mode: PublishMode.HOST }],
      });
    },
  },
  {
    name: "sysctl-not-namespaced",
    code: ErrorCode.SYSCTL_NOT_NAMESPACED,
    expected:
      "[db/Db] sysctl 'vm.overcommit_memory' is not namespaced: Docker refuses it because it would change the host",
    define(app) {
      const stack = new DockerStack(app, "db", { defaultsProfile: DefaultsProfile.COMPOSE });
      new Container(stack, "Db", { image: busybox(stack), sysctls: { "vm.overcommit_memory": "1" } });
    },
  },
  {
    name: "tcp-host-without-port",
    code: ErrorCode.INVALID_ENGINE_ENDPOINT,
    expected: "[remote/DockerHost] docker host 'tcp://docker.example.com' needs a host and a port",
    define(app) {
      new DockerStack(app, "remote", { dockerHost: "tcp://docker.example.com" });
    },
  },
  // A space after the comma makes " size=16m" an option the kernel does not know: the container would not start.
  {
    name: "tmpfs-option-unknown",
    code: ErrorCode.UNKNOWN_VALUE,
    expected: '[web/Web] tmpfs /tmp has the option " size=16m", which is neither a mount flag nor a tmpfs option',
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), tmpfs: { "/tmp": "rw, size=16m" } });
    },
  },
  {
    name: "ulimit-nofile-unlimited",
    code: ErrorCode.INVALID_NUMBER,
    expected:
      "[web/Web] ulimit nofile soft limit -1 (unlimited): the kernel caps open files at fs.nr_open and refuses unlimited",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), ulimits: [{ name: "nofile", soft: -1, hard: -1 }] });
    },
  },
  {
    name: "ulimit-soft-above-hard",
    code: ErrorCode.LIMITS_OUT_OF_ORDER,
    expected: "[db/Db] ulimit nofile soft limit 65536 is above its hard limit 1024. Fix: make soft at most hard",
    define(app) {
      const stack = new DockerStack(app, "db");
      new Container(stack, "Db", { image: busybox(stack), ulimits: [{ name: "nofile", soft: 65536, hard: 1024 }] });
    },
  },
  {
    name: "unknown-capability",
    code: ErrorCode.UNKNOWN_CAPABILITY,
    expected: "[web/Web] unknown capability 'CAP_NET_BIND_SERVICE'. Fix: use names without CAP_",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), capabilities: ["CAP_NET_BIND_SERVICE"] });
    },
  },
  // A program written for the previous API: `name` is now `containerName`. Ignoring it would
  // name the container try-web without a word; it is refused, as Terraform refuses an
  // argument it does not expect.
  {
    name: "unknown-prop-old-name",
    code: ErrorCode.UNKNOWN_PROP,
    expected:
      "[try/Web] unknown prop 'name' in ContainerProps. Fix: use containerName (the Docker name; renamed from name) (UnknownProp)",
    define(app) {
      const stack = new DockerStack(app, "try");
      const image = busybox(stack);
      new Container(stack, "Web", { image, name: "old-style" } as never);
    },
  },
  // runc takes uids and gids from 0 to 2^31-1: 4294967295 (a "nobody" from another system) fails at start.
  {
    name: "user-id-out-of-range",
    code: ErrorCode.INVALID_USER,
    expected:
      '[web/Web] user "4294967295:1000" has the id 4294967295, outside the range 0 to 2147483647 the runtime accepts',
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), user: "4294967295:1000" });
    },
  },
  {
    name: "volume-name-invalid",
    code: ErrorCode.INVALID_DOCKER_NAME,
    expected: "[Volume.fromVolumeName] invalid volume name 'my data'",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), volumes: { "/data": Volume.fromVolumeName("my data") } });
    },
  },
  {
    name: "volume-name-is-a-path",
    code: ErrorCode.VOLUME_NAME_IS_PATH,
    expected: "[Volume.fromVolumeName] '/var/run/docker.sock' is a path, not a volume name. Fix: ",
    define(app) {
      const stack = new DockerStack(app, "ci");
      new Container(stack, "Runner", {
        image: busybox(stack),
        volumes: { "/sock": Volume.fromVolumeName("/var/run/docker.sock") },
      });
    },
  },
  // Docker's name characters, but 256 of them: the local driver's folder cannot hold the name.
  {
    name: "volume-name-too-long",
    code: ErrorCode.NAME_TOO_LONG,
    expected:
      /volume name 'a{24}\.\.\.' \(256 bytes\) is too long: it becomes the local driver's folder .* Fix: use a volume name of at most 255 bytes/,
    define(app) {
      const stack = new DockerStack(app, "data");
      new Volume(stack, "Data", { volumeName: "a".repeat(256) });
    },
  },
  {
    name: "volume-on-another-engine",
    code: ErrorCode.CROSS_ENGINE_REFERENCE,
    expected: "[app/Web] uses volume [data/Data] of a stack on another engine",
    define(app) {
      const data = new DockerStack(app, "data", { dockerHost: "tcp://10.0.0.5:2376" });
      const volume = new Volume(data, "Data");
      const stack = new DockerStack(app, "app");
      new Container(stack, "Web", { image: busybox(stack), volumes: { "/data": volume } });
    },
  },
  {
    name: "wait-without-healthcheck",
    code: ErrorCode.HEALTHCHECK_REQUIRED,
    expected: "[web/Web] waitForHealthy is set but there is no healthcheck",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack), waitForHealthy: true });
    },
  },
  {
    name: "waiver-blank-reason",
    code: ErrorCode.WAIVER_WITHOUT_REASON,
    expected: "[web/Web] waiver of CIS 5.12 without a reason. Fix: say why the rule does not apply",
    define(app) {
      const stack = new DockerStack(app, "web");
      new Container(stack, "Web", { image: busybox(stack) }).waiveAuditRule("5.12", "   ");
    },
  },
];
