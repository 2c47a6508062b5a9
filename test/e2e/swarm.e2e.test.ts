import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Testing, TerraformStack } from "cdktf";
import { DockerApp } from "docker-iac";
import { defineStacks } from "../../stacks/app";
import { SWARM_SECRET_FILES } from "../../stacks/swarm-stack";
import { docker } from "./docker";
import {
  type LoadResult,
  requestLoop,
  rolledOut,
  script,
  swarmFootprint,
  SwarmWorkspace,
  tasksRunning,
  waitFor,
} from "./swarm-support";
import { todoClient } from "./todo-client";
import { requireToolchainOrExplain } from "./toolchain";
import { toolchainCache } from "../../tools/dev/toolchain-env";

const BASE = "http://127.0.0.1:18130";
// The health page goes through the proxy and the API to PostgreSQL and Redis, and names its version.
const URL = `${BASE}/health`;
const API_SOURCE = "examples/todo/api";
// About 20 requests a second for the whole upgrade, loopback only, bounded in count and time.
const LOAD = { perSecond: 20, maxRequests: 4000, maxSeconds: 200 };

const ready = requireToolchainOrExplain();
const describeIf = ready ? describe : describe.skip;

/** Replicas of a service as `running/desired`. */
function replicas(service: string): string {
  return (
    docker("service", "ls", "--filter", `name=${service}`, "--format", "{{.Name}} {{.Replicas}}")
      .split("\n")
      .find((l) => l.startsWith(`${service} `))
      ?.split(" ")[1] ?? "missing"
  );
}

function runningTasks(service: string): string[] {
  return docker(
    "service",
    "ps",
    service,
    "--filter",
    "desired-state=running",
    "--format",
    "{{.Name}} {{.CurrentState}}",
  )
    .split("\n")
    .filter((l) => / Running /.test(l))
    .map((l) => l.split(" ")[0]);
}

/** What a person would look at when the app does not answer: the services and their last log lines. */
function diagnostics(ws: SwarmWorkspace): string {
  const lines = [docker("service", "ls", "--format", "{{.Name}} {{.Replicas}}")];
  for (const s of ["proxy", "api", "db", "cache"]) {
    lines.push(
      `--- ${ws.name("swarm", s)}`,
      docker("service", "ps", "--no-trunc", "--format", "{{.Name}} {{.CurrentState}} {{.Error}}", ws.name("swarm", s)),
    );
  }
  return lines.join("\n");
}

