import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { DockerStack } from "../../../../constructs";
import { corpusCoverage, corpusFiles, formatCoverage } from "../../../../tools/cli/import/coverage";
import { parseEnvFile } from "../../../../constructs";
import { generateStack, looksSecret } from "../../../../tools/cli/import/generate-stack";
import { loadCompose } from "../../../../tools/cli/import/load-compose";
import { composeTodoFolder } from "../../../compose-todo-folder";
import { testApp } from "../../../helpers";
import { typecheck } from "./typecheck";
import type { Construct } from "constructs";

const REPO = path.resolve(__dirname, "..", "..", "..", "..");
// Inside the repo (git- and lint-ignored), so the snapshots hold stable relative paths.
const OUT = path.join(REPO, "test", ".import-out");
const pascal = (s: string) =>
  s
    .split(/[^a-z0-9]+/i)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");

type StackClass = new (scope: Construct, id: string) => DockerStack;

/** Writes the module and loads it the way a user's program would (require by path). */
function writeAndLoad(file: string, code: string, className: string): StackClass {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, code);
  return require(file)[className] as StackClass; // eslint-disable-line @typescript-eslint/no-require-imports
}

function synthesize(Stack: StackClass): void {
  const app = testApp();
  new Stack(app, "imported");
  app.synth();
}

const corpus = corpusFiles();

describe("importing the corpus of real compose files", () => {
  test("holds at least 15 files, each with its source noted", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(15);
    for (const { file } of corpus) {
      const source = fs.readFileSync(path.join(path.dirname(file), "SOURCE.md"), "utf8");
      expect(source).toMatch(/repository: github\.com\/[\w.-]+\/[\w.-]+/);
      expect(source).toMatch(/commit: `[0-9a-f]{40}`/);
      expect(source).toMatch(/licence: \S/);
    }
  });

  test.each(corpus)("$project: generated code matches the snapshot and synthesizes", ({ project, file }) => {
    const className = `${pascal(project)}Stack`;
    const out = path.join(OUT, `${project}.ts`);
    const result = generateStack(loadCompose(file, {}), { className, outFile: out });
    expect(result.code).toMatchSnapshot();
    expect(result.code).toContain(`export class ${className} extends DockerStack {`);
    expect(() => synthesize(writeAndLoad(out, result.code, className))).not.toThrow();
  });

  test.each(corpus)(
    "$project: no secret of its .env or env files is in the generated code or in cdk.tf.json",
    ({ project, file }) => {
      const folder = path.dirname(file);
      const secrets = fs
        .readdirSync(folder)
        .filter((f) => f === ".env" || f.endsWith(".env") || f.startsWith(".env."))
        .flatMap((f) => Object.entries(parseEnvFile(fs.readFileSync(path.join(folder, f), "utf8"))))
        .filter(([name, value]) => looksSecret(name) && value.length >= 6)
        .map(([, value]) => value);
      const className = `${pascal(project)}Stack`;
      const out = path.join(OUT, `${project}.ts`);
      const { code } = generateStack(loadCompose(file, {}), { className, outFile: out });
      const Stack = writeAndLoad(out, code, className);
      const json = JSON.stringify(new Stack(testApp(), "imported").toTerraform());
      for (const value of secrets) {
        expect(code).not.toContain(value);
        expect(json).not.toContain(value);
      }
    },
  );

  test("the generated modules type-check with the repository's strict settings, no edits", () => {
    const files = fs
      .readdirSync(OUT)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => path.join(OUT, f));
    expect(files.length).toBeGreaterThanOrEqual(corpus.length);
    typecheck(files);
  });

  test("the coverage table in docs/compose.md is the current one, and at least 90 % of key uses are mapped", () => {
    const coverage = corpusCoverage();
    expect(
      (coverage.mapped + coverage.changed) / (coverage.mapped + coverage.changed + coverage.commented),
    ).toBeGreaterThanOrEqual(0.9);
    expect(fs.readFileSync(path.join(REPO, "docs", "compose.md"), "utf8")).toContain(formatCoverage(coverage));
  });
});

