// A host reboot, as the toolchain does it: `toolchain.sh stop` (dockerd and the local registry),
// then `toolchain.sh start`. Without a deploy, every long-running container must run again and
// the apps answer with their data; the one-shot migration stays exited. Engine-wide: it stops the
// daemon every other test uses (test/e2e/sets.js runs it alone).
import { execFileSync, spawnSync } from "child_process";
import * as path from "path";
import { docker, inspect } from "./docker";
import { requireToolchainOrExplain } from "./toolchain";
import { todoClient } from "./todo-client";
import { E2eWorkspace } from "./workspace";

const REPO = path.resolve(__dirname, "..", "..");
const TODO_PORT = 18210;
const HELLO_PORTS = [18211, 18212] as const;
const REGISTRY = "http://127.0.0.1:5000/v2/";
const TODOS = 20;
const BACK_WITHIN_SECONDS = 60;

const STACKS = `
import { DockerApp } from "docker-iac";
import { HelloStack } from "./hello-stack";
import { TodoStack } from "./todo-stack";

export function define(app: DockerApp): void {
  new HelloStack(app, "hello", { hostPorts: [${HELLO_PORTS.join(", ")}] });
  new TodoStack(app, "todo", { hostPort: ${TODO_PORT}, keepDataOnDestroy: false });
}
`;

/** bash tools/dev/toolchain.sh <command>, as a user runs it; its log goes to the test output. */
function toolchain(command: "stop" | "start"): void {
  execFileSync("bash", [path.join(REPO, "tools", "dev", "toolchain.sh"), command], {
    encoding: "utf8",
    timeout: 180_000,
    stdio: ["ignore", "inherit", "inherit"],
  });
}

function engineAnswers(): boolean {
  return spawnSync("docker", ["info", "--format", "{{.ServerVersion}}"], { timeout: 15_000 }).status === 0;
}

function registryAnswers(): boolean {
  return spawnSync("curl", ["-fsS", "-m", "3", "-o", "/dev/null", REGISTRY], { timeout: 10_000 }).status === 0;
}

/** Names of the running containers on the engine (everyone's, not only this run's). */
function runningContainers(): string[] {
  return docker("ps", "--format", "{{.Names}}").split("\n").filter(Boolean).sort();
}

/** Whether a GET answers 200 with the body `accept` wants, in one try. */
async function answers(url: string, accept: (body: string) => boolean): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return response.status === 200 && accept(await response.text());
  } catch {
    return false;
  }
}

const describeIf = requireToolchainOrExplain() ? describe : describe.skip;

