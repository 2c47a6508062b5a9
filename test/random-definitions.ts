// Random definitions for the property-based tests (unit: clean outcome; e2e: terraform
// validate on a sample). Not a test file itself. Values mix what users mean with what
// they get wrong: wrong types, NaN, Infinity, template syntax, NUL, paths that are not.
import * as path from "path";
import fc from "fast-check";
import {
  BridgeNetwork,
  Container,
  type DockerApp,
  DockerStack,
  Healthcheck,
  ImmutableImage,
  Network,
  RegistryImage,
  RestartPolicy,
  Volume,
} from "../constructs";

/** Anything a JavaScript caller might pass instead of the right type. */
const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(NaN),
  fc.constant(Infinity),
  fc.constant(-0),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  fc.constant({}),
);

const sloppyText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    "${PORT:-8080}",
    "echo ${HOME} %{if x}y%{endif}",
    "$${X}",
    '${file("/etc/passwd")}',
    "a\0b",
    "",
    " ",
    "100%",
    "$",
    "{}",
  ),
);
// Valid strings still carry Terraform template syntax: it must reach Docker unchanged.
const cleanText = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9 ._-]{0,10}$/),
  fc.constantFrom("${PORT:-8080}", "echo ${HOME} %{if x}y%{endif}", "$${X}", '${file("/etc/passwd")}', "100%"),
);

export interface RandomDefinition {
  readonly stack: Record<string, unknown>;
  readonly network?: Record<string, unknown>;
  readonly healthcheck?: { kind: "command" | "shell"; command: unknown; options: Record<string, unknown> };
  readonly container: Record<string, unknown>;
  readonly volumeMounts: { path: unknown; named?: unknown }[];
  readonly hostMounts: { hostPath: unknown; containerPath: unknown }[];
  readonly immutableImage: boolean;
}

/**
 * Clean definitions use only values Docker accepts (they must synth); sloppy ones mix in
 * mistakes and junk (they may fail, but only cleanly).
 */
