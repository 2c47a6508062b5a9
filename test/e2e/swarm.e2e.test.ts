import { Testing, TerraformStack } from "cdktf";
import { defineStacks } from "../../stacks/app";
import { docker } from "./docker";
import { LoadResult, requestLoop, rolledOut, script, SwarmWorkspace, waitFor } from "./swarm-support";
import { requireToolchainOrExplain } from "./toolchain";

const URL = "http://127.0.0.1:18130/cgi-bin/front";
const API_SOURCE = "examples/swarm/api/www";
// About 20 requests a second for the whole upgrade, loopback only, bounded in count and time.
const LOAD = { perSecond: 20, maxRequests: 4000, maxSeconds: 200 };

const ready = requireToolchainOrExplain();
const describeIf = ready ? describe : describe.skip;

/** Replicas of a service as `running/desired`. */
function replicas(service: string): string {
  return docker("service", "ls", "--filter", `name=${service}`, "--format", "{{.Name}} {{.Replicas}}")
    .split("\n").find((l) => l.startsWith(`${service} `))?.split(" ")[1] ?? "missing";
}

function runningTasks(service: string): string[] {
  return docker("service", "ps", service, "--filter", "desired-state=running", "--format", "{{.Name}} {{.CurrentState}}")
    .split("\n").filter((l) => / Running /.test(l)).map((l) => l.split(" ")[0]);
}

async function get(): Promise<string> {
  const response = await fetch(URL, { signal: AbortSignal.timeout(10_000) });
  return response.text();
}

/** `count` answers of the front (spread over the API tasks by DNS round robin). */
async function answers(count: number): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) bodies.push(await get());
  return bodies;
}

/**
 * Waits until Swarm says every listed service has rolled out, and logs how long that took after
 * the deploy returned: the provider's convergence wait can end while an old task still runs
 * (it counts running tasks, not tasks on the new spec), which CI once saw as an old API task
 * answering with the old secret right after a deploy.
 */
async function rollout(what: string, services: [string, number][]): Promise<void> {
  const seconds = await waitFor(`Swarm to roll out ${what}`, () => services.every(([s, n]) => rolledOut(s, n)), 90);
  if (seconds > 1) console.log(`${what}: Swarm finished the rollout ${seconds.toFixed(1)} s after the deploy returned`);
}

function report(what: string, load: LoadResult, deployMs: number): void {
  console.log(`${what}: ${load.sent} requests in ${load.seconds.toFixed(1)} s (deploy ${(deployMs / 1000).toFixed(1)} s), ${load.failed} failed; versions ${JSON.stringify(load.versions)}; tasks ${JSON.stringify(load.tasks)}`);
}

