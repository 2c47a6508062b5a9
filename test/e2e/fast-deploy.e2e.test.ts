import * as fs from "fs";
import * as path from "path";
import { docker, httpGet, inspect } from "./docker";
import { requireToolchainOrExplain } from "./toolchain";
import { E2eWorkspace, execIn, providerVersion } from "./workspace";

// `npm run deploy`, the everyday path: it may skip the refresh only when the refresh could
// not have found anything. Each test drifts the deployed bridge or none stack one way by
// hand, then checks that the deploy takes the full path, says why, and heals (the next
// plan is empty and the stack works again). Tests run in order, as one story.
const ready = requireToolchainOrExplain();
const describeIf = ready ? describe : describe.skip;
const version = providerVersion();
const major = Number(version.split(".")[0]);
const BRIDGE_PORT = 18086;

describeIf(`npm run deploy on kreuzwerker/docker ${version}: fast when nothing drifted, full when anything did`, () => {
  let ws: E2eWorkspace;
  const name = (stack: string, child: string) => ws.name(stack, child);
  const containerId = (container: string) => docker("ps", "-a", "-q", "--no-trunc", "--filter", `name=^${container}$`);

  /** Deploys with npm run deploy and checks the full path was taken for `reason`, then that all is healed. */
  function expectFullPathHeals(stack: string, reason: RegExp): string {
    const out = ws.fastDeploy(stack).output;
    expect(out).toContain(`[deploy] ${stack}: full path (refresh + apply), because:`);
    expect(out).toMatch(reason);
    expect({ stack, plan: ws.plan(stack).status }).toEqual({ stack, plan: 0 });
    expect(ws.fastDeploy(stack).output).toContain(`[deploy] ${stack}: fast path`);
    return out;
  }

  async function frontAnswers(): Promise<void> {
    expect(await httpGet(`http://127.0.0.1:${BRIDGE_PORT}/cgi-bin/front`)).toContain("inventory: 42 widgets");
  }

  beforeAll(() => {
    ws = new E2eWorkspace();
    // The bridge example's own port (18085) is the bridge e2e file's, which may run at the same time.
    ws.withStackProps('new BridgeStack(app, "bridge")', `{ hostPort: ${BRIDGE_PORT} }`);
  });
  afterAll(() => ws?.cleanUp());

  test("the first deploy refreshes (no earlier deploy here), the second takes the fast path, and plans stay empty", async () => {
    const first = ws.fastDeploy("bridge", "none").output;
    for (const stack of ["bridge", "none"]) {
      expect(first).toContain(`[deploy] ${stack}: full path (refresh + apply), because:`);
    }
    expect(first).toContain("(state): no state file yet");
    const second = ws.fastDeploy("bridge", "none").output;
    // Nothing drifted and the plan run alongside the synth has no changes: no apply at all.
    expect(second).toMatch(
      /\[deploy\] bridge: fast path \(plan -refresh=false, no changes\): the engine matches the state \(\d+ objects inspected\)/,
    );
    expect(second).toContain("[deploy] none: fast path (plan -refresh=false, no changes)");
    expect(second).not.toContain("Refreshing state");
    expect(second).not.toContain("Apply complete");
    expect([ws.plan("bridge").status, ws.plan("none").status]).toEqual([0, 0]);
    await frontAnswers();
  });

  test("the synthesized configuration pins exactly the provider version this run uses, and Terraform installed that one", () => {
    const config = JSON.parse(fs.readFileSync(path.join(ws.stackDir("bridge"), "cdk.tf.json"), "utf8"));
    expect(config.terraform.required_providers.docker).toEqual({ source: "kreuzwerker/docker", version });
    const lock = fs.readFileSync(path.join(ws.stackDir("bridge"), ".terraform.lock.hcl"), "utf8");
    expect(lock).toMatch(
      new RegExp(
        `provider "registry.terraform.io/kreuzwerker/docker" \\{\\s+version\\s+= "${version.replace(/\./g, "\\.")}"`,
      ),
    );
  });

  test("cdktf deploy works on the same state, and npm run deploy after it is still right", () => {
    ws.deploy("bridge");
    expect(ws.plan("bridge").status).toBe(0);
    ws.fastDeploy("bridge");
    expect(ws.plan("bridge").status).toBe(0);
  });

  test("a container removed by hand: full path, recreated", async () => {
    docker("rm", "-f", name("bridge", "front"));
    expectFullPathHeals(
      "bridge",
      new RegExp(`container ${name("bridge", "front")} \\([0-9a-f]{12}\\) no longer exists`),
    );
    await frontAnswers();
  });

  test("a container stopped by hand: full path, running again", async () => {
    docker("stop", "-t", "0", name("bridge", "back"));
    expectFullPathHeals("bridge", new RegExp(`container ${name("bridge", "back")} is exited \\(must_run\\)`));
    expect(inspect(name("bridge", "back"), "{{.State.Running}}")).toBe("true");
    await frontAnswers();
  });

  test("a container changed in place (docker update): full path, the limits are back", () => {
    docker("update", "--cpu-shares", "256", "--restart", "always", name("bridge", "front"));
    expectFullPathHeals("bridge", /cpu_shares 256, state says 512/);
    expect(inspect(name("bridge", "front"), "{{.HostConfig.CpuShares}} {{.HostConfig.RestartPolicy.Name}}")).toBe(
      "512 unless-stopped",
    );
  });

  test("a container recreated by hand with another label: full path that names it; Terraform needs the name back, then heals", async () => {
    const front = name("bridge", "front");
    const image = inspect(front, "{{.Image}}");
    docker("rm", "-f", front);
    docker(
      "create",
      "--name",
      front,
      "--label",
      `io.docker-iac.e2e=${ws.runId}`,
      "--label",
      "io.docker-iac.stack=by-hand",
      image,
    );
    const failed = ws.tryFastDeploy("bridge");
    expect(failed.status).not.toBe(0);
    expect(failed.output).toContain("[deploy] bridge: full path (refresh + apply), because:");
    expect(failed.output).toMatch(
      new RegExp(`was replaced outside Terraform by [0-9a-f]{12}; remove that one \\(docker rm -f ${front}\\)`),
    );
    expect(failed.output).toMatch(/the replacement differs: .*label io\.docker-iac\.stack is "by-hand"/);
    expect(failed.output).toMatch(/The container name "\/[^"]+" is already in use/);
    docker("rm", "-f", front);
    // The failed apply saved the refreshed state: in doubt, the next deploy refreshes again.
    expectFullPathHeals("bridge", /\(state\): changed since the last successful apply here/);
    expect(inspect(front, '{{index .Config.Labels "io.docker-iac.stack"}}')).toBe(ws.stackLabel("bridge"));
    await frontAnswers();
  });

  test("a network removed by hand: full path, network and containers back, names resolve again", async () => {
    const network = name("bridge", "app-network");
    for (const tier of ["front", "back"]) docker("network", "disconnect", "-f", network, name("bridge", tier));
    docker("network", "rm", network);
    const out = expectFullPathHeals("bridge", new RegExp(`network ${network} \\([0-9a-f]{12}\\) no longer exists`));
    // The provider's refresh does not read a container's networks back: the deploy replaces them.
    expect(out).toMatch(
      /replacing docker_container\.Back_[0-9A-F]+: the provider's refresh does not read network attachments back/,
    );
    expect(inspect(network, "{{.Driver}}")).toBe("bridge");
    await frontAnswers();
  });

  test("a volume removed by hand: full path, the job runs again into a new volume", async () => {
    const job = name("none", "job");
    const volume = name("none", "results");
    docker("rm", "-f", job);
    docker("volume", "rm", volume);
    expectFullPathHeals("none", new RegExp(`volume ${volume} no longer exists`));
    for (let i = 0; i < 40 && inspect(job, "{{.State.Status}}") !== "exited"; i++)
      await new Promise((r) => setTimeout(r, 250));
    const base = process.env.DOCKER_IAC_BASE_IMAGE ?? "busybox:1.37.0";
    expect(
      docker("run", "--rm", "--network", "none", "-v", `${volume}:/out:ro`, base, "cat", "/out/result.txt"),
    ).toContain("sum 1..100: 5050");
  });

  test("a changed configuration takes the full path", () => {
    // The front's page source is part of its image's build context: a new image and container.
    const page = path.join(ws.dir, "examples", "bridge", "front");
    const file = fs
      .readdirSync(page, { recursive: true, withFileTypes: true })
      .find((f) => f.isFile() && f.name !== "Dockerfile");
    if (!file) throw new Error(`no source file in ${page}`);
    fs.appendFileSync(path.join(file.parentPath, file.name), "\n");
    expectFullPathHeals("bridge", /\(configuration\): changed since the last apply here/);
  });

  test("a plan with changes although nothing drifted (engine and state moved together, away from the configuration): it applies them", () => {
    // Contrived on purpose: `docker update` on the engine and the same values written into
    // the state by hand, lineage and serial kept. The drift check finds engine = state, the
    // configuration is the one last applied, so only Terraform's plan can tell: it must apply.
    const back = name("bridge", "back");
    docker("update", "--memory", "96m", "--memory-swap", "96m", back);
    const config = JSON.parse(fs.readFileSync(path.join(ws.stackDir("bridge"), "cdk.tf.json"), "utf8"));
    const stateFile = path.resolve(ws.stackDir("bridge"), config.terraform.backend.local.path);
    const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
    const resource = state.resources.find(
      (r: { type: string; instances: { attributes: { name: string } }[] }) =>
        r.type === "docker_container" && r.instances[0].attributes.name === back,
    );
    Object.assign(resource.instances[0].attributes, { memory: 96, memory_swap: 96 });
    fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));

    const out = ws.fastDeploy("bridge").output;
    expect(out).toContain("[deploy] bridge: fast path (apply -refresh=false): the engine matches the state");
    expect(out).toContain("the plan run alongside the synth has changes");
    expect(out).toMatch(/Apply complete! Resources: 0 added, 1 changed, 0 destroyed/);
    expect(inspect(back, "{{.HostConfig.Memory}}")).toBe(String(128 * 1024 * 1024));
    expect(ws.plan("bridge").status).toBe(0);
    expect(ws.fastDeploy("bridge").output).toContain("[deploy] bridge: fast path (plan -refresh=false, no changes)");
  });

  // Where the provider versions differ (docs/provider-versions.md), the test pins each.
  const stoppedBehaviour =
    major >= 4
      ? "4.x: plan keeps the stopped container and plans to start it (must_run false -> true); apply restarts that same container"
      : "3.6.2: refreshing deletes the stopped container during plan; plan and apply create a new one";
  test(`a container stopped by hand, seen by a plain terraform plan: ${stoppedBehaviour}`, async () => {
    const back = name("bridge", "back");
    const before = containerId(back);
    docker("stop", "-t", "0", back);
    const plan = ws.plan("bridge");
    expect(plan.status).toBe(2);
    if (major >= 4) {
      expect(containerId(back)).toBe(before);
      expect(inspect(back, "{{.State.Status}}")).toBe("exited");
      expect(plan.output).toMatch(/~ must_run\s+= false -> true/);
      ws.fastDeploy("bridge");
      expect(containerId(back)).toBe(before);
    } else {
      expect(containerId(back)).toBe("");
      expect(plan.output).toMatch(/# docker_container\.Back_[0-9A-F]+ will be created/);
      ws.fastDeploy("bridge");
      expect(containerId(back)).not.toBe(before);
    }
    expect(inspect(back, "{{.State.Running}}")).toBe("true");
    expect(ws.plan("bridge").status).toBe(0);
    expect(execIn(name("bridge", "front"), `nslookup ${back}`)).toContain(
      inspect(back, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"),
    );
  });

  test("a first deploy into a fresh output folder of a stack whose backend names its own state file: no trace, then the fast path", () => {
    // Before, the deploy looked for the state where the (missing) last synth put it, and
    // ended a successful apply with an ENOENT trace.
    ws.destroy("none");
    const stateFile = path.join(ws.dir, "state", "none.tfstate");
    const main = path.join(ws.dir, "stacks", "main.ts");
    fs.writeFileSync(
      main,
      fs
        .readFileSync(main, "utf8")
        .replace(
          "defineStacks(app);",
          `defineStacks(app);
new LocalBackend(app.node.findChild("none") as TerraformStack, { path: ${JSON.stringify(stateFile)} });`,
        )
        .replace(
          'import { DockerApp } from "docker-iac";',
          'import { LocalBackend, TerraformStack } from "cdktf";\nimport { DockerApp } from "docker-iac";',
        ),
    );
    fs.rmSync(path.join(ws.dir, "cdktf.out", "stacks", "none"), { recursive: true, force: true });
    const first = ws.fastDeploy("none").output;
    expect(first).toContain(`[deploy]   (backend): the state file is now ${stateFile}`);
    expect(first).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(stateFile)).toBe(true);
    expect(ws.fastDeploy("none").output).toContain("[deploy] none: fast path (plan -refresh=false, no changes)");
    expect(ws.plan("none").status).toBe(0);
  });

  test("destroy leaves nothing of either stack behind", () => {
    for (const stack of ["bridge", "none"]) {
      ws.destroy(stack);
      expect(ws.leftovers(stack)).toEqual([]);
    }
  });
});
