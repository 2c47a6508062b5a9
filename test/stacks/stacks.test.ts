import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing, TerraformStack } from "cdktf";
import { DockerApp } from "../../constructs";
import { defineStacks } from "../../stacks/app";
import { testApp } from "../helpers";

/** All example stacks, synthesized once for the whole file. */
function synthAll(context: Record<string, unknown> = {}): Map<string, string> {
  const app = testApp(context);
  defineStacks(app);
  const stacks = app.node.children.filter(TerraformStack.isStack);
  return new Map(stacks.map((s) => [s.node.id, Testing.synth(s, true)]));
}

const synthesized = synthAll();
const STACK_NAMES = [...synthesized.keys()];

/** Stack names in the README's stack table: rows that start with | `name` |. */
function readmeStacks(): string[] {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  return [...readme.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
}

describe("example stacks", () => {
  test("the app defines exactly the stacks the README lists", () => {
    expect(STACK_NAMES).toEqual(readmeStacks());
  });

  test.each(STACK_NAMES)("%s matches its snapshot", (name) => {
    expect(synthesized.get(name)).toMatchSnapshot();
  });

  test.each(STACK_NAMES)("%s is deterministic and machine-independent", (name) => {
    const again = synthAll().get(name)!;
    expect(again).toBe(synthesized.get(name));
    // The repo checkout, the staged build contexts and the home folder differ per machine.
    for (const machineSpecific of [process.cwd(), path.join(os.tmpdir(), "docker-iac"), `${os.homedir()}/`]) {
      expect(again).not.toContain(machineSpecific);
    }
    expect(again).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/); // no timestamps
  });

  test("every container of every stack passes the CIS audit (waivers carry a reason)", () => {
    const app = testApp({ strictAudit: true });
    defineStacks(app);
    expect(app.findProblems()).toEqual([]);
  });

  test("the base image comes from cdktf context", () => {
    const local = synthAll({ baseImage: "docker-iac/busybox:local" }).get("hello")!;
    expect(local).toContain('"BASE_IMAGE": "docker-iac/busybox:local"');
    expect(synthesized.get("hello")).toContain('"BASE_IMAGE": "busybox:1.37.0"');
  });

  test("a name prefix and labels from context make a run's objects unique", () => {
    const json = JSON.parse(
      synthAll({ namePrefix: "run7", labels: { "io.docker-iac.test-run": "run7" } }).get("bridge")!,
    );
    const names = Object.values<{ name: string }>(json.resource.docker_container)
      .map((c) => c.name)
      .sort();
    expect(names).toEqual(["run7-bridge-back", "run7-bridge-front"]);
    const network = Object.values<{ labels: { label: string; value: string }[] }>(json.resource.docker_network)[0];
    expect(network.labels).toEqual([
      { label: "io.docker-iac.stack", value: "run7-bridge" },
      { label: "io.docker-iac.test-run", value: "run7" },
    ]);
  });

  test("the two environments come from one class with different ports and names", () => {
    const dev = JSON.parse(synthesized.get("env-dev")!);
    const staging = JSON.parse(synthesized.get("env-staging")!);
    const [devWeb] = Object.values<any>(dev.resource.docker_container); // eslint-disable-line @typescript-eslint/no-explicit-any
    const [stagingWeb] = Object.values<any>(staging.resource.docker_container); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect([devWeb.name, stagingWeb.name]).toEqual(["env-dev-web", "env-staging-web"]);
    expect([devWeb.ports[0].external, stagingWeb.ports[0].external]).toEqual([18110, 18111]);
    expect([devWeb.env, stagingWeb.env]).toEqual([["APP_ENV=dev"], ["APP_ENV=staging"]]);
  });

  test("a full synth writes every stack folder with its build context inside", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-synth-"));
    const app = new DockerApp({ outdir });
    defineStacks(app);
    app.synth();
    for (const name of STACK_NAMES) {
      const stackDir = path.join(outdir, "stacks", name);
      const tf = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
      const images = Object.values<{ build?: { context: string; dockerfile: string } }>(tf.resource.docker_image);
      for (const image of images.filter(
        (i): i is { build: { context: string; dockerfile: string } } => i.build !== undefined,
      )) {
        // pulled images have no build
        expect(fs.existsSync(path.join(stackDir, image.build.context, image.build.dockerfile))).toBe(true);
        expect(fs.existsSync(path.join(stackDir, image.build.context, "README.md"))).toBe(false); // .dockerignore honoured
      }
    }
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
