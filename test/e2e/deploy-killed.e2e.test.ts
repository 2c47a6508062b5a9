import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { docker } from "./docker";
import { todoClient } from "./todo-client";
import { requireToolchainOrExplain } from "./toolchain";
import { E2eWorkspace } from "./workspace";

// A deploy killed at any point (power loss, an OOM kill: SIGKILL to the whole process group) is
// healed by the next one. Each round changes a build context, so the apply rebuilds an image and
// replaces containers: the migrate and API containers (start-first: the new one, under a new
// content-hashed name, is made before the old one goes) or the proxy (stop-first: the old one goes
// first, the new one takes its name). It starts `npm run deploy` in its own process group and kills
// the group when a line it prints says the apply reached the chosen point. Then the next deploy
// must exit 0, the app answer, every TODO written before be there, and a plan be empty. Rounds run
// in order, as one story, on the todo stack with its own prefix and port.
const ready = requireToolchainOrExplain();
const describeIf = ready ? describe : describe.skip;
const PORT = 18150;
const BASE = `http://127.0.0.1:${PORT}`;
const TODOS = Array.from({ length: 20 }, (_, i) => `written before the kills #${i + 1}`);

interface Killed {
  /** Everything the killed deploy printed. */
  readonly output: string;
  /** The line it was killed after. */
  readonly line: string;
}

