// The TODO app, the way a Compose user brings it: a compose.yaml in a folder of its own
// (outside the project) with `build:` contexts for the API and the proxy, PostgreSQL and
// Redis from the local registry by digest (through .env interpolation), password files
// bind-mounted read-only, imported with the real CLI and deployed with `cdktf deploy` on the
// real server images. Host port 18144 only.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { COMPOSE_TODO_VARIABLES, composeTodoFolder } from "../compose-todo-folder";
import { docker, inspect } from "./docker";
import { requireToolchainOrExplain } from "./toolchain";
import { todoClient } from "./todo-client";
import { E2eWorkspace, serverImagesLock, serverImagesLockFile } from "./workspace";

const STACK = "compose-todo";
const PORT = 18144;
const BASE = `http://127.0.0.1:${PORT}`;
const SERVICES = ["proxy", "api", "migrate", "db", "cache"];
const ready = requireToolchainOrExplain();
const describeIf = ready ? describe : describe.skip;

describeIf("the TODO app from a compose file, imported and deployed on the real server images", () => {
  let ws: E2eWorkspace;
  let composeDir: string;
  const name = (child: string) => ws.name(STACK, child);

  /** JSON requests through the proxy (test/e2e/todo-client.ts). */
  const api = todoClient(BASE, () => diagnostics());

  /** The containers and their last log lines, for a failure message. */
  function diagnostics(): string {
    return SERVICES.map((s) => {
      const logs = spawnSync("docker", ["logs", "--tail", "15", name(s)], { encoding: "utf8" });
      const state = spawnSync("docker", ["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", name(s)], {
        encoding: "utf8",
      });
      return `--- ${name(s)}: ${state.stdout.trim() || state.stderr.trim()}\n${logs.stdout}${logs.stderr}`;
    }).join("\n");
  }

  beforeAll(() => {
    ws = new E2eWorkspace();
    composeDir = fs.mkdtempSync(path.join(os.tmpdir(), `docker-iac-compose-todo-${ws.runId}-`));
    const composeFile = composeTodoFolder(composeDir, serverImagesLockFile());
    // The images and the port come from the folder's .env (the shell would win over it).
    const env = { ...process.env };
    for (const v of COMPOSE_TODO_VARIABLES) delete env[v];
    const imported = spawnSync(
      "npm",
      ["run", "-s", "import", "--", composeFile, "--class", "ComposeTodoStack", "--out", "stacks/compose-todo.ts"],
      {
        cwd: ws.dir,
        encoding: "utf8",
        env,
      },
    );
    if (imported.status !== 0) throw new Error(`import failed:\n${imported.stderr}`);
    // Every key of this compose file has a typed prop: no NOT MAPPED comment, no warning.
    if (imported.stderr.trim() !== "") throw new Error(`import warned:\n${imported.stderr}`);
    fs.writeFileSync(
      path.join(ws.dir, "stacks", "compose-todo-main.ts"),
      [
        'import { DockerApp } from "docker-iac";',
        'import { ComposeTodoStack } from "./compose-todo";',
        "",
        "const app = new DockerApp();",
        `new ComposeTodoStack(app, ${JSON.stringify(STACK)});`,
        "app.synth();",
        "",
      ].join("\n"),
    );
    const cdktf = JSON.parse(fs.readFileSync(path.join(ws.dir, "cdktf.json"), "utf8"));
    fs.writeFileSync(
      path.join(ws.dir, "cdktf.json"),
      JSON.stringify({ ...cdktf, app: "node -r ./tools/dev/register-ts.js stacks/compose-todo-main.ts" }, null, 2),
    );
    ws.deploy(STACK);
  });

  afterAll(() => {
    ws?.cleanUp();
    // A kept (unlabelled) data volume, also when a test failed before destroy.
    if (ws) spawnSync("docker", ["volume", "rm", "-f", name("db-data-volume")]);
    if (composeDir) fs.rmSync(composeDir, { recursive: true, force: true });
  });

  test("through the proxy on 127.0.0.1: add, list and complete TODOs", async () => {
    const first = await api("POST", "/todos", { title: "import the compose file" });
    const second = await api("POST", "/todos", { title: "deploy it for real" });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.json).toEqual({ id: expect.any(Number), title: "import the compose file", done: false });

    const done = await api("POST", `/todos/${first.json.id}/complete`);
    expect(done).toEqual({ status: 200, json: { ...first.json, done: true } });

    const list = await api("GET", "/todos");
    expect(list).toEqual({ status: 200, json: [{ ...first.json, done: true }, second.json] });
  });

  test("depends_on held: db healthy, the migration exited 0 before the API started, API and cache healthy", () => {
    expect(inspect(name("migrate"), "{{.State.Status}} {{.State.ExitCode}}")).toBe("exited 0");
    const migrated = Date.parse(inspect(name("migrate"), "{{.State.FinishedAt}}"));
    const apiStarted = Date.parse(inspect(name("api"), "{{.State.StartedAt}}"));
    expect(migrated).toBeLessThanOrEqual(apiStarted);
    for (const s of ["db", "cache", "api"])
      expect({ s, health: inspect(name(s), "{{.State.Health.Status}}") }).toEqual({ s, health: "healthy" });
  });

  test("only the proxy publishes a port; the database and the cache are not on the proxy's network", () => {
    const published = SERVICES.map((s) => [s, JSON.parse(inspect(name(s), "{{json .HostConfig.PortBindings}}")) ?? {}]);
    expect(Object.fromEntries(published)).toEqual({
      proxy: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: String(PORT) }] },
      api: {},
      migrate: {},
      db: {},
      cache: {},
    });
    const networksOf = (s: string) =>
      Object.keys(JSON.parse(inspect(name(s), "{{json .NetworkSettings.Networks}}"))).sort();
    const [edge, backend] = [name("edge-network"), name("backend-network")];
    expect({
      proxy: networksOf("proxy"),
      api: networksOf("api"),
      migrate: networksOf("migrate"),
      db: networksOf("db"),
      cache: networksOf("cache"),
    }).toEqual({ proxy: [edge], api: [backend, edge].sort(), migrate: [backend], db: [backend], cache: [backend] });
    expect(inspect(backend, "{{.Internal}}")).toBe("true");
  });

  test("db and cache run the images pinned by digest in the lock; the database keeps its data in the named volume", () => {
    const lock = serverImagesLock();
    for (const [s, image] of [
      ["db", "postgres"],
      ["cache", "redis"],
    ]) {
      const reference = `${lock.registry}/${lock.images[image].repository}@${lock.images[image].digest}`;
      expect({ s, image: inspect(name(s), "{{.Image}}") }).toEqual({
        s,
        image: docker("image", "inspect", "-f", "{{.Id}}", reference),
      });
    }
    expect(docker("exec", name("db"), "postgres", "--version")).toMatch(/PostgreSQL\) 15\./);
    const mounts = JSON.parse(inspect(name("db"), "{{json .Mounts}}")) as {
      Type: string;
      Name?: string;
      Source: string;
      Destination: string;
      RW: boolean;
    }[];
    expect(mounts.find((m) => m.Destination === "/var/lib/postgresql/data")).toMatchObject({
      Type: "volume",
      Name: name("db-data-volume"),
      RW: true,
    });
  });

  test("the passwords are the compose folder's files, bind-mounted read-only and read through *_FILE, in no environment", () => {
    for (const [secret, users] of [
      ["db_password", ["db", "migrate", "api"]],
      ["cache_password", ["cache", "api"]],
    ] as const) {
      const value = fs.readFileSync(path.join(composeDir, "secrets", secret), "utf8");
      for (const s of users) {
        const mounts = JSON.parse(inspect(name(s), "{{json .Mounts}}")) as {
          Type: string;
          Source: string;
          Destination: string;
          RW: boolean;
        }[];
        expect({ s, mount: mounts.find((m) => m.Destination === `/run/secrets/${secret}`) }).toEqual({
          s,
          mount: expect.objectContaining({ Type: "bind", Source: path.join(composeDir, "secrets", secret), RW: false }),
        });
      }
      for (const s of SERVICES)
        expect({ s, leaked: inspect(name(s), "{{json .Config.Env}}").includes(value) }).toEqual({ s, leaked: false });
    }
    expect(inspect(name("db"), "{{json .Config.Env}}")).toContain("POSTGRES_PASSWORD_FILE=/run/secrets/db_password");
    expect(inspect(name("api"), "{{json .Config.Env}}")).toContain("REDIS_PASSWORD_FILE=/run/secrets/cache_password");
  });

  test("the compose file's hardening holds on every server: its user, a read-only root, no capabilities", () => {
    for (const s of ["proxy", "api", "db", "cache"]) {
      const host = JSON.parse(inspect(name(s), "{{json .HostConfig}}"));
      expect({
        s,
        user: inspect(name(s), "{{.Config.User}}"),
        uid: docker("exec", name(s), "id", "-u"),
        readOnly: host.ReadonlyRootfs,
        capDrop: host.CapDrop,
        securityOpt: host.SecurityOpt,
      }).toEqual({
        s,
        user: "10001:10001",
        uid: "10001",
        readOnly: true,
        capDrop: ["ALL"],
        securityOpt: ["no-new-privileges:true"],
      });
    }
  });

  test("a second plan right after deploy is empty", () => {
    const plan = ws.plan(STACK);
    expect({ exitCode: plan.status, output: plan.status === 0 ? "" : plan.output }).toEqual({
      exitCode: 0,
      output: "",
    });
  });

  test("a container removed by hand shows up in the plan; a redeploy restores it and the TODOs are still there", async () => {
    const before = (await api("GET", "/todos")).json;
    docker("rm", "-f", name("api"));
    expect(ws.plan(STACK).status).toBe(2);
    ws.deploy(STACK);
    expect(docker("ps", "-q", "--filter", `name=^${name("api")}$`)).not.toBe("");
    expect(await api("GET", "/todos")).toEqual({ status: 200, json: before });
    const plan = ws.plan(STACK);
    expect({ exitCode: plan.status, output: plan.status === 0 ? "" : plan.output }).toEqual({
      exitCode: 0,
      output: "",
    });
  });

  test("destroy leaves no container, network, volume or image of the stack behind", () => {
    // A volume the import marked to keep (retainOnDestroy) carries no label: remove it by name first.
    const generated = fs.readFileSync(path.join(ws.dir, "stacks", "compose-todo.ts"), "utf8");
    const kept = generated.includes("retainOnDestroy: true") ? [name("db-data-volume")] : [];
    ws.destroy(STACK);
    for (const volume of kept) docker("volume", "rm", volume);
    expect(ws.leftovers(STACK)).toEqual([]);
    // Also by name: nothing of the stack is left, labelled or not.
    const prefix = `^${ws.stackLabel(STACK)}-`;
    expect({
      containers: docker("ps", "-aq", "--filter", `name=${prefix}`),
      networks: docker("network", "ls", "-q", "--filter", `name=${prefix}`),
      volumes: docker("volume", "ls", "-q", "--filter", `name=${prefix}`),
    }).toEqual({ containers: "", networks: "", volumes: "" });
  });
});