function definition(clean: boolean): fc.Arbitrary<RandomDefinition> {
  const v = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
    clean
      ? fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: fc.constant(undefined) })
      : fc.oneof(
          { weight: 3, arbitrary: good },
          { weight: 2, arbitrary: bad },
          { weight: 1, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: junk },
        );
  const text = clean ? cleanText : sloppyText;
  const goodPath = fc.constantFrom("/data", "/srv", "/var/lib/app", "/cache", "/a-b");
  const badPath = fc.oneof(
    fc.constantFrom("/tmp", "/", "/a/../b", "/x:y", "data", "/var/lib/app/"),
    fc.string({ maxLength: 6 }).map((p) => `/${p}`),
  );
  const containerPath = clean ? goodPath : fc.oneof(goodPath, badPath);
  const name = fc.stringMatching(/^[a-z][a-z0-9-]{1,8}$/);
  const goodSeconds = fc.oneof(fc.integer({ min: 1, max: 120 }), fc.constantFrom(0.5, 0.001, 1.5, 90));
  const badSeconds = fc.oneof(
    fc.integer({ min: -2, max: 0 }),
    fc.double({ min: 0, max: 0.0009, noNaN: true }),
    fc.constantFrom(1e10),
  );
  return fc.record({
    stack: fc.record(
      {
        namePrefix: v(
          name.map((n) => `p-${n}`),
          fc.constantFrom("_x", "has space", "-x", ""),
        ),
        labels: v(
          fc.dictionary(fc.stringMatching(/^[a-z][a-z.]{0,6}$/), text, { maxKeys: 2 }),
          fc.constantFrom({ "io.docker-iac.stack": "x" }, { "": "y" }, "a=b"),
        ),
        providerVersion: v(fc.constantFrom("3.6.2", "~> 3.6", ">= 3.0, < 4.0"), fc.constantFrom("latest", "3.6.x", "")),
        dockerHost: clean
          ? fc.constant(undefined)
          : v(
              fc.constant("unix:///var/run/docker.sock"),
              fc.constantFrom("tcp://host", "http://x:1", "TCP://h:1", "docker.sock"),
            ),
      },
      { requiredKeys: [] },
    ),
    network: fc.option(
      fc.record(
        {
          subnet: v(
            fc.constantFrom("172.28.0.0/24", "10.77.0.0/16"),
            fc.constantFrom(
              "172.28.0.1/24",
              "010.0.0.0/8",
              "fd00::/64",
              "172.28.0.0/31",
              "300.1.1.0/24",
              "127.0.0.0/24",
            ),
          ),
          internal: v(fc.boolean(), junk),
          networkName: clean ? fc.constant(undefined) : v(name, fc.constantFrom("a", "_x", "has space")),
          gateway: clean
            ? fc.constant(undefined)
            : fc.constantFrom("172.28.0.1", "172.28.0.0", "172.28.0.255", "172.28.0.01", undefined),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    healthcheck: fc
      .option(
        fc.record({
          kind: fc.constantFrom("command" as const, "shell" as const),
          command: v(
            fc.constantFrom(["true"], "true", ["sh", "-c", "test -n ${HOME}"], "test -n ${HOME}"),
            fc.oneof(fc.array(text, { maxLength: 2 }), text),
          ),
          options: fc.record(
            {
              intervalSeconds: v(goodSeconds, badSeconds),
              timeoutSeconds: v(goodSeconds, badSeconds),
              retries: v(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, -1, 1.5)),
              startPeriodSeconds: v(goodSeconds, badSeconds),
            },
            { requiredKeys: [] },
          ),
        }),
        { nil: undefined },
      )
      .map((h) =>
        h && clean
          ? {
              ...h,
              command:
                h.kind === "command"
                  ? Array.isArray(h.command)
                    ? h.command
                    : ["true"]
                  : typeof h.command === "string"
                    ? h.command
                    : "true",
            }
          : h,
      ),
    container: fc.record(
      {
        containerName: v(
          name.map((n) => `c-${n}`),
          fc.constantFrom("a", "_x", "has space"),
        ),
        command: v(fc.array(text, { minLength: 1, maxLength: 3 }), fc.array(sloppyText, { maxLength: 3 })),
        entrypoint: v(fc.array(text, { minLength: 1, maxLength: 2 }), fc.array(sloppyText, { maxLength: 2 })),
        environment: v(
          fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,6}$/), text, { maxKeys: 3 }),
          fc.dictionary(fc.string({ maxLength: 4 }), sloppyText, { maxKeys: 2 }),
        ),
        portForwards: v(
          fc.array(
            fc.record({
              containerPort: fc.integer({ min: 1, max: 65535 }),
              hostIp: fc.constantFrom("127.0.0.1", "::1", undefined),
            }),
            { maxLength: 2 },
          ),
          fc.array(
            fc.record(
              {
                containerPort: fc.oneof(fc.integer({ min: -1, max: 70000 }), junk),
                hostPort: fc.oneof(fc.integer({ min: 18150, max: 18159 }), junk),
                hostIp: fc.constantFrom("localhost", "${x}", "0.0.0.0"),
              },
              { requiredKeys: ["containerPort"] },
            ),
            { maxLength: 2 },
          ),
        ),
        memoryMiB: v(fc.integer({ min: 6, max: 4096 }), fc.constantFrom(5, 6.5, 8796093022208, NaN, "256")),
        cpuShares: v(fc.integer({ min: 2, max: 262144 }), fc.constantFrom(1, 262145, 100.5)),
        user: v(
          fc.constantFrom("10001:10001", "0", "0:1000", "root", "app", "1000"),
          fc.constantFrom("", "a b", "1:2:3"),
        ),
        workingDirectory: v(goodPath, badPath),
        hostname: v(
          fc.constantFrom("web-1", "x.y", "a".repeat(63)),
          fc.constantFrom("-bad", "a".repeat(70), "a_b", ""),
        ),
        labels: v(
          fc.dictionary(fc.stringMatching(/^[a-z][a-z.]{0,6}$/), text, { maxKeys: 2 }),
          fc.constantFrom({ "io.docker-iac.cis-waiver.5.12": " " }, { k: 1 }),
        ),
        restartPolicy: v(
          fc.constantFrom(RestartPolicy.NO, RestartPolicy.ALWAYS, RestartPolicy.UNLESS_STOPPED),
          fc.constantFrom("sometimes"),
        ),
        stopTimeoutSeconds: v(fc.integer({ min: 0, max: 60 }), fc.constantFrom(-1, 1e10, 1.5)),
        tmpfs: v(
          fc.dictionary(
            fc.constantFrom("/run", "/var/tmp", "/scratch"),
            fc.constantFrom("rw,size=8m", "rw,noexec,size=1m"),
            { maxKeys: 2 },
          ),
          fc.dictionary(badPath, fc.constantFrom("", "${x}"), { maxKeys: 2 }),
        ),
        capabilities: v(
          fc.array(fc.constantFrom("NET_BIND_SERVICE", "CHOWN"), { maxLength: 2 }).map((c) => [...new Set(c)]),
          fc.array(fc.constantFrom("CAP_KILL", "bogus"), { maxLength: 2 }),
        ),
        readOnlyRootFilesystem: v(fc.boolean(), junk),
        privileged: v(fc.boolean(), junk),
        mustRun: v(fc.constant(true), junk),
        // Runtime options (issue 10): typed settings Docker checks at create time.
        ulimits: v(
          fc.constantFrom([{ name: "nofile", soft: 1024, hard: 2048 }]),
          fc.constantFrom(
            [{ name: "nofile", soft: 4, hard: 2 }],
            [{ name: "bogus", soft: 1, hard: 1 }],
            [null],
            "nofile=1",
          ),
        ),
        stopSignal: v(fc.constantFrom("SIGTERM", "SIGINT"), fc.constantFrom("SIGBOGUS", "", 15)),
        init: v(fc.boolean(), junk),
        shmSizeMiB: v(fc.integer({ min: 1, max: 512 }), fc.constantFrom(0, 1.5, "64")),
        extraHosts: v(
          fc.constantFrom({ "db.internal": "10.0.0.2" }, { "gw.internal": "host-gateway" }),
          fc.constantFrom({ "bad host": "1.2.3.4" }, { db: "not-an-ip" }),
        ),
        dns: v(fc.constantFrom(["192.0.2.53"]), fc.constantFrom(["dns.example"], "1.1.1.1")),
        dnsSearch: v(fc.constantFrom(["example.internal"]), fc.constantFrom(["bad domain"])),
        logging: v(
          fc.constantFrom({ driver: "json-file", options: { "max-size": "1m" } }),
          fc.constantFrom({ driver: "" }, { driver: 5 }, { options: {} }),
        ),
        tty: v(fc.boolean(), junk),
        cpuLimit: v(fc.constantFrom(0.5, 1, 2), fc.constantFrom(0, -1, 0.001, "1")),
      },
      { requiredKeys: [] },
    ),
    volumeMounts: fc.uniqueArray(
      fc.record({
        path: containerPath,
        named: fc.option(v(name, fc.constantFrom("/var/run/docker.sock", "a", "my data")), { nil: undefined }),
      }),
      { maxLength: 2, selector: (m) => m.path },
    ),
    hostMounts: fc.uniqueArray(
      fc.record({
        hostPath: clean
          ? fc.constantFrom("/srv/data", "/home/app", "/opt/app")
          : fc.constantFrom(
              "/srv/data",
              "/var/run/docker.sock",
              "/run/user/1000",
              "/etc",
              "relative",
              "/srv/a:b",
              "/srv/../proc",
            ),
        containerPath: clean ? fc.constantFrom("/host-a", "/host-b") : fc.oneof(goodPath, badPath),
      }),
      { maxLength: 2, selector: (m) => m.containerPath },
    ),
    immutableImage: fc.boolean(),
  });
}