describeIf("a deploy killed at any point is healed by the next deploy", () => {
  let ws: E2eWorkspace;
  let round = 0;
  const api = todoClient(BASE, () =>
    docker(
      "ps",
      "-a",
      "--filter",
      `label=io.docker-iac.stack=${ws.stackLabel("todo")}`,
      "--format",
      "{{.Names}} {{.Status}}",
    ),
  );
  const lockInfo = () => path.join(ws.dir, ".terraform.todo.tfstate.lock.info");

  let version = "";
  /** A new API build context: the VERSION file the API serves at /health. */
  function changeApi(): string {
    version = `killed-${++round}`;
    fs.writeFileSync(path.join(ws.dir, "examples", "todo", "api", "VERSION"), `${version}\n`);
    return version;
  }

  /** A new proxy build context (a comment in its nginx.conf): a new image, and a stop-first replacement. */
  function changeProxy(): void {
    fs.appendFileSync(path.join(ws.dir, "examples", "todo", "proxy", "nginx.conf"), `# round ${++round}\n`);
  }

  // A start-first container's name ends in a content hash (UpdateOrder.START_FIRST).
  const namePattern = (child: string) => `^${ws.name("todo", child)}(-[0-9a-f]{12})?$`;
  /** The IDs of the containers named for `child`, newest first (any state). */
  const idsOf = (child: string) =>
    docker("ps", "-a", "-q", "--no-trunc", "--filter", `name=${namePattern(child)}`)
      .split("\n")
      .filter(Boolean);
  /** Whether the engine has `count` containers named for `child` (any state). */
  const exists =
    (child: string, count = 1) =>
    () =>
      idsOf(child).length >= count;

  /**
   * Starts `npm run deploy -- todo` as its own process group and SIGKILLs the group once it has
   * printed a line matching `at` and, if given, `until` holds (checked every 50 ms, for up to
   * 10 s). Bounded: 5 minutes. Fails when the deploy ends first.
   */
  function deployKilledAt(at: RegExp, until?: () => boolean): Promise<Killed> {
    return new Promise((resolve, reject) => {
      const child = spawn("npm", ["run", "--silent", "deploy", "--", "--auto-approve", "todo"], {
        cwd: ws.dir,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          CI: "true",
          CHECKPOINT_DISABLE: "1",
          CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
          CDKTF_CONTEXT_JSON: JSON.stringify(ws.context()),
        },
      });
      let output = "";
      let line: string | undefined;
      const kill = () => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // the group ended already
        }
      };
      const bound = setTimeout(kill, 300_000);
      const seen = (d: Buffer) => {
        output += d.toString();
        if (line !== undefined) return;
        line = output.split("\n").find((l) => at.test(l));
        if (line === undefined) return;
        const deadline = Date.now() + 10_000;
        const poll = () => (!until || until() || Date.now() > deadline ? kill() : setTimeout(poll, 50));
        poll();
      };
      child.stdout.on("data", seen);
      child.stderr.on("data", seen);
      child.on("close", (code, signal) => {
        clearTimeout(bound);
        if (line !== undefined && signal === "SIGKILL") resolve({ output, line });
        else
          reject(
            new Error(
              `the deploy ended (${signal ?? `exit code ${code}`}) before printing ${at}:\n${output.slice(-4000)}`,
            ),
          );
      });
    });
  }

  /** The next deploy exits 0, the app serves the new version, all TODOs are there, and a plan is empty. */
  async function expectHealed(version: string): Promise<string> {
    const leftLock = fs.existsSync(lockInfo());
    const healed = ws.tryFastDeploy("todo");
    expect({ status: healed.status, output: healed.status === 0 ? "" : healed.output.slice(-4000) }).toEqual({
      status: 0,
      output: "",
    });
    // A lock file the kill left is named, and said to need no unlocking (a local state's lock died with its process).
    if (leftLock)
      expect(healed.output).toMatch(
        /\.terraform\.todo\.tfstate\.lock\.info is left from a Terraform run that did not finish, .*there is nothing to unlock/,
      );
    expect((await api("GET", "/health")).json).toMatchObject({ status: "ok", version });
    const titles = ((await api("GET", "/todos")).json as { title: string }[]).map((t) => t.title);
    expect(titles).toEqual(expect.arrayContaining(TODOS));
    expect(ws.plan("todo").status).toBe(0);
    return healed.output;
  }

  beforeAll(async () => {
    ws = new E2eWorkspace();
    ws.withStackProps('new TodoStack(app, "todo")', `{ hostPort: ${PORT} }`);
    ws.fastDeploy("todo");
    for (const title of TODOS) expect((await api("POST", "/todos", { title })).status).toBe(201);
  });
  afterAll(() => {
    if (!ws) return;
    ws.cleanUp();
    // The database volume outlives destroy on purpose (retainOnDestroy).
    spawnSync("docker", ["volume", "rm", "-f", ws.name("todo", "db-data")]);
  });

  test("killed during the image build", async () => {
    const version = changeApi();
    const killed = await deployKilledAt(/^docker_image\.ApiImage_\w+: Creating\.\.\./);
    expect(killed.output).not.toContain("Apply complete");
    await expectHealed(version);
  });

  test("killed between container creations (the new migrate container created, not recorded): the deploy removes it and runs it again", async () => {
    const version = changeApi();
    // The provider creates the new migrate container (start-first: next to the old one), then waits for
    // it to exit (about 1 s): killed as soon as it exists.
    await deployKilledAt(/^docker_container\.Migrate_\w+: Creating\.\.\./, exists("migrate", 2));
    const out = await expectHealed(version);
    expect(out).toMatch(
      new RegExp(
        `\\[deploy\\] todo: container ${ws.name("todo", "migrate")}-[0-9a-f]{12} \\([0-9a-f]{12}\\) carries the stack's label but is not in the Terraform state .*: removed \\(docker_container\\.Migrate_\\w+: a one-shot container`,
      ),
    );
    expect(out).toContain("(orphans): objects a killed deploy left were taken over");
  });

  test("killed during a replacement (the old API being destroyed, the new one already serving)", async () => {
    const version = changeApi();
    await deployKilledAt(/^docker_container\.Api_\w+(?: \(deposed object \w+\))?: Destroying\.\.\./);
    await expectHealed(version);
  });

  test("killed while a new start-first API waited to be healthy: the old one serves on, the deploy removes the unfinished new one", async () => {
    const version = changeApi();
    await deployKilledAt(/^docker_container\.Api_\w+: Creating\.\.\./, exists("api", 2));
    const [unfinished] = idsOf("api");
    const out = await expectHealed(version);
    expect(out).toMatch(
      new RegExp(
        `container ${ws.name("todo", "api")}-[0-9a-f]{12} \\(${unfinished.slice(0, 12)}\\) .*: removed \\(docker_container\\.Api_\\w+: the state records another container at that address`,
      ),
    );
  });

  test("npm run repair after a deploy killed while the new proxy (stop-first) was starting: it imports the proxy, then a deploy heals", async () => {
    changeProxy();
    // Stop-first: the old proxy is destroyed (and recorded), then the new one is created under the
    // same name: killed as soon as it exists, before the state records it.
    await deployKilledAt(/^docker_container\.Proxy_\w+: Creating\.\.\./, exists("proxy"));
    const id = docker("ps", "-a", "-q", "--no-trunc", "--filter", `name=^${ws.name("todo", "proxy")}$`);
    const info = JSON.parse(fs.readFileSync(lockInfo(), "utf8")) as { ID: string };
    // What the stale-lock line says: a local state's lock ended with the killed process.
    const unlock = spawnSync(process.env.TERRAFORM_BINARY_NAME ?? "terraform", ["force-unlock", "-force", info.ID], {
      cwd: ws.stackDir("todo"),
      encoding: "utf8",
    });
    expect({
      status: unlock.status,
      says: `${unlock.stdout}${unlock.stderr}`.includes("LocalState not locked"),
    }).toEqual({ status: 1, says: true });

    const dry = spawnSync("npm", ["run", "--silent", "repair", "--", "--dry-run", "todo"], {
      cwd: ws.dir,
      encoding: "utf8",
    });
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(
      `container ${ws.name("todo", "proxy")} (${id.slice(0, 12)}) carries the stack's label but is not in the Terraform state (left by a deploy that was killed?): would import as docker_container.Proxy_`,
    );
    const repair = spawnSync("npm", ["run", "--silent", "repair", "--", "todo"], { cwd: ws.dir, encoding: "utf8" });
    const lines = repair.stdout.trim().split("\n");
    expect({ status: repair.status, stderr: repair.stderr }).toEqual({ status: 0, stderr: "" });
    expect(lines).toEqual([
      expect.stringMatching(
        /^\[repair\] todo: .*\.terraform\.todo\.tfstate\.lock\.info is left from a Terraform run that did not finish/,
      ),
      expect.stringMatching(
        new RegExp(
          `^\\[repair\\] todo: container ${ws.name("todo", "proxy")} \\(${id.slice(0, 12)}\\) .*: imported as docker_container\\.Proxy_\\w+, declared at that address`,
        ),
      ),
      "[repair] todo: done; deploy again (`docker-iac deploy todo` or `npx cdktf deploy todo`)",
    ]);
    const state = spawnSync(
      process.env.TERRAFORM_BINARY_NAME ?? "terraform",
      ["state", "show", "-no-color", lines[1].replace(/.* imported as (\S+),.*/, "$1")],
      { cwd: ws.stackDir("todo"), encoding: "utf8" },
    );
    expect(state.stdout).toContain(id);
    const again = spawnSync("npm", ["run", "--silent", "repair", "--", "todo"], { cwd: ws.dir, encoding: "utf8" });
    expect(again.stdout.trim()).toBe(
      "[repair] todo: every container, network and volume with the stack's label is in the Terraform state: nothing to repair",
    );
    await expectHealed(version);
  });
});
