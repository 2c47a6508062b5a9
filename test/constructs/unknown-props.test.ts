import {
  Container,
  DockerApp,
  DockerHost,
  DockerStack,
  ErrorCode,
  GeneratedSecret,
  Healthcheck,
  ImmutableImage,
  OverlayNetwork,
  RegistryImage,
  SwarmConfig,
  SwarmSecret,
  SwarmService,
  Volume,
  BridgeNetwork,
  auditStack,
  formatAudit,
  interpolate,
  parseEnvFile,
} from "../../constructs";
import { closestKey, editDistance } from "../../constructs/private/validation/known-props";
import { expectDefinitionError, testStack } from "../helpers";
import { FIXTURE_CONTEXTS, pinnedImage } from "./support";

// Any key typed as a prop: the table passes misspelled keys on purpose.
type Loose = Record<string, unknown>;
const loose = <T>(o: Loose): T => o as T;

/**
 * One row per props or options object the library takes: the entry point, a misspelled
 * (or renamed) key, and the start of the message it must give. Every row also asserts
 * the code, UnknownProp.
 */
const rows: [string, (bad: Loose) => unknown, string, string][] = [
  [
    "ContainerProps",
    (bad) => {
      const s = testStack();
      new Container(s, "Web", loose({ image: pinnedImage(s), ...bad }));
    },
    "enviroment",
    "[test/Web] unknown prop 'enviroment' in ContainerProps. Fix: use environment (UnknownProp)",
  ],
  [
    "ContainerProps (renamed)",
    (bad) => {
      const s = testStack();
      new Container(s, "Web", loose({ image: pinnedImage(s), ...bad }));
    },
    "name",
    "unknown prop 'name' in ContainerProps. Fix: use containerName (the Docker name; renamed from name)",
  ],
  [
    "ContainerProps (case)",
    (bad) => {
      const s = testStack();
      new Container(s, "Web", loose({ image: pinnedImage(s), ...bad }));
    },
    "memoryMib",
    "Fix: use memoryMiB (UnknownProp)",
  ],
  [
    "RuntimeOptions",
    (bad) => {
      const s = testStack();
      new Container(s, "Web", loose({ image: pinnedImage(s), ...bad }));
    },
    "stopSignl",
    "in ContainerProps. Fix: use stopSignal",
  ],
  [
    "PortForwardOptions (prop)",
    (bad) => {
      const s = testStack();
      new Container(s, "Web", { image: pinnedImage(s), portForwards: [loose({ containerPort: 80, ...bad })] });
    },
    "hostPor",
    "[test/Web] unknown prop 'hostPor' in portForwards[0] (PortForwardOptions). Fix: use hostPort",
  ],
  [
    "PortForwardOptions (addPortForward)",
    (bad) => {
      const s = testStack();
      new Container(s, "Web", { image: pinnedImage(s) }).addPortForward(80, loose(bad));
    },
    "hostPor",
    "[test/Web] unknown prop 'hostPor' in PortForwardOptions. Fix: use hostPort",
  ],
  [
    "NetworkAttachmentOptions (prop)",
    (bad) => {
      const s = testStack();
      new Container(s, "Web", { image: pinnedImage(s), networkOptions: loose(bad) });
    },
    "alias",
    "in networkOptions (NetworkAttachmentOptions). Fix: use aliases",
  ],
  [
    "NetworkAttachmentOptions (joinNetwork)",
    (bad) => {
      const s = testStack();
      new Container(s, "Web", { image: pinnedImage(s) }).joinNetwork(new BridgeNetwork(s, "Net"), loose(bad));
    },
    "ipv4Adress",
    "in NetworkAttachmentOptions. Fix: use ipv4Address",
  ],
  [
    "VolumeMountOptions",
    (bad) => {
      const s = testStack();
      new Container(s, "Web", { image: pinnedImage(s) }).mountVolume("/data", new Volume(s, "Data"), loose(bad));
    },
    "readonly",
    "in VolumeMountOptions. Fix: use readOnly",
  ],
  [
    "HostPathMountOptions",
    (bad) => {
      const s = testStack();
      new Container(s, "Web", { image: pinnedImage(s) }).mountHostPath("/data", "/srv/data", loose(bad));
    },
    "allowSensitve",
    "in HostPathMountOptions. Fix: use allowSensitive",
  ],
  [
    "ContainerDependency",
    (bad) => {
      const s = testStack();
      const db = new Container(s, "Db", { image: pinnedImage(s) });
      new Container(s, "Web", { image: db.image, dependsOn: [loose({ container: db, ...bad })] });
    },
    "conditon",
    "in dependsOn[0] (ContainerDependency). Fix: use condition",
  ],
  [
    "Ulimit",
    (bad) => {
      const s = testStack();
      new Container(s, "Web", {
        image: pinnedImage(s),
        ulimits: [loose({ name: "nofile", soft: 1, hard: 1, ...bad })],
      });
    },
    "sfot",
    "in ulimits[0] (Ulimit). Fix: use soft",
  ],
  [
    "DeviceMapping",
    (bad) => {
      const s = testStack();
      new Container(s, "Web", { image: pinnedImage(s), devices: [loose({ hostPath: "/dev/fuse", ...bad })] });
    },
    "permission",
    "in devices[0] (DeviceMapping). Fix: use permissions",
  ],
  [
    "LoggingOptions",
    (bad) => {
      const s = testStack();
      new Container(s, "Web", { image: pinnedImage(s), logging: loose({ driver: "json-file", ...bad }) });
    },
    "option",
    "in logging (LoggingOptions). Fix: use options",
  ],
  [
    "HealthcheckOptions (fromShell)",
    (bad) => Healthcheck.fromShell("true", loose(bad)),
    "interval",
    "[Healthcheck.fromShell] unknown prop 'interval' in HealthcheckOptions. Fix: use intervalSeconds (the unit is in the name)",
  ],
  [
    "HealthcheckOptions (fromCommand)",
    (bad) => Healthcheck.fromCommand(["true"], loose(bad)),
    "retires",
    "[Healthcheck.fromCommand] unknown prop 'retires' in HealthcheckOptions. Fix: use retries",
  ],
  [
    "DockerAppProps",
    (bad) => new DockerApp(loose({ reportErrors: false, ...bad })),
    "strictAduit",
    "[new DockerApp] unknown prop 'strictAduit' in DockerAppProps. Fix: use strictAudit",
  ],
  [
    "DockerAppProps (cdktf AppConfig)",
    (bad) => new DockerApp(loose({ reportErrors: false, ...bad })),
    "outDir",
    "in DockerAppProps. Fix: use outdir",
  ],
  [
    "DockerStackProps",
    (bad) => new DockerStack(new DockerApp({ reportErrors: false }), "app", loose(bad)),
    "namePrefx",
    "[app] unknown prop 'namePrefx' in DockerStackProps. Fix: use namePrefix",
  ],
  [
    "DockerHostProps",
    (bad) => new DockerHost(testStack(), "Host", loose(bad)),
    "hots",
    "[test/Host] unknown prop 'hots' in DockerHostProps. Fix: use host",
  ],
  [
    "RegistryImageProps",
    (bad) => new RegistryImage(testStack(), "Image", loose({ reference: "busybox:1.37.0", ...bad })),
    "keepLocaly",
    "in RegistryImageProps. Fix: use keepLocally",
  ],
  [
    "ImmutableImageProps",
    (bad) => new ImmutableImage(testStack(), "Image", loose({ context: `${FIXTURE_CONTEXTS}/basic`, ...bad })),
    "dockerFile",
    "in ImmutableImageProps. Fix: use dockerfile",
  ],
  [
    "BridgeNetworkProps",
    (bad) => new BridgeNetwork(testStack(), "Net", loose(bad)),
    "name",
    "[test/Net] unknown prop 'name' in BridgeNetworkProps. Fix: use networkName (the Docker name; renamed from name)",
  ],
  [
    "OverlayNetworkProps",
    (bad) => new OverlayNetwork(testStack(), "Mesh", loose(bad)),
    "encrypt",
    "in OverlayNetworkProps. Fix: use encrypted",
  ],
  [
    "VolumeProps",
    (bad) => new Volume(testStack(), "Data", loose(bad)),
    "name",
    "[test/Data] unknown prop 'name' in VolumeProps. Fix: use volumeName (the Docker name; renamed from name)",
  ],
  [
    "GeneratedSecretProps",
    (bad) => new GeneratedSecret(testStack(), "Key", loose(bad)),
    "length",
    "[test/Key] unknown prop 'length' in GeneratedSecretProps. Fix: remove it; GeneratedSecretProps has directory, bytes",
  ],
  [
    "SwarmServiceProps",
    (bad) => {
      const s = testStack();
      new SwarmService(s, "Api", loose({ image: pinnedImage(s), ...bad }));
    },
    "name",
    "[test/Api] unknown prop 'name' in SwarmServiceProps. Fix: use serviceName (the Docker name; renamed from name)",
  ],
  [
    "SwarmServiceProps (typo)",
    (bad) => {
      const s = testStack();
      new SwarmService(s, "Api", loose({ image: pinnedImage(s), ...bad }));
    },
    "replica",
    "in SwarmServiceProps. Fix: use replicas",
  ],
  [
    "UpdatePolicy",
    (bad) => {
      const s = testStack();
      new SwarmService(s, "Api", { image: pinnedImage(s), updatePolicy: loose(bad) });
    },
    "delay",
    "in updatePolicy (UpdatePolicy). Fix: use delaySeconds (the unit is in the name)",
  ],
  [
    "UpdatePolicy (rollback)",
    (bad) => {
      const s = testStack();
      new SwarmService(s, "Api", { image: pinnedImage(s), rollbackPolicy: loose(bad) });
    },
    "oder",
    "in rollbackPolicy (UpdatePolicy). Fix: use order",
  ],
  [
    "PublishedPortOptions (prop)",
    (bad) => {
      const s = testStack();
      new SwarmService(s, "Api", { image: pinnedImage(s), ports: [loose({ targetPort: 80, ...bad })] });
    },
    "targetPrt",
    "in ports[0] (PublishedPortOptions). Fix: use targetPort",
  ],
  [
    "PublishedPortOptions (publishPort)",
    (bad) => {
      const s = testStack();
      new SwarmService(s, "Api", { image: pinnedImage(s) }).publishPort(80, loose(bad));
    },
    "publishPort",
    "in PublishedPortOptions. Fix: use publishedPort",
  ],
  [
    "SwarmService.joinNetwork options",
    (bad) => {
      const s = testStack();
      new SwarmService(s, "Api", { image: pinnedImage(s) }).joinNetwork(new OverlayNetwork(s, "Mesh"), loose(bad));
    },
    "alias",
    "in joinNetwork options. Fix: use aliases",
  ],
  [
    "SwarmService.mountVolume options",
    (bad) => {
      const s = testStack();
      new SwarmService(s, "Api", { image: pinnedImage(s) }).mountVolume("/data", new Volume(s, "Data"), loose(bad));
    },
    "readonly",
    "in VolumeMountOptions. Fix: use readOnly",
  ],
  [
    "SwarmFileOptions",
    (bad) => {
      const s = testStack();
      new SwarmService(s, "Api", { image: pinnedImage(s) }).mountSecret(
        "key",
        new SwarmSecret(s, "Key", { value: "x" }),
        loose(bad),
      );
    },
    "ui",
    "in SwarmFileOptions. Fix: use uid",
  ],
  [
    "SwarmSecretProps",
    (bad) => new SwarmSecret(testStack(), "Key", loose({ value: "x", ...bad })),
    "baseName",
    "[test/Key] unknown prop 'baseName' in SwarmSecretProps. Fix: use secretNamePrefix (renamed from baseName)",
  ],
  [
    "SwarmConfigProps",
    (bad) => new SwarmConfig(testStack(), "Conf", loose({ content: "x", ...bad })),
    "baseName",
    "[test/Conf] unknown prop 'baseName' in SwarmConfigProps. Fix: use configNamePrefix (renamed from baseName)",
  ],
  [
    "EnvFileOptions",
    (bad) => parseEnvFile("A=1\n", loose(bad)),
    "lookUp",
    "[parseEnvFile] unknown prop 'lookUp' in EnvFileOptions. Fix: use lookup",
  ],
  [
    "formatAudit options",
    (bad) => formatAudit(auditStack(testStack()), loose(bad)),
    "onlyFailure",
    "[formatAudit] unknown prop 'onlyFailure' in formatAudit options. Fix: use onlyFailures",
  ],
  [
    "InterpolationOptions",
    (bad) => interpolate("$A", loose({ lookup: () => "1", ...bad })),
    "onUnsett",
    "[interpolate] unknown prop 'onUnsett' in InterpolationOptions. Fix: use onUnset",
  ],
];

