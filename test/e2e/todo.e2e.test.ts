import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { requestLoop } from "../../tools/bench/request-loop";
import { docker, inspect } from "./docker";
import { describeDeployedStack } from "./lifecycle";
import { todoClient } from "./todo-client";
import { type E2eWorkspace, serverImagesLock } from "./workspace";

const BASE = "http://127.0.0.1:18120";
const REGISTRY = "127.0.0.1:5000";
const MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";

interface Todo {
  id: number;
  title: string;
  done: boolean;
}

/** JSON requests through the proxy (test/e2e/todo-client.ts). */
const api = todoClient(BASE, () => diagnostics());

/** What a person would look at when the app does not answer: the containers and the last log lines. */
function diagnostics(): string {
  const lines = [
    spawnSync("docker", ["ps", "-a", "--filter", "label=io.docker-iac.stack", "--format", "{{.Names}} {{.Status}}"], {
      encoding: "utf8",
    }).stdout,
  ];
  for (const name of spawnSync("docker", ["ps", "-a", "--filter", "name=-todo-", "--format", "{{.Names}}"], {
    encoding: "utf8",
  })
    .stdout.split("\n")
    .filter(Boolean)) {
    const logs = spawnSync("docker", ["logs", "--tail", "15", name], { encoding: "utf8" });
    lines.push(`--- ${name}\n${logs.stdout}${logs.stderr}`);
  }
  return lines.join("\n");
}

/**
 * The Docker name of a container as the last synth wrote it: `<prefix>-todo-db`, or, for the
 * start-first API and migration, `<prefix>-todo-api-<hash>` (the hash changes with each version).
 */
function dockerName(ws: E2eWorkspace, child: string): string {
  const base = ws.name("todo", child);
  const tf = JSON.parse(fs.readFileSync(path.join(ws.stackDir("todo"), "cdk.tf.json"), "utf8"));
  const names = Object.values<{ name: string }>(tf.resource.docker_container)
    .map((c) => c.name)
    .filter((n) => n === base || (n.startsWith(`${base}-`) && /^[0-9a-f]{12}$/.test(n.slice(base.length + 1))));
  if (names.length !== 1)
    throw new Error(`no single container ${child} in the todo stack: ${names.join(", ") || "none"}`);
  return names[0];
}

/** The resource address of a container in the synthesized stack, e.g. docker_container.Db_1A2B3C4D. */
function containerAddress(ws: E2eWorkspace, child: string): string {
  const tf = JSON.parse(fs.readFileSync(path.join(ws.stackDir("todo"), "cdk.tf.json"), "utf8"));
  const entry = Object.entries<{ name: string }>(tf.resource.docker_container).find(
    ([, c]) => c.name === dockerName(ws, child),
  );
  if (!entry) throw new Error(`no container ${child} in the todo stack`);
  return `docker_container.${entry[0]}`;
}

/** What a user would type to check the database itself (the password comes from the mounted file). */
function sql(ws: E2eWorkspace, query: string): string {
  return docker(
    "exec",
    ws.name("todo", "db"),
    "sh",
    "-c",
    `PGPASSWORD="$(cat /run/secrets/db_password)" psql -h 127.0.0.1 -U todo -d todo -tA -c "${query}"`,
  );
}

function registry(method: string, route: string, extra: string[] = []): string {
  return execFileSync("curl", ["-fsS", "-m", "30", "-X", method, ...extra, `http://${REGISTRY}/v2/${route}`], {
    encoding: "utf8",
  });
}

function keptVolume(ws: E2eWorkspace): string {
  return ws.name("todo", "db-data");
}

