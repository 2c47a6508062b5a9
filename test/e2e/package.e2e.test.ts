import * as fs from "fs";
import * as path from "path";
import { docker, httpGet, inspect } from "./docker";
import { InstalledPackageProject, PACKAGE_NAME } from "./installed-package";
import { requireToolchainOrExplain } from "./toolchain";

// A user's whole app, in plain JavaScript, against the installed tarball only.
const USER_APP = `
const { TerraformOutput } = require("cdktf");
const { BridgeNetwork, Container, DockerApp, DockerStack, ImmutableImage, Volume } = require("${PACKAGE_NAME}");

class SiteStack extends DockerStack {
  constructor(scope, id) {
    super(scope, id);
    const image = new ImmutableImage(this, "Site", {
      context: __dirname + "/site",
      buildArgs: { BASE_IMAGE: this.node.tryGetContext("baseImage") || "busybox:1.37.0" },
    });
    const network = new BridgeNetwork(this, "Front");
    const data = new Volume(this, "Data");
    const web = new Container(this, "Web", {
      image,
      network,
      volumes: { "/data": data },
      portForwards: [{ containerPort: 8080, hostPort: 18160 }],
    });
    // The escape hatch: the provider resource, overridden where the construct has no prop.
    web.resource.addOverride("stop_signal", "SIGTERM");
    new TerraformOutput(this, "container", { value: web.containerName });
  }
}

const app = new DockerApp();
new SiteStack(app, "pkg");
app.synth();
`;

const USER_TYPES = `
import { Container, DockerApp, DockerStack, RegistryImage, Network, NetworkMode } from "${PACKAGE_NAME}";
const stack = new DockerStack(new DockerApp({ reportErrors: false }), "typed");
const image = new RegistryImage(stack, "Img", { reference: "busybox:1.37.0" });
const c: Container = new Container(stack, "Job", { image, network: Network.NONE, mustRun: false });
const mode: NetworkMode = c.networkMode;
export { mode };
`;

describe(`the packed ${PACKAGE_NAME} package, installed into a fresh project`, () => {
  const project = new InstalledPackageProject();
  const dockerReady = requireToolchainOrExplain();
  // Off CI without Docker the deploy is skipped with the reason printed (it throws on CI).
  const testWithDocker = dockerReady ? test : test.skip;

  beforeAll(() => {
    project.install();
    project.write("main.js", USER_APP);
    project.write("typed.ts", USER_TYPES);
    project.write(
      "cdktf.json",
      JSON.stringify({ language: "typescript", app: "node main.js", sendCrashReports: "false" }),
    );
    project.write(
      "site/Dockerfile",
      'ARG BASE_IMAGE=busybox:1.37.0\nFROM ${BASE_IMAGE}\nCOPY www/ /www/\nUSER 10001:10001\nCMD ["httpd", "-f", "-p", "8080", "-h", "/www"]\n',
    );
    project.write("site/www/index.html", "served from the installed package\n");
  });
  afterAll(() => project.cleanUp(dockerReady));

  test("the tarball holds the compiled library, its types, the docker-iac command and the documents its README links to; nothing else of the repo", () => {
    const files = project.mustRun("tar", ["-tzf", project.tarball]).output.split("\n").filter(Boolean).sort();
    expect(files).toContain("package/dist/constructs/index.js");
    expect(files).toContain("package/dist/constructs/index.d.ts");
    expect(files).toContain("package/dist/tools/cli/main.js");
    expect(files).toEqual(
      expect.arrayContaining([
        "package/LICENSE",
        "package/CHANGELOG.md",
        "package/docs/constructs.md",
        "package/examples/hello/README.md",
      ]),
    );
    const shipped =
      /^package\/(dist\/constructs\/.*\.(js|d\.ts)|dist\/tools\/.*\.js|dist\/tools\/cli\/import\/schema\/[^/]+|package\.json|README\.md|LICENSE|CHANGELOG\.md|docs\/.*\.md|examples\/[^/]+\/README\.md)$/;
    expect(files.filter((f) => !shipped.test(f))).toEqual([]);
  });

  test("require() gives the public API and only that", () => {
    const keys = JSON.parse(
      project.mustRun("node", ["-e", `console.log(JSON.stringify(Object.keys(require("${PACKAGE_NAME}")).sort()))`])
        .output,
    );
    for (const name of [
      "DockerApp",
      "DockerStack",
      "Container",
      "RegistryImage",
      "ImmutableImage",
      "BridgeNetwork",
      "Network",
      "Volume",
      "Healthcheck",
      "auditStack",
    ]) {
      expect(keys).toContain(name);
    }
    // Helpers between constructs are not part of the API.
    for (const internal of [
      "invalid",
      "warn",
      "literal",
      "checkEngine",
      "makePortForward",
      "kebab",
      "labelBlocks",
      "parseCidr",
    ]) {
      expect(keys).not.toContain(internal);
    }
  });

  test("deep imports are closed by the exports map", () => {
    const result = project.run("node", ["-e", `require("${PACKAGE_NAME}/dist/constructs/errors")`]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  test("the .d.ts files type-check a user's TypeScript", () => {
    const tsc = path.resolve(__dirname, "..", "..", "node_modules", ".bin", "tsc");
    const result = project.run(tsc, [
      "--noEmit",
      "--strict",
      "--skipLibCheck",
      "--target",
      "es2022",
      "--module",
      "node16",
      "--moduleResolution",
      "node16",
      "typed.ts",
    ]);
    expect(result.output.trim()).toBe("");
    expect(result.status).toBe(0);
  });

  test("the user's app synthesizes a stack", () => {
    project.mustRun("node", ["main.js"]);
    const config = JSON.parse(
      fs.readFileSync(path.join(project.dir, "cdktf.out", "stacks", "pkg", "cdk.tf.json"), "utf8"),
    );
    const [web] = Object.values<Record<string, unknown>>(config.resource.docker_container);
    expect(web).toMatchObject({
      name: `${project.namePrefix}-pkg-web`,
      ports: [{ internal: 8080, external: 18160, ip: "127.0.0.1", protocol: "tcp" }],
      read_only: true,
      stop_signal: "SIGTERM",
    });
    expect(Object.keys(config.resource.docker_network)).toHaveLength(1);
    expect(Object.keys(config.resource.docker_volume)).toHaveLength(1);
  });

  testWithDocker("cdktf deploy from the installed package serves the page, destroy leaves nothing", async () => {
    project.cdktf("deploy", "pkg");
    expect(await httpGet("http://127.0.0.1:18160/", 80)).toContain("served from the installed package");
    const name = `${project.namePrefix}-pkg-web`;
    expect(inspect(name, "{{.Config.StopSignal}}")).toBe("SIGTERM");
    expect(Object.keys(JSON.parse(inspect(name, "{{json .NetworkSettings.Networks}}")))).toEqual([
      `${project.namePrefix}-pkg-front`,
    ]);

    project.cdktf("destroy", "pkg");
    const label = `io.docker-iac.stack=${project.namePrefix}-pkg`;
    expect(docker("ps", "-aq", "--filter", `label=${label}`)).toBe("");
    expect(docker("network", "ls", "-q", "--filter", `label=${label}`)).toBe("");
    expect(docker("volume", "ls", "-q", "--filter", `label=${label}`)).toBe("");
  });
});