describe("unknown props are refused, with the closest known prop", () => {
  test.each(rows)("%s", (_type, define, key, message) => {
    expectDefinitionError(() => define({ [key]: 1 }), ErrorCode.UNKNOWN_PROP, message);
  });

  test.each(rows)(
    "%s: the same key with the value undefined is refused too, as TypeScript refuses it",
    (_type, define, key) => {
      expectDefinitionError(() => define({ [key]: undefined }), ErrorCode.UNKNOWN_PROP, `unknown prop '${key}'`);
    },
  );

  test("known props with the value undefined are fine", () => {
    const s = testStack();
    expect(
      () => new Container(s, "Web", { image: pinnedImage(s), containerName: undefined, environment: undefined }),
    ).not.toThrow();
    expect(() => Healthcheck.fromShell("true", { intervalSeconds: undefined })).not.toThrow();
  });

  test("a key far from every prop gets no guess; a long props type points to the reference", () => {
    const s = testStack();
    expectDefinitionError(
      () => new Container(s, "Web", loose({ image: pinnedImage(s), somethingElse: 1 })),
      ErrorCode.UNKNOWN_PROP,
      "[test/Web] unknown prop 'somethingElse' in ContainerProps. Fix: remove it; the ContainerProps reference (docs/api) lists every prop (UnknownProp)",
    );
  });

  test("the unknown key is checked before any other prop", () => {
    const s = testStack();
    expectDefinitionError(
      () => new Container(s, "Web", loose({ image: pinnedImage(s), memoryMiB: -1, portForward: [] })),
      ErrorCode.UNKNOWN_PROP,
      "use portForwards",
    );
  });
});