describeIf("engine restart (toolchain.sh stop, then start), as after a host reboot", () => {
  let ws: E2eWorkspace;
  const api = todoClient(
    `http://127.0.0.1:${TODO_PORT}`,
    () =>
      spawnSync("docker", ["ps", "-a", "--filter", `label=io.docker-iac.stack`, "--format", "{{.Names}} {{.Status}}"], {
        encoding: "utf8",
      }).stdout,
  );
  /** Long-running containers of both stacks: every container but the one-shot migration. */
  let longRunning: string[] = [];
  let migrate: string;
  /** What ran on the engine before the stop, everyone's: put back in afterAll whatever did not come back. */
  let runningBefore: string[] = [];
  let migrateStartedAt: string;

  beforeAll(() => {
    ws = new E2eWorkspace();
    ws.useOnlyStacks("engine-restart-e2e-stack", STACKS);
    ws.deploy("todo");
    ws.deploy("hello");
    const all = ["todo", "hello"].flatMap((stack) =>
      docker("ps", "-a", "--filter", `label=io.docker-iac.stack=${ws.stackLabel(stack)}`, "--format", "{{.Names}}")
        .split("\n")
        .filter(Boolean),
    );
    // The one-shot migration (start-first: its name ends in a content hash).
    const isMigrate = (name: string) => new RegExp(`^${ws.name("todo", "migrate")}(-[0-9a-f]{12})?$`).test(name);
    migrate = all.find(isMigrate) ?? "";
    longRunning = all.filter((name) => !isMigrate(name)).sort();
  });

  afterAll(() => {
    try {
      // Whatever failed: the engine and the registry run again before anything else is tried.
      if (!engineAnswers() || !registryAnswers()) toolchain("start");
      // Other people's containers that did not come back (a policy of no or on-failure): as they were.
      const now = runningContainers();
      const missing = runningBefore.filter((name) => !name.startsWith(`${ws.namePrefix}-`) && !now.includes(name));
      if (missing.length) {
        console.warn(
          `engine restart: starting again what ran before the stop and did not come back: ${missing.join(", ")}`,
        );
        spawnSync("docker", ["start", ...missing], { encoding: "utf8", timeout: 120_000 });
      }
    } finally {
      ws?.cleanUp();
    }
  });

  test(`before: both apps answer, ${TODOS} TODOs written, the migration has run`, async () => {
    expect(migrate).not.toBe("");
    // The start-first API's name ends in a content hash.
    expect(
      longRunning.map((name) => name.slice(ws.namePrefix.length + 1).replace(/^(todo-api)-[0-9a-f]{12}$/, "$1")),
    ).toEqual(["hello-web-a", "hello-web-b", "todo-api", "todo-cache", "todo-db", "todo-proxy"]);
    for (let i = 1; i <= TODOS; i++)
      expect((await api("POST", "/todos", { title: `survive the reboot ${i}` })).status).toBe(201);
    expect((await api("GET", "/todos")).json).toHaveLength(TODOS);
    for (const port of HELLO_PORTS)
      expect(await answers(`http://127.0.0.1:${port}/`, (b) => b.includes("hello from docker-iac"))).toBe(true);
    migrateStartedAt = inspect(migrate, "{{.State.StartedAt}}");
    expect(inspect(migrate, "{{.State.Status}} {{.State.ExitCode}} {{.HostConfig.RestartPolicy.Name}}")).toBe(
      "exited 0 no",
    );
    for (const name of longRunning)
      expect({ name, restart: inspect(name, "{{.HostConfig.RestartPolicy.Name}}") }).toEqual({
        name,
        restart: "unless-stopped",
      });
  });

  test(`after stop and start, without a deploy: every long-running container runs again and both apps answer within ${BACK_WITHIN_SECONDS} s, with every TODO`, async () => {
    runningBefore = runningContainers();
    const stoppedAt = new Date();
    toolchain("stop");
    // Really down: the daemon and the registry are gone (the containers with them).
    expect({ engine: engineAnswers(), registry: registryAnswers() }).toEqual({ engine: false, registry: false });

    toolchain("start");
    const started = Date.now();
    expect({ engine: engineAnswers(), registry: registryAnswers() }).toEqual({ engine: true, registry: true });

    // A bounded poll, as a person reloading the pages would: once a second, at most 60 s.
    const titles = Array.from({ length: TODOS }, (_, i) => `survive the reboot ${i + 1}`);
    const allThere = (body: string) => {
      try {
        return JSON.stringify((JSON.parse(body) as { title: string }[]).map((t) => t.title)) === JSON.stringify(titles);
      } catch {
        return false;
      }
    };
    const checks = async () => ({
      running: longRunning.filter((name) => inspect(name, "{{.State.Running}}") === "true"),
      hello: (
        await Promise.all(
          HELLO_PORTS.map((port) => answers(`http://127.0.0.1:${port}/`, (b) => b.includes("hello from docker-iac"))),
        )
      ).every(Boolean),
      todos: await answers(`http://127.0.0.1:${TODO_PORT}/todos`, allThere),
    });
    let state = await checks();
    while (
      (state.running.length < longRunning.length || !state.hello || !state.todos) &&
      Date.now() - started < BACK_WITHIN_SECONDS * 1000
    ) {
      await new Promise((r) => setTimeout(r, 1000));
      state = await checks();
    }
    console.log(
      `engine restart: ${state.running.length}/${longRunning.length} containers running, hello ${state.hello}, todos ${state.todos} after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(state).toEqual({ running: longRunning, hello: true, todos: true });

    // Started again by the daemon after the stop (not left over from before it): the restart policy did it.
    for (const name of longRunning) {
      const startedAt = new Date(inspect(name, "{{.State.StartedAt}}"));
      expect({ name, restartedAfterStop: startedAt > stoppedAt }).toEqual({ name, restartedAfterStop: true });
    }
  });

  test("the one-shot migration stays exited: not run again by the restart", () => {
    expect(inspect(migrate, "{{.State.Status}} {{.State.ExitCode}}")).toBe("exited 0");
    expect(inspect(migrate, "{{.State.StartedAt}}")).toBe(migrateStartedAt);
  });

  test("destroy leaves nothing of either stack behind", () => {
    for (const stack of ["hello", "todo"]) {
      ws.destroy(stack);
      expect(ws.leftovers(stack)).toEqual([]);
    }
  });
});