describe("the importer", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-import-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function compose(text: string, files: Record<string, string> = {}): string {
    for (const [name, body] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), body);
    }
    fs.writeFileSync(path.join(dir, "compose.yaml"), text);
    return path.join(dir, "compose.yaml");
  }

  test("a compose file anywhere on disk: paths resolve against its folder; the module type-checks and synthesizes", () => {
    const file = compose(
      [
        "services:",
        "  web:",
        "    build: ./app",
        "    volumes: ['./html:/www:ro']",
        "    env_file: [app.env]",
        "    ports: ['127.0.0.1:18149:8080']",
      ].join("\n"),
      { "app/Dockerfile": "FROM docker-iac/busybox:local\n", "app.env": "A=1\n", "html/index.html": "hi\n" },
    );
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-import-out-"));
    try {
      const out = path.join(outDir, "nested", "web-stack.ts");
      const { code } = generateStack(loadCompose(file, {}), { className: "WebStack", outFile: out });
      expect(code).toContain('} from "docker-iac";');
      const Stack = writeAndLoad(out, code, "WebStack");
      typecheck([out]);
      synthesize(Stack);
      const stack = new Stack(testApp(), "web");
      const container = Object.values<any>((stack.toTerraform() as any).resource.docker_container)[0]; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(container.volumes).toEqual([
        { host_path: path.join(dir, "html"), container_path: "/www", read_only: true },
      ]);
      expect(container.env).toEqual(["A=1"]);
      expect(container.ports).toEqual([{ internal: 8080, external: 18149, ip: "127.0.0.1", protocol: "tcp" }]);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });

  test("a service on Compose's `default` network and a declared one joins the stack's own network and the other", () => {
    const file = compose(
      [
        "services:",
        "  web:",
        "    image: busybox:1.37.0",
        "    networks: [default, back]",
        "  db:",
        "    image: busybox:1.37.0",
        "    networks: [back]",
        "networks:",
        "  back: {}",
      ].join("\n"),
    );
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-import-out-"));
    try {
      const out = path.join(outDir, "net-stack.ts");
      const { code } = generateStack(loadCompose(file, {}), { className: "NetStack", outFile: out });
      expect(code).toContain("network: BridgeNetwork.defaultFor(this),");
      const Stack = writeAndLoad(out, code, "NetStack");
      typecheck([out]);
      const stack = new Stack(testApp(), "net");
      const json = stack.toTerraform() as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      const networks = Object.keys(json.resource.docker_network).sort();
      expect(networks).toEqual([expect.stringMatching(/^BackNetwork/), expect.stringMatching(/^DefaultNetwork/)]);
      const web = Object.values<any>(json.resource.docker_container).find((c) => c.name === "net-web"); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(web.networks_advanced).toHaveLength(2);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });

  test("interpolates as `docker compose config`: shell over .env, defaults, required values, $$", () => {
    const file = compose(
      [
        "services:",
        "  app:",
        "    image: busybox:${TAG:-1.37.0}",
        "    environment:",
        "      FROM_DOTENV: ${DOTENV_ONLY}",
        "      SHELL_WINS: ${BOTH}",
        "      DASH_ONLY: ${EMPTY-unused}",
        "      LITERAL: $$HOME",
        "      REQUIRED: ${NEEDED:?set NEEDED}",
      ].join("\n"),
      { ".env": "DOTENV_ONLY=dotenv\nBOTH=dotenv\nEMPTY=\nNEEDED=yes\n" },
    );
    const loaded = loadCompose(file, { BOTH: "shell" });
    expect(loaded.doc.services.app.image).toBe("busybox:1.37.0");
    expect(loaded.doc.services.app.environment).toEqual({
      FROM_DOTENV: "dotenv",
      SHELL_WINS: "shell",
      DASH_ONLY: "",
      LITERAL: "$HOME",
      REQUIRED: "yes",
    });
    fs.writeFileSync(path.join(dir, ".env"), "");
    expect(() => loadCompose(file, {})).toThrow(
      "services.app.environment.REQUIRED: required variable NEEDED is missing a value: set NEEDED",
    );
  });

  test("validates against the compose-spec schema", () => {
    expect(() => loadCompose(compose("services:\n  app:\n    image: x\n    restart_policy: always\n"), {})).toThrow(
      "not a valid compose file: services.app must NOT have additional properties 'restart_policy' (compose-spec schema)",
    );
    expect(() => loadCompose(compose("services:\n  app:\n    ports: {a: 1}\n"), {})).toThrow(
      "services.app.ports must be array",
    );
  });

  test("comments every key it cannot map, at its place, with a warning naming the key path", () => {
    const file = compose(
      [
        "services:",
        "  app:",
        "    image: busybox:1.37.0",
        "    pids_limit: 100",
        "    links: [db]",
        "    secrets: [token]",
        "    deploy:",
        "      replicas: 3",
        "      resources:",
        "        reservations: { memory: 64m }",
        "  db:",
        "    image: busybox:1.37.0",
        "secrets:",
        "  token: { file: ./token.txt }",
      ].join("\n"),
    );
    const result = generateStack(loadCompose(file, {}), { className: "App", outFile: path.join(dir, "app.ts") });
    for (const keyPath of [
      "services.app.pids_limit",
      "services.app.links",
      "services.app.secrets",
      "services.app.deploy.replicas",
      "services.app.deploy.resources.reservations.memory",
      "secrets",
    ]) {
      expect(result.code).toContain(`// NOT MAPPED ${keyPath} = `);
      expect(result.warnings.some((w) => w.startsWith(`warning: ${keyPath} is not mapped: `))).toBe(true);
      expect(result.uses).toContainEqual(expect.objectContaining({ path: keyPath, status: "commented" }));
    }
    expect(() => synthesize(writeAndLoad(path.join(dir, "app.ts"), result.code, "App"))).not.toThrow();
  });

  test("maps the runtime settings, dependencies and healthchecks to typed props", () => {
    const file = compose(
      [
        "name: shop",
        "services:",
        "  migrate:",
        "    image: busybox:1.37.0",
        "    command: sh -c 'echo migrated'",
        "  db:",
        "    image: busybox:1.37.0",
        "    healthcheck: { test: ['CMD', 'true'], interval: 1m30s }",
        "    ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 512 }",
        "    stop_signal: SIGINT",
        "    stop_grace_period: 1m",
        "    sysctls: ['net.core.somaxconn=1024']",
        "    shm_size: 128m",
        "    mem_limit: 1g",
        "    cpus: 0.5",
        "    extra_hosts: ['gw:host-gateway']",
        "    logging: { driver: json-file, options: { max-size: 10m } }",
        "    init: true",
        "    tty: true",
        "    restart: on-failure:3",
        "  web:",
        "    image: busybox:1.37.0",
        "    depends_on:",
        "      db: { condition: service_healthy }",
        "      migrate: { condition: service_completed_successfully }",
        "    ports: ['18148:80/udp']",
      ].join("\n"),
    );
    const { code } = generateStack(loadCompose(file, {}), { className: "Shop", outFile: path.join(dir, "shop.ts") });
    expect(code).toContain('namePrefix: "shop"');
    expect(code).toContain('command: ["sh", "-c", "echo migrated"]');
    expect(code).toContain("mustRun: false");
    expect(code).toContain(
      "dependsOn: [{ container: db, condition: DependencyCondition.HEALTHY }, { container: migrate, condition: DependencyCondition.COMPLETED_SUCCESSFULLY }]",
    );
    expect(code).toContain(
      'healthcheck: Healthcheck.fromCommand(["true"], { intervalSeconds: 90, timeoutSeconds: 30, retries: 3, startPeriodSeconds: 0 })',
    );
    expect(code).toContain(
      'ulimits: [{ name: "nofile", soft: 1024, hard: 2048 }, { name: "nproc", soft: 512, hard: 512 }]',
    );
    expect(code).toContain("memoryMiB: 1024,");
    expect(code).toContain("cpuLimit: 0.5,");
    expect(code).toContain("shmSizeMiB: 128,");
    expect(code).toContain("stopTimeoutSeconds: 60,");
    expect(code).toContain("maxRestartRetries: 3,");
    expect(code).toContain("{ containerPort: 80, hostPort: 18148, protocol: Protocol.UDP }");
    const Stack = writeAndLoad(path.join(dir, "shop.ts"), code, "Shop");
    const app = testApp();
    const stack = new Stack(app, "shop");
    const containers = (stack.toTerraform() as any).resource.docker_container; // eslint-disable-line @typescript-eslint/no-explicit-any
    const db = Object.values<any>(containers).find((c) => c.name === "shop-db"); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(db).toMatchObject({
      stop_signal: "SIGINT",
      init: true,
      tty: true,
      shm_size: 128,
      memory: 1024,
      cpu_quota: 50000,
      restart: "on-failure",
      max_retry_count: 3,
    });
  });

  test("two keys for one prop keep the first and comment the second, so the module still compiles", () => {
    const file = compose(
      "services:\n  app:\n    image: busybox:1.37.0\n    mem_limit: 64m\n    deploy: { resources: { limits: { memory: 64m } } }\n",
    );
    const { code } = generateStack(loadCompose(file, {}), { className: "App", outFile: path.join(dir, "app.ts") });
    expect(code.match(/^\s+memoryMiB: 64,$/gm)).toHaveLength(1);
    expect(code).toContain("// memoryMiB is set twice in the compose file; the first value is used: memoryMiB: 64,");
    expect(() => synthesize(writeAndLoad(path.join(dir, "app.ts"), code, "App"))).not.toThrow();
  });

  test("chooses the hardened profile when asked", () => {
    const file = compose("services:\n  app:\n    image: busybox:1.37.0\n");
    const { code } = generateStack(loadCompose(file, {}), {
      className: "App",
      outFile: path.join(dir, "app.ts"),
      defaults: "hardened",
    });
    expect(code).toContain("defaultsProfile: DefaultsProfile.HARDENED");
  });

  test("refuses a dependency cycle and an undeclared volume with one clean message", () => {
    const cyc = compose(
      "services:\n  a: { image: busybox:1.37.0, depends_on: [b] }\n  b: { image: busybox:1.37.0, depends_on: [a] }\n",
    );
    expect(() => generateStack(loadCompose(cyc, {}), { className: "A", outFile: path.join(dir, "a.ts") })).toThrow(
      "depends_on has a cycle: a -> b -> a",
    );
    const vol = compose("services:\n  a: { image: busybox:1.37.0, volumes: ['data:/data'] }\n");
    expect(() => generateStack(loadCompose(vol, {}), { className: "A", outFile: path.join(dir, "a.ts") })).toThrow(
      "services.a.volumes.0 uses volume 'data', which volumes: does not declare",
    );
  });

  test("the CLI writes the module, warns on stderr, and fails with one line on bad input", () => {
    const file = compose("services:\n  app:\n    image: busybox:1.37.0\n    pids_limit: 10\n");
    const out = path.join(dir, "out", "app-stack.ts");
    const ok = spawnSync(
      process.execPath,
      ["-r", "./tools/dev/register-ts.js", "tools/cli/main.ts", "import", file, "--class", "AppStack", "--out", out],
      { cwd: REPO, encoding: "utf8" },
    );
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain("warning: services.app.pids_limit is not mapped: ");
    expect(ok.stdout).toContain("1 of 2 key uses mapped, 1 commented");
    expect(fs.readFileSync(out, "utf8")).toContain("export class AppStack extends DockerStack");
    const bad = spawnSync(
      process.execPath,
      [
        "-r",
        "./tools/dev/register-ts.js",
        "tools/cli/main.ts",
        "import",
        path.join(dir, "missing.yaml"),
        "--class",
        "AppStack",
        "--out",
        out,
      ],
      { cwd: REPO, encoding: "utf8" },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split("\n")).toEqual([
      `docker-iac import: compose file '${path.join(dir, "missing.yaml")}' does not exist`,
    ]);
  });
});