describeDeployedStack(
  "todo",
  {
    // The proxy: the API's Docker name changes with each version (start-first).
    container: "proxy",
    afterDestroy: (ws) => {
      // The database volume is kept on purpose (retainOnDestroy); everything else is gone.
      expect(docker("volume", "ls", "-q", "--filter", `name=^${keptVolume(ws)}$`)).toBe(keptVolume(ws));
      docker("volume", "rm", keptVolume(ws));
    },
  },
  ({ ws, redeploy }) => {
    afterAll(() => {
      // The kept volume, also when a test failed half-way (the workspace removes the run's secret files).
      spawnSync("docker", ["volume", "rm", "-f", keptVolume(ws())]);
    });

    test("through the proxy: add, list and complete TODOs", async () => {
      const first = await api("POST", "/todos", { title: "write the migration" });
      const second = await api("POST", "/todos", { title: "deploy for real" });
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(first.json).toEqual({ id: expect.any(Number), title: "write the migration", done: false });

      const done = await api("POST", `/todos/${first.json.id}/complete`);
      expect(done).toEqual({ status: 200, json: { ...first.json, done: true } });

      const list = await api("GET", "/todos");
      expect(list.json).toEqual([{ ...first.json, done: true }, second.json]);
      expect((await api("POST", "/todos", { title: "" })).status).toBe(400);
      expect((await api("POST", "/todos/999999/complete")).status).toBe(404);
    });

    test("the list is cached in Redis and a write invalidates it", async () => {
      const read = (await fetch(`${BASE}/todos`)).headers.get("x-cache");
      const again = (await fetch(`${BASE}/todos`)).headers.get("x-cache");
      await api("POST", "/todos", { title: "cached?" });
      const afterWrite = (await fetch(`${BASE}/todos`)).headers.get("x-cache");
      expect([read === "hit" || read === "miss", again, afterWrite]).toEqual([true, "hit", "miss"]);
    });

    test("the migration ran once, exited 0, and finished before the API started", () => {
      const migrate = dockerName(ws(), "migrate");
      expect(inspect(migrate, "{{.State.Status}} {{.State.ExitCode}}")).toBe("exited 0");
      const finished = Date.parse(inspect(migrate, "{{.State.FinishedAt}}"));
      const apiStarted = Date.parse(inspect(dockerName(ws(), "api"), "{{.State.StartedAt}}"));
      expect(finished).toBeLessThanOrEqual(apiStarted);
      expect(sql(ws(), "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations")).toBe("1,2");
    });

    test("only the proxy publishes a port; database and cache sit on an internal network without the proxy", () => {
      const published = ["proxy", "api", "migrate", "db", "cache"].map((c) => [
        c,
        JSON.parse(inspect(dockerName(ws(), c), "{{json .HostConfig.PortBindings}}")) ?? {},
      ]);
      expect(Object.fromEntries(published)).toEqual({
        proxy: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "18120" }] },
        api: {},
        migrate: {},
        db: {},
        cache: {},
      });
      const networksOf = (c: string) =>
        Object.keys(JSON.parse(inspect(dockerName(ws(), c), "{{json .NetworkSettings.Networks}}"))).sort();
      const [edge, backend] = [ws().name("todo", "edge"), ws().name("todo", "backend")];
      expect({
        proxy: networksOf("proxy"),
        api: networksOf("api"),
        db: networksOf("db"),
        cache: networksOf("cache"),
      }).toEqual({ proxy: [edge], api: [backend, edge].sort(), db: [backend], cache: [backend] });
      expect(inspect(backend, "{{.Internal}}")).toBe("true");
      expect(inspect(edge, "{{.Internal}}")).toBe("false");
    });

    test("the passwords are neither in the configuration nor in any environment", () => {
      const config = fs.readFileSync(path.join(ws().stackDir("todo"), "cdk.tf.json"), "utf8");
      const state = fs.readFileSync(path.join(ws().dir, "terraform.todo.tfstate"), "utf8");
      for (const secret of ["db_password", "cache_password"]) {
        const value = docker("exec", dockerName(ws(), "api"), "cat", `/run/secrets/${secret}`);
        expect(value.length).toBeGreaterThanOrEqual(40);
        expect(config).not.toContain(value);
        expect(state).not.toContain(value);
        for (const c of ["api", "db", "cache", "proxy"])
          expect(inspect(dockerName(ws(), c), "{{json .Config.Env}}")).not.toContain(value);
      }
      expect(inspect(ws().name("todo", "db"), "{{json .Config.Env}}")).toContain(
        "POSTGRES_PASSWORD_FILE=/run/secrets/db_password",
      );
      const mounts = JSON.parse(inspect(ws().name("todo", "db"), "{{json .Mounts}}"));
      expect(mounts.find((m: { Destination: string }) => m.Destination === "/run/secrets/db_password")).toMatchObject({
        Type: "bind",
        RW: false,
      });
    });

    test("every server runs unprivileged on a read-only root", () => {
      for (const c of ["proxy", "api", "db", "cache"]) {
        const name = dockerName(ws(), c);
        expect({
          c,
          user: inspect(name, "{{.Config.User}}"),
          readOnly: inspect(name, "{{.HostConfig.ReadonlyRootfs}}"),
          uid: docker("exec", name, "id", "-u"),
        }).toEqual({ c, user: "10001:10001", readOnly: "true", uid: "10001" });
      }
      // The server processes themselves, not just the exec'd shell.
      const processes = docker("top", ws().name("todo", "db"), "-o", "pid,uid,comm").split("\n").slice(1);
      expect(processes.length).toBeGreaterThan(3); // postmaster, checkpointer, writers, ...
      expect(processes.map((p) => p.trim().split(/\s+/)[1]).filter((uid) => uid !== "10001")).toEqual([]);
      expect(docker("exec", ws().name("todo", "db"), "postgres", "--version")).toMatch(/PostgreSQL\) 15\./);
    });

    test("the registry holds every digest the deploy pins: what this machine built (tools/dev/server-images.sh)", () => {
      // The build itself fails when the same inputs as the committed lock's give other bytes (reproducibility).
      for (const [name, image] of Object.entries(serverImagesLock().images)) {
        const headers = registry("HEAD", `${image.repository}/manifests/${image.digest}`, [
          "-I",
          "-H",
          `Accept: ${MANIFEST_V2}`,
        ]);
        expect({ name, digest: /docker-content-digest:\s*(\S+)/i.exec(headers)?.[1] }).toEqual({
          name,
          digest: image.digest,
        });
      }
    });

    test("the servers run the images pinned by digest in the lock, pulled from the local registry", () => {
      const images = serverImagesLock().images;
      for (const [c, image] of [
        ["db", "postgres"],
        ["cache", "redis"],
      ]) {
        const reference = `${REGISTRY}/${images[image].repository}@${images[image].digest}`;
        expect(inspect(ws().name("todo", c), "{{.Image}}")).toBe(
          docker("image", "inspect", "-f", "{{.Id}}", reference),
        );
        expect(docker("image", "inspect", "-f", "{{json .RepoDigests}}", reference)).toContain(images[image].digest);
      }
    });

    test("a different image pushed under the same tag changes nothing: the container keeps the pinned digest", () => {
      const { repository, digest } = serverImagesLock().images.redis;
      const cache = ws().name("todo", "cache");
      const imageBefore = inspect(cache, "{{.Image}}");
      const impostor = `${REGISTRY}/${repository}:local`;
      docker("tag", process.env.DOCKER_IAC_BASE_IMAGE ?? "docker-iac/busybox:local", impostor);
      try {
        docker("push", impostor);
        redeploy();
        expect(ws().plan("todo").status).toBe(0);
        expect(inspect(cache, "{{.Image}}")).toBe(imageBefore);
        expect(docker("image", "inspect", "-f", "{{.Id}}", impostor)).not.toBe(imageBefore);
      } finally {
        // Put the tag back on the real image (by its digest), and drop the local impostor tag.
        const manifest = registry("GET", `${repository}/manifests/${digest}`, ["-H", `Accept: ${MANIFEST_V2}`]);
        execFileSync(
          "curl",
          [
            "-fsS",
            "-m",
            "30",
            "-X",
            "PUT",
            "-H",
            `Content-Type: ${MANIFEST_V2}`,
            "--data-binary",
            "@-",
            `http://${REGISTRY}/v2/${repository}/manifests/local`,
          ],
          { input: manifest },
        );
        spawnSync("docker", ["rmi", impostor]);
      }
    });

    test("a new API version under a bounded load: zero failed requests, the old API container gone, a second plan empty", async () => {
      const versionFile = path.join(ws().dir, "examples", "todo", "api", "VERSION");
      const oldVersion = fs.readFileSync(versionFile, "utf8").trim();
      const [oldApi, oldMigrate] = [dockerName(ws(), "api"), dockerName(ws(), "migrate")];
      const oldId = inspect(oldApi, "{{.Id}}");

      // A new version: new source -> new image -> a new API (and migration) container, started
      // next to the old one; the proxy reaches whichever answers to `api`.
      fs.writeFileSync(versionFile, "2\n");
      const deploy = ws().deployAsync("todo");
      // 10 GETs a second over loopback, for as long as the deploy runs, within bounds.
      const load = await requestLoop(`${BASE}/health`, { perSecond: 10, maxRequests: 3000, maxSeconds: 300 }, deploy);
      const result = await deploy;
      expect({ status: result.status, tail: result.status === 0 ? "" : result.output.slice(-3000) }).toEqual({
        status: 0,
        tail: "",
      });
      console.log(
        `todo API upgrade: ${load.failed} of ${load.sent} requests failed in ${load.seconds.toFixed(0)} s; versions ${JSON.stringify(load.versions)}`,
      );
      expect(load.failures).toEqual([]);
      expect(load.sent).toBeGreaterThan(50);
      // Both versions answered during the deploy: the old one until the new one was healthy.
      expect(Object.keys(load.versions).sort()).toEqual([oldVersion, "2"].sort());

      const newApi = dockerName(ws(), "api");
      expect(newApi).not.toBe(oldApi);
      expect(inspect(newApi, "{{.State.Health.Status}}")).toBe("healthy");
      // Neither the old API nor the old migration container is left, by name or by ID.
      for (const gone of [oldApi, oldMigrate, oldId])
        expect(docker("ps", "-a", "-q", "--filter", gone === oldId ? `id=${gone}` : `name=^${gone}$`)).toBe("");
      expect(docker("ps", "-a", "--format", "{{.Names}}", "--filter", `name=^${ws().name("todo", "api")}-`)).toBe(
        newApi,
      );
      expect((await api("GET", "/health")).json).toEqual({ status: "ok", version: "2" });
      const plan = ws().plan("todo");
      expect({ exitCode: plan.status, output: plan.status === 0 ? "" : plan.output }).toEqual({
        exitCode: 0,
        output: "",
      });
    });

    test("a new API version and a replaced database container keep every TODO", async () => {
      const before = (await api("GET", "/todos")).json as Todo[];
      expect(before.length).toBeGreaterThanOrEqual(3);
      const dbName = ws().name("todo", "db");
      const [apiBefore, dbBefore] = [dockerName(ws(), "api"), inspect(dbName, "{{.Id}}")];

      // Another version: new source -> new image -> a new API container under a new name.
      fs.writeFileSync(path.join(ws().dir, "examples", "todo", "api", "VERSION"), "3\n");
      redeploy();
      expect((await api("GET", "/health")).json).toEqual({ status: "ok", version: "3" });
      expect(dockerName(ws(), "api")).not.toBe(apiBefore);

      // A new database container on the same volume.
      const terraform = process.env.TERRAFORM_BINARY_NAME ?? "terraform";
      const replaced = spawnSync(
        terraform,
        ["apply", "-auto-approve", "-input=false", "-no-color", `-replace=${containerAddress(ws(), "db")}`],
        { cwd: ws().stackDir("todo"), encoding: "utf8", timeout: 600_000 },
      );
      expect({
        status: replaced.status,
        tail: replaced.status === 0 ? "" : `${replaced.stdout}${replaced.stderr}`.slice(-3000),
      }).toEqual({ status: 0, tail: "" });
      expect(inspect(dbName, "{{.Id}}")).not.toBe(dbBefore);

      expect(sql(ws(), "SELECT count(*) FROM todos")).toBe(String(before.length));
      await api("POST", "/todos", { title: "after the replacements" });
      const after = (await api("GET", "/todos")).json as Todo[];
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.at(-1)).toMatchObject({ title: "after the replacements", done: false });
    });
  },
);