export const randomDefinition: fc.Arbitrary<RandomDefinition> = fc.oneof(definition(true), definition(false));
/** Only definitions that must synth: for the terraform validate sample. */
export const cleanDefinition: fc.Arbitrary<RandomDefinition> = definition(true);

const BASIC_CONTEXT = path.join(__dirname, "fixtures", "contexts", "basic");

/** Builds the definition into the app: one stack "prop" with everything in it. */
export function defineRandom(app: DockerApp, d: RandomDefinition): DockerStack {
  const stack = new DockerStack(app, "prop", d.stack as never);
  const image = d.immutableImage
    ? new ImmutableImage(stack, "Image", { context: BASIC_CONTEXT })
    : new RegistryImage(stack, "Image", { reference: "busybox:1.37.0" });
  const network = d.network ? new BridgeNetwork(stack, "Net", d.network as never) : undefined;
  const healthcheck = d.healthcheck
    ? d.healthcheck.kind === "command"
      ? Healthcheck.fromCommand(d.healthcheck.command as never, d.healthcheck.options as never)
      : Healthcheck.fromShell(d.healthcheck.command as never, d.healthcheck.options as never)
    : undefined;
  const container = new Container(stack, "Web", { ...(d.container as object), image, network, healthcheck } as never);
  d.volumeMounts.forEach((m, i) => {
    const volume = m.named === undefined ? new Volume(stack, `Vol${i}`) : Volume.fromVolumeName(m.named as never);
    container.mountVolume(m.path as never, volume);
  });
  d.hostMounts.forEach((m) => container.mountHostPath(m.containerPath as never, m.hostPath as never));
  if (network === undefined && Math.abs(Object.keys(d.container).length % 2) === 1)
    container.joinNetwork(Network.fromNetworkName("shared-net"));
  return stack;
}