describe("the TODO app's compose file (test/fixtures/compose-todo, deployed by test/e2e/compose-todo)", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-compose-todo-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("imports with every key mapped, type-checks, and synthesizes the todo app's shape", () => {
    const file = composeTodoFolder(dir);
    const out = path.join(dir, "out", "compose-todo.ts");
    const result = generateStack(loadCompose(file, {}), { className: "ComposeTodoStack", outFile: out });
    expect(result.warnings).toEqual([]);
    expect(result.uses.filter((u) => u.status === "commented")).toEqual([]);
    const Stack = writeAndLoad(out, result.code, "ComposeTodoStack");
    typecheck([out]);
    const tf = new Stack(testApp(), "compose-todo").toTerraform() as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const containers = Object.values<any>(tf.resource.docker_container); // eslint-disable-line @typescript-eslint/no-explicit-any
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const byName: Record<string, any> = Object.fromEntries(
      containers.map((c) => [c.name.replace(/^compose-todo-/, ""), c]),
    );
    expect(Object.keys(byName).sort()).toEqual(["api", "cache", "db", "migrate", "proxy"]);
    expect(Object.fromEntries(Object.entries(byName).map(([n, c]) => [n, c.ports ?? []]))).toEqual({
      proxy: [{ internal: 8080, external: 18144, ip: "127.0.0.1", protocol: "tcp" }],
      api: [],
      migrate: [],
      db: [],
      cache: [],
    });
    expect(byName.migrate.must_run).toBe(false);
    const lock = JSON.parse(fs.readFileSync(path.join(REPO, "stacks", "server-images.lock.json"), "utf8"));
    const images = Object.values<any>(tf.resource.docker_image).map((i) => i.name); // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const server of ["postgres", "redis"])
      expect(images).toContain(`${lock.registry}/${lock.images[server].repository}@${lock.images[server].digest}`);
    const networks = Object.values<any>(tf.resource.docker_network); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(networks.map((n) => [n.name, n.internal ?? false]).sort()).toEqual([
      ["compose-todo-backend-network", true],
      ["compose-todo-edge-network", false],
    ]);
    expect(byName.db.volumes).toContainEqual({
      host_path: path.join(dir, "secrets", "db_password"),
      container_path: "/run/secrets/db_password",
      read_only: true,
    });
  });
});