/** One health answer: its version and the task that served it (X-Served-By). */
async function health(): Promise<{ version: string; task: string | null }> {
  const response = await fetch(URL, { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json()) as { status: string; version: string };
  if (response.status !== 200 || body.status !== "ok")
    throw new Error(`health answered ${response.status} ${JSON.stringify(body)}`);
  return { version: body.version, task: response.headers.get("x-served-by") };
}

/** `count` health answers (spread over the API tasks by the proxy). */
async function answers(count: number): Promise<string[]> {
  const versions: string[] = [];
  for (let i = 0; i < count; i++) versions.push((await health()).version);
  return versions;
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

function report(what: string, load: LoadResult, deployMs: number, deployOutput: string): void {
  // What npm run deploy said of Swarm's rollout after the apply (how long it still waited).
  const swarm = deployOutput
    .split("\n")
    .filter((l) => /^\[deploy\] swarm: (waiting for Swarm|Swarm rolled out|service )/.test(l));
  console.log(
    `${what}: ${load.sent} requests in ${load.seconds.toFixed(1)} s (deploy ${(deployMs / 1000).toFixed(1)} s), ${load.failed} failed; versions ${JSON.stringify(load.versions)}; tasks ${JSON.stringify(load.tasks)}; the deploy said:\n${swarm.join("\n")}`,
  );
}

/** The running container of a service's task on this engine (the single-node swarm runs them all). */
function taskContainer(service: string): string {
  const ids = docker("ps", "-q", "--filter", `label=com.docker.swarm.service.name=${service}`)
    .split("\n")
    .filter(Boolean);
  if (ids.length !== 1) throw new Error(`expected one running task of ${service}, found ${ids.length}`);
  return ids[0];
}

describeIf("swarm stack (the TODO app) on a single-node swarm (the toolchain's engine)", () => {
  let ws: SwarmWorkspace;
  let firstVersion: string;
  // The engine before swarm.sh up, and whether an earlier up left its marker (a swarm it made).
  let before: { swarm: string; gwbridge: boolean; marker: boolean };
  const api = () => ws.name("swarm", "api");
  const todo = todoClient(BASE, () => diagnostics(ws));

  beforeAll(() => {
    before = {
      ...swarmFootprint(),
      marker: fs.existsSync(path.join(toolchainCache(), "swarm-initialised-by-docker-iac")),
    };
    script("swarm.sh", "up");
    ws = new SwarmWorkspace();
    firstVersion = ws.read(`${API_SOURCE}/VERSION`).trim();
    ws.deploy("swarm");
  });
  afterAll(() => {
    ws?.cleanUp();
    // Only leaves a swarm that swarm.sh itself initialised.
    script("swarm.sh", "down");
  });

  test("deploy: every replica runs, a TODO round-trips, requests are spread over all three API tasks", async () => {
    expect(["proxy", "api", "db", "cache"].map((s) => [s, replicas(ws.name("swarm", s))])).toEqual([
      ["proxy", "1/1"],
      ["api", "3/3"],
      ["db", "1/1"],
      ["cache", "1/1"],
    ]);
    // The three tasks started together and each migrated first: none failed (no task but the three).
    expect(docker("service", "ps", api(), "--format", "{{.Name}} {{.DesiredState}}").split("\n").sort()).toEqual(
      [1, 2, 3].map((slot) => `${api()}.${slot} Running`),
    );
    // The schema came from the API tasks' first step (migrate.py), the passwords from Swarm secrets.
    const created = await todo("POST", "/todos", { title: "survive every upgrade" });
    expect(created).toEqual({
      status: 201,
      json: { id: expect.any(Number), title: "survive every upgrade", done: false },
    });
    expect((await todo("GET", "/todos")).json).toContainEqual(created.json);
    const seen = new Set<string>();
    for (let i = 0; i < 60 && seen.size < 3; i++) {
      const answer = await health();
      expect(answer.version).toBe(firstVersion);
      seen.add(answer.task ?? "unnamed");
    }
    expect([...seen].sort()).toEqual([1, 2, 3].map((slot) => `${api()}.${slot}`));
  });

  test("npm run deploy with a password file missing: one line naming it, before Terraform runs; nothing changes", () => {
    const file = path.join(ws.secretsDir, SWARM_SECRET_FILES.cache);
    const services = docker(
      "service",
      "ls",
      "--filter",
      `name=${ws.stackLabel("swarm")}-`,
      "--format",
      "{{.ID}} {{.Name}} {{.Replicas}}",
    );
    fs.renameSync(file, `${file}.away`);
    let result;
    try {
      result = ws.tryFastDeploy("swarm");
    } finally {
      fs.renameSync(`${file}.away`, file);
    }
    const lines = result.output.split("\n").filter((l) => l.trim() && !l.startsWith("[deploy] synth"));
    expect({ status: result.status, lines }).toEqual({
      status: 1,
      lines: [
        expect.stringMatching(
          new RegExp(
            `^\\[deploy\\] swarm: docker_secret\\.CachePassword_\\w+ is made from ${file}, which does not exist\\. Fix: `,
          ),
        ),
      ],
    });
    expect(
      docker(
        "service",
        "ls",
        "--filter",
        `name=${ws.stackLabel("swarm")}-`,
        "--format",
        "{{.ID}} {{.Name}} {{.Replicas}}",
      ),
    ).toBe(services);
  });

  test("the synthesized configuration is valid Terraform and a second plan is empty", () => {
    const app = new DockerApp({ context: ws.context(), reportErrors: false, stackTraces: false });
    defineStacks(app);
    const stack = app.node.children.find((c) => TerraformStack.isStack(c) && c.node.id === "swarm") as TerraformStack;
    expect(Testing.fullSynth(stack)).toBeValidTerraform();
    const plan = ws.plan("swarm");
    expect({ status: plan.status, output: plan.status === 0 ? "" : plan.output }).toEqual({ status: 0, output: "" });
  });

  test("the live services carry the hardened defaults Swarm can express; DB and cache only on the internal network", () => {
    const spec = JSON.parse(docker("service", "inspect", api(), "--format", "{{json .Spec.TaskTemplate}}"));
    expect({
      user: spec.ContainerSpec.User,
      readOnly: spec.ContainerSpec.ReadOnly,
      capDrop: spec.ContainerSpec.CapabilityDrop,
      memory: spec.Resources.Limits.MemoryBytes,
      restart: spec.RestartPolicy.Condition,
      attempts: spec.RestartPolicy.MaxAttempts,
      secrets: spec.ContainerSpec.Secrets.map((s: { File: { Name: string; Mode: number } }) => [
        s.File.Name,
        s.File.Mode,
      ]).sort(),
    }).toEqual({
      user: "10001:10001",
      readOnly: true,
      capDrop: ["ALL"],
      memory: 128 * 1024 * 1024,
      restart: "on-failure",
      attempts: 5,
      secrets: [
        ["/run/secrets/cache_password", 0o400],
        ["/run/secrets/db_password", 0o400],
      ],
    });
    const update = JSON.parse(docker("service", "inspect", api(), "--format", "{{json .Spec.UpdateConfig}}"));
    expect({ order: update.Order, action: update.FailureAction }).toEqual({ order: "start-first", action: "rollback" });
    const networksOf = (service: string) =>
      (
        JSON.parse(
          docker("service", "inspect", ws.name("swarm", service), "--format", "{{json .Spec.TaskTemplate.Networks}}"),
        ) as { Target: string }[]
      )
        .map((n) => docker("network", "inspect", n.Target, "--format", "{{.Name}} internal={{.Internal}}"))
        .sort();
    const edge = `${ws.name("swarm", "edge")} internal=false`;
    const backend = `${ws.name("swarm", "backend")} internal=true`;
    expect(["proxy", "api", "db", "cache"].map((s) => [s, networksOf(s)])).toEqual([
      ["proxy", [edge]],
      ["api", [backend, edge].sort()],
      ["db", [backend]],
      ["cache", [backend]],
    ]);
    const db = JSON.parse(docker("service", "inspect", ws.name("swarm", "db"), "--format", "{{json .Spec}}"));
    expect({ constraints: db.TaskTemplate.Placement.Constraints, order: db.UpdateConfig.Order }).toEqual({
      constraints: ["node.role == manager"],
      order: "stop-first",
    });
  });

  // The rollout under load (Swarm's own start-first update and health-driven rollback, and the
  // deploy's wait for both) is the same on every provider release: the pass on an extra release
  // (DOCKER_IAC_E2E_ONLY=provider-sensitive) leaves these two out; docs/provider-versions.md says why.
  if (process.env.DOCKER_IAC_E2E_ONLY !== "provider-sensitive") {
    test("rolling upgrade: a new version of the API's source rolls out with zero failed requests", async () => {
      ws.edit(`${API_SOURCE}/VERSION`, "2\n");
      let deployMs = 0;
      let deployOutput = "";
      const deploy = ws.deployAsync("swarm").then((r) => {
        deployMs = r.ms;
        deployOutput = r.output;
        if (r.status !== 0) throw new Error(`deploy failed:\n${r.output.slice(-3000)}`);
      });
      const load = await requestLoop(
        URL,
        LOAD,
        deploy.catch(() => undefined),
      );
      await deploy;
      report("rolling upgrade", load, deployMs, deployOutput);
      expect(load.failures).toEqual([]);
      expect(load.sent).toBeGreaterThan(100);
      expect(Object.keys(load.versions).sort()).toEqual([firstVersion, "2"].sort());
      // npm run deploy returned only once Swarm was done: right away, the three tasks it runs are
      // the three on the new spec (no old one still stopping), and every answer is the new version.
      expect({ rolledOut: rolledOut(api(), 3), running: tasksRunning(api()), replicas: replicas(api()) }).toEqual({
        rolledOut: true,
        running: 3,
        replicas: "3/3",
      });
      expect(await answers(6)).toEqual(Array(6).fill("2"));
      // The data outlived the upgrade.
      expect((await todo("GET", "/todos")).json.map((t: { title: string }) => t.title)).toContain(
        "survive every upgrade",
      );
      expect(ws.plan("swarm").status).toBe(0);
    });

    test("broken version: its healthcheck fails, Swarm rolls back by itself, zero failed requests; npm run deploy exits 1 naming the service", async () => {
      const app = ws.read(`${API_SOURCE}/app.py`);
      const healthy = 'return self.reply(200, {"status": "ok", "version": VERSION})';
      expect(app).toContain(healthy);
      ws.edit(`${API_SOURCE}/VERSION`, "3-broken\n");
      ws.edit(
        `${API_SOURCE}/app.py`,
        app.replace(healthy, 'return self.reply(500, {"status": "broken", "version": VERSION})'),
      );
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
        report("broken version", load, deployMs, deployOutput);
        expect(load.failures).toEqual([]);
        expect(Object.keys(load.versions)).toEqual(["2"]);
        // The provider's own wait counts running tasks and can end as a success while Swarm rolls
        // back (seen in CI on 4.5.0); npm run deploy then waits for Swarm's verdict: exit 1, one
        // line naming the service, and it returns only once the rollback is over.
        const named = deployOutput.split("\n").filter((l) => l.startsWith(`[deploy] swarm: service ${api()} `));
        expect({ status, named }).toEqual({
          status: 1,
          named: [
            expect.stringMatching(
              /: Swarm rolled the update back \(rollback_completed: .*\. Fix: see why with `docker service ps \S+ --no-trunc`/,
            ),
          ],
        });
        expect(docker("service", "inspect", api(), "--format", "{{.UpdateStatus.State}}")).toBe("rollback_completed");
        expect((await health()).version).toBe("2");
      } finally {
        // Back to the working source: the code matches what runs again.
        ws.edit(`${API_SOURCE}/VERSION`, "2\n");
        ws.edit(`${API_SOURCE}/app.py`, app);
      }
      ws.deploy("swarm");
      // Tasks replaced by the rollback and the redeploy keep running while they stop: wait until the engine counts 3.
      await waitFor("3/3 API replicas", () => replicas(api()) === "3/3" && runningTasks(api()).length === 3, 60);
      expect(ws.plan("swarm").status).toBe(0);
    });
  }

  test("scale: 3 -> 5 replicas by changing code, an empty plan after each step", async () => {
    const app = ws.read("stacks/app.ts");
    ws.edit(
      "stacks/app.ts",
      app.replace('new SwarmStack(app, "swarm")', 'new SwarmStack(app, "swarm", { apiReplicas: 5 })'),
    );
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

  test("secret rotation: a new DB password is a new secret; PostgreSQL takes it, the data stays, the old secret goes", async () => {
    const label = `label=io.docker-iac.stack=${ws.stackLabel("swarm")}`;
    const dbSecrets = () =>
      docker("secret", "ls", "--filter", label, "--format", "{{.Name}}")
        .split("\n")
        .filter((n) => n.startsWith(ws.name("swarm", "db-password")));
    const before = dbSecrets();
    // A quote in it too: the DB's start step puts it into SQL.
    const rotated = `rotated'password-${ws.runId}`;
    ws.writeSecret(rotated);
    ws.deploy("swarm");
    const after = dbSecrets();
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    expect(after[0]).toMatch(new RegExp(`^${ws.name("swarm", "db-password")}-[0-9a-f]{12}$`));
    await rollout("the new secret", [
      [ws.name("swarm", "db"), 1],
      [api(), 3],
    ]);
    // PostgreSQL read its password file only at initdb; the start step set the new one.
    const logs = spawnSync("docker", ["service", "logs", "--raw", ws.name("swarm", "db")], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(logs.stdout + logs.stderr).toMatch(
      /db-set-password: role todo has the password of \/run\/secrets\/db_password/,
    );
    const login = (password: string) =>
      docker(
        "exec",
        "-e",
        `PGPASSWORD=${password}`,
        taskContainer(ws.name("swarm", "db")),
        "sh",
        "-c",
        'psql -h 127.0.0.1 -U todo -d todo -tA -c "SELECT count(*) FROM todos" 2>&1 || true',
      );
    expect(login(rotated)).toMatch(/^\d+$/);
    expect(login("first-password-" + ws.runId)).toMatch(/password authentication failed/);
    // Every API task reads the new password: writes go to the database, whichever task serves them.
    for (let i = 0; i < 6; i++)
      expect((await todo("POST", "/todos", { title: `after rotation ${i}` })).status).toBe(201);
    expect((await todo("GET", "/todos")).json.map((t: { title: string }) => t.title)).toContain(
      "survive every upgrade",
    );
    expect(ws.plan("swarm").status).toBe(0);
  });

  test("destroy leaves no service, secret, config, network or volume of the stack", () => {
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

  test("swarm.sh down leaves the engine as it found it: out of a swarm it made, and no docker_gwbridge that swarm made", () => {
    ws.cleanUp();
    script("swarm.sh", "down");
    const after = swarmFootprint();
    if (before.swarm === "inactive") {
      // This run's up made the swarm (and docker_gwbridge, unless the engine had one already).
      expect(after).toEqual({ swarm: "inactive", gwbridge: before.gwbridge });
    } else if (before.marker) {
      // A swarm an earlier up made and nobody took down: down leaves it now.
      expect(after.swarm).toBe("inactive");
    } else {
      // Someone else's swarm: down leaves it, and its docker_gwbridge, alone.
      expect(after).toEqual({ swarm: before.swarm, gwbridge: before.gwbridge });
    }
  });
});