describeIf("swarm stack on a single-node swarm (the toolchain's engine)", () => {
  let ws: SwarmWorkspace;
  const api = () => ws.name("swarm", "api");

  beforeAll(() => {
    script("swarm.sh", "up");
    ws = new SwarmWorkspace();
    ws.deploy("swarm");
  });
  afterAll(() => {
    ws?.cleanUp();
    // Only leaves a swarm that swarm.sh itself initialised.
    script("swarm.sh", "down");
  });

  test("deploy: every replica runs and requests are spread over all three API tasks", async () => {
    expect(replicas(api())).toBe("3/3");
    expect(replicas(ws.name("swarm", "front"))).toBe("1/1");
    expect(replicas(ws.name("swarm", "db"))).toBe("1/1");
    const seen = new Set<string>();
    for (let i = 0; i < 60 && seen.size < 3; i++) {
      const body = await get();
      expect(body).toMatch(/^version: 1\.0\.0$/m);
      expect(body).toMatch(/^db: visits \d+$/m); // the API knew the DB password from the secret
      seen.add(/^task: (.*)$/m.exec(body)![1]);
    }
    expect([...seen].sort()).toEqual([1, 2, 3].map((slot) => `${api()}.${slot}`));
  });

  test("the synthesized configuration is valid Terraform and a second plan is empty", () => {
    const app = Testing.app({ context: ws.context() });
    defineStacks(app);
    const stack = app.node.children.find((c) => TerraformStack.isStack(c) && c.node.id === "swarm") as TerraformStack;
    expect(Testing.fullSynth(stack)).toBeValidTerraform();
    const plan = ws.plan("swarm");
    expect({ status: plan.status, output: plan.status === 0 ? "" : plan.output }).toEqual({ status: 0, output: "" });
  });

  test("the live services carry the hardened defaults Swarm can express", () => {
    const spec = JSON.parse(docker("service", "inspect", api(), "--format", "{{json .Spec.TaskTemplate}}"));
    expect({
      user: spec.ContainerSpec.User,
      readOnly: spec.ContainerSpec.ReadOnly,
      capDrop: spec.ContainerSpec.CapabilityDrop,
      memory: spec.Resources.Limits.MemoryBytes,
      restart: spec.RestartPolicy.Condition,
      attempts: spec.RestartPolicy.MaxAttempts,
      secret: spec.ContainerSpec.Secrets.map((s: { File: { Name: string; Mode: number } }) => [s.File.Name, s.File.Mode]),
    }).toEqual({
      user: "10001:10001", readOnly: true, capDrop: ["ALL"], memory: 128 * 1024 * 1024, restart: "on-failure", attempts: 5,
      secret: [["/run/secrets/db-password", 0o400]],
    });
    const update = JSON.parse(docker("service", "inspect", api(), "--format", "{{json .Spec.UpdateConfig}}"));
    expect({ order: update.Order, action: update.FailureAction }).toEqual({ order: "start-first", action: "rollback" });
  });

  test("rolling upgrade: a new version of the API's source rolls out with zero failed requests", async () => {
    ws.edit(`${API_SOURCE}/VERSION`, "2.0.0\n");
    let deployMs = 0;
    const deploy = ws.deployAsync("swarm").then((r) => {
      deployMs = r.ms;
      if (r.status !== 0) throw new Error(`deploy failed:\n${r.output.slice(-3000)}`);
    });
    const load = await requestLoop(URL, LOAD, deploy.catch(() => undefined));
    await deploy;
    report("rolling upgrade", load, deployMs);
    expect(load.failures).toEqual([]);
    expect(load.sent).toBeGreaterThan(100);
    expect(Object.keys(load.versions).sort()).toEqual(["1.0.0", "2.0.0"]);
    await rollout("the new API version", [[api(), 3]]);
    for (const body of await answers(6)) expect(body).toMatch(/^version: 2\.0\.0$/m);
    // The old tasks are being stopped a moment longer (after DNS stopped naming them).
    await waitFor("3/3 API replicas", () => replicas(api()) === "3/3", 60);
    expect(ws.plan("swarm").status).toBe(0);
  });

  test("broken version: its healthcheck fails, Swarm rolls back by itself, zero failed requests", async () => {
    const health = ws.read(`${API_SOURCE}/cgi-bin/health`);
    ws.edit(`${API_SOURCE}/VERSION`, "3.0.0-broken\n");
    ws.edit(`${API_SOURCE}/cgi-bin/health`, health.replace("echo ok", "echo broken"));
    try {
      let deployMs = 0;
      let deployOutput = "";
      const deploy = ws.deployAsync("swarm").then((r) => {
        deployMs = r.ms;
        deployOutput = r.output;
        return r.status;
      });
      const load = await requestLoop(URL, LOAD, deploy);
      const status = await deploy;
      report("broken version", load, deployMs);
      expect(load.failures).toEqual([]);
      expect(Object.keys(load.versions)).toEqual(["2.0.0"]);
      await waitFor("the rollback to complete", () => docker("service", "inspect", api(), "--format", "{{.UpdateStatus.State}}") === "rollback_completed", 90);
      expect(await get()).toMatch(/^version: 2\.0\.0$/m);
      if (status === 0) {
        // The provider's convergence check (3.6.2 and 4.5.0 alike) polls every 5 to 10 s and
        // counts running tasks; a poll that sees the old tasks running while Swarm has not yet
        // marked the update as rolling back ends the wait as a success (seen once in CI on
        // 4.5.0). Swarm still rolled back (checked above), and Terraform is not fooled for
        // long: the state holds the broken spec, so the next plan differs from what runs.
        console.log(`broken version: the deploy exited 0 (the provider's convergence race); its tail:\n${deployOutput.slice(-1500)}`);
        expect(ws.plan("swarm").status).toBe(2);
      } else {
        // The usual case: the deploy reports the rollback instead of pretending success.
        expect({ status, rolledBack: /service rollback completed/i.test(deployOutput) }).toEqual({ status: 1, rolledBack: true });
      }
    } finally {
      // Back to the working source: the code matches what runs again.
      ws.edit(`${API_SOURCE}/VERSION`, "2.0.0\n");
      ws.edit(`${API_SOURCE}/cgi-bin/health`, health);
    }
    ws.deploy("swarm");
    // Tasks replaced by the rollback and the redeploy keep running while they stop: wait until the engine counts 3.
    await waitFor("3/3 API replicas", () => replicas(api()) === "3/3" && runningTasks(api()).length === 3, 60);
    expect(ws.plan("swarm").status).toBe(0);
  });

  test("scale: 3 -> 5 replicas by changing code, an empty plan after each step", async () => {
    const app = ws.read("stacks/app.ts");
    ws.edit("stacks/app.ts", app.replace('new SwarmStack(app, "swarm")', 'new SwarmStack(app, "swarm", { apiReplicas: 5 })'));
    ws.deploy("swarm");
    // A task of an earlier update that is still stopping counts as running for a moment (CI once saw 6/5).
    await waitFor("5/5 API replicas", () => replicas(api()) === "5/5" && runningTasks(api()).length === 5, 60);
    expect(ws.plan("swarm").status).toBe(0);
    ws.edit("stacks/app.ts", app);
    ws.deploy("swarm");
    // The two removed tasks are stopped after they leave DNS: wait until the engine counts 3.
    await waitFor("3/3 API replicas", () => replicas(api()) === "3/3" && runningTasks(api()).length === 3, 60);
    expect(ws.plan("swarm").status).toBe(0);
  });

  test("secret rotation: a new password is a new secret; services move to it, the old one is removed", async () => {
    const before = docker("secret", "ls", "--filter", `label=io.docker-iac.stack=${ws.stackLabel("swarm")}`, "--format", "{{.Name}}");
    ws.writeSecret("rotated-password-" + ws.runId);
    ws.deploy("swarm");
    const after = docker("secret", "ls", "--filter", `label=io.docker-iac.stack=${ws.stackLabel("swarm")}`, "--format", "{{.Name}}");
    expect(after.split("\n")).toHaveLength(1);
    expect(after).not.toBe(before);
    expect(after).toMatch(new RegExp(`^${ws.name("swarm", "db-password")}-[0-9a-f]{12}$`));
    await rollout("the new secret", [[ws.name("swarm", "db"), 1], [api(), 3]]);
    // The API tasks and the DB all read the new password (six answers, spread over the tasks).
    for (const body of await answers(6)) expect(body).toMatch(/^db: visits \d+$/m);
    expect(ws.plan("swarm").status).toBe(0);
  });

  test("destroy leaves no service, secret, config or network of the stack", () => {
    ws.destroy("swarm");
    const prefix = ws.stackLabel("swarm");
    expect({
      services: docker("service", "ls", "--filter", `name=${prefix}-`, "-q"),
      secrets: docker("secret", "ls", "--filter", `name=${prefix}-`, "-q"),
      configs: docker("config", "ls", "--filter", `name=${prefix}-`, "-q"),
      networks: docker("network", "ls", "--filter", `label=io.docker-iac.stack=${prefix}`, "-q"),
      volumes: docker("volume", "ls", "--filter", `label=io.docker-iac.stack=${prefix}`, "-q"),
    }).toEqual({ services: "", secrets: "", configs: "", networks: "", volumes: "" });
  });
});