describe("closest known prop", () => {
  test("Damerau-Levenshtein distance: a swap of neighbours costs 1", () => {
    expect(editDistance("hostPort", "hostProt")).toBe(1);
    expect(editDistance("enviroment", "environment")).toBe(1);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  test("at most 2 edits, ignoring case; the nearest wins", () => {
    expect(closestKey("memoryMib", ["memoryMiB", "cpuShares"])).toBe("memoryMiB");
    expect(closestKey("imgae", ["image", "init"])).toBe("image");
    expect(closestKey("labelz", ["labels", "label2x"])).toBe("labels");
    expect(closestKey("xyz", ["image", "user"])).toBeUndefined();
    expect(closestKey("ab", ["user"])).toBeUndefined();
  });
});

describe("a subclass passes its own wider props through", () => {
  interface TeamStackProps {
    readonly team: string;
    readonly namePrefix?: string;
  }
  class TeamStack extends DockerStack {
    constructor(scope: DockerApp, id: string, props: TeamStackProps) {
      super(scope, id, props);
    }
  }

  test("its extra keys are its own, not unknown", () => {
    expect(
      () => new TeamStack(new DockerApp({ reportErrors: false }), "team", { team: "payments", namePrefix: "pay" }),
    ).not.toThrow();
  });

  test("the same key on the library class itself is refused", () => {
    expectDefinitionError(
      () => new DockerStack(new DockerApp({ reportErrors: false }), "team", loose({ team: "payments" })),
      ErrorCode.UNKNOWN_PROP,
      "[team] unknown prop 'team' in DockerStackProps",
    );
  });
});
