// The importer, end to end: a compose file outside the project is imported with the real
// CLI, the generated module is deployed with `cdktf deploy` to a real engine, and the app
// answers as it would under `docker compose up`. Then every corpus file's generated stack
// passes `terraform validate`. Host port 18140 only.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { DockerApp, type DockerStack, parseEnvFile } from "../../constructs";
import { corpusFiles } from "../../tools/cli/import/coverage";
import { generateStack } from "../../tools/cli/import/generate-stack";
import { loadCompose } from "../../tools/cli/import/load-compose";
import { docker, httpGet, inspect } from "./docker";
import { requireToolchainOrExplain } from "./toolchain";
import { E2eWorkspace } from "./workspace";
import type { Construct } from "constructs";

const REPO = path.resolve(__dirname, "..", "..");
const FIXTURE = path.join(REPO, "test", "fixtures", "compose-app");
const STACK = "compose-app";
const ready = requireToolchainOrExplain();
const describeIf = ready ? describe : describe.skip;

describeIf("an imported compose app, deployed to a real Docker engine", () => {
  let ws: E2eWorkspace;
  let composeDir: string;
  let importOutput: string;
  // The user keeps the token in the compose folder's .env and gives it to Terraform at deploy.
  const token = parseEnvFile(fs.readFileSync(path.join(FIXTURE, ".env"), "utf8")).API_TOKEN;
  const name = (service: string) => ws.name(STACK, service);

  beforeAll(() => {
    ws = new E2eWorkspace();
    // Anywhere on disk: a folder of its own, outside the project.
    composeDir = fs.mkdtempSync(path.join(os.tmpdir(), `docker-iac-compose-app-${ws.runId}-`));
    fs.cpSync(FIXTURE, composeDir, { recursive: true });
    // GREETING comes from the compose folder's .env, unless the shell sets it (the shell wins).
    const env = { ...process.env };
    delete env.GREETING;
    const imported = spawnSync(
      "npm",
      [
        "run",
        "-s",
        "import",
        "--",
        path.join(composeDir, "compose.yaml"),
        "--class",
        "ComposeAppStack",
        "--out",
        "stacks/compose-app.ts",
      ],
      {
        cwd: ws.dir,
        encoding: "utf8",
        env,
      },
    );
    if (imported.status !== 0) throw new Error(`import failed:\n${imported.stderr}`);
    importOutput = imported.stdout;
    process.env.TF_VAR_API_TOKEN = token;
    fs.writeFileSync(
      path.join(ws.dir, "stacks", "compose-main.ts"),
      [
        'import { DockerApp } from "docker-iac";',
        'import { ComposeAppStack } from "./compose-app";',
        "",
        "const app = new DockerApp();",
        `new ComposeAppStack(app, ${JSON.stringify(STACK)});`,
        "app.synth();",
        "",
      ].join("\n"),
    );
    const cdktf = JSON.parse(fs.readFileSync(path.join(ws.dir, "cdktf.json"), "utf8"));
    fs.writeFileSync(
      path.join(ws.dir, "cdktf.json"),
      JSON.stringify({ ...cdktf, app: "node -r ./tools/dev/register-ts.js stacks/compose-main.ts" }, null, 2),
    );
    ws.deploy(STACK);
  });

  afterAll(() => {
    delete process.env.TF_VAR_API_TOKEN;
    ws?.cleanUp();
    if (composeDir) fs.rmSync(composeDir, { recursive: true, force: true });
  });

  test("the page answers on 127.0.0.1 with .env, env_file, bind mount, service name and migration all in place", async () => {
    const page = await httpGet("http://127.0.0.1:18140/");
    expect(page.trim().split("\n")).toEqual([
      "greeting: hello from .env",
      "env file: single-quoted, kept as is: $HOME",
      "banner: a relative bind mount",
      "db status: ready",
      "migration: schema v2",
    ]);
    expect(JSON.parse(inspect(name("web"), "{{json .HostConfig.PortBindings}}"))).toEqual({
      "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "18140" }],
    });
  });

  test("secrets: the .env one is what TF_VAR_API_TOKEN gave at deploy, the one with a default in the compose file has it; neither is in the code or cdk.tf.json", () => {
    expect(importOutput).toContain(
      "secrets, given at deploy (never written): TF_VAR_API_TOKEN, TF_VAR_ADMIN_PASSWORD (optional: the compose file's default)",
    );
    const env: string[] = JSON.parse(inspect(name("web"), "{{json .Config.Env}}"));
    expect(env).toEqual(expect.arrayContaining([`API_TOKEN=${token}`, "ADMIN_PASSWORD=admin-default-from-compose"]));
    expect(fs.readFileSync(path.join(ws.dir, "stacks", "compose-app.ts"), "utf8")).not.toContain(token);
    const synthesized = fs.readFileSync(path.join(ws.stackDir(STACK), "cdk.tf.json"), "utf8");
    expect(synthesized).not.toContain(token);
    expect(synthesized).toContain("API_TOKEN=${var.API_TOKEN}");
  });

  test("the web container runs with the image's WORKDIR and USER and Docker's own defaults (compose profile)", () => {
    expect(inspect(name("web"), "{{.Config.WorkingDir}}")).toBe("/srv/app");
    expect(inspect(name("web"), "{{.Config.User}}")).toBe("1000:1000");
    const host = JSON.parse(inspect(name("web"), "{{json .HostConfig}}"));
    expect({
      memory: host.Memory,
      readonly: host.ReadonlyRootfs,
      capDrop: host.CapDrop,
      restart: host.RestartPolicy.Name,
      init: host.Init,
    }).toEqual({ memory: 0, readonly: false, capDrop: null, restart: "no", init: true });
    expect(host.Ulimits).toEqual([{ Name: "nofile", Soft: 4096, Hard: 4096 }]);
  });

  test("the db container carries the runtime settings of the compose file", () => {
    const host = JSON.parse(inspect(name("db"), "{{json .HostConfig}}"));
    expect({
      memory: host.Memory,
      memorySwap: host.MemorySwap,
      cpuPeriod: host.CpuPeriod,
      cpuQuota: host.CpuQuota,
      shm: host.ShmSize,
      sysctls: host.Sysctls,
      log: host.LogConfig,
      extraHosts: host.ExtraHosts,
      dnsSearch: host.DnsSearch,
      groupAdd: host.GroupAdd,
      capDrop: host.CapDrop,
      securityOpt: host.SecurityOpt,
    }).toEqual({
      memory: 64 * 1048576,
      memorySwap: 128 * 1048576,
      cpuPeriod: 100000,
      cpuQuota: 50000,
      shm: 32 * 1048576,
      sysctls: { "net.core.somaxconn": "1024" },
      log: { Type: "json-file", Config: { "max-file": "2", "max-size": "1m" } },
      extraHosts: ["gateway.internal:host-gateway"],
      dnsSearch: ["example.internal"],
      groupAdd: ["1234"],
      capDrop: ["CAP_MKNOD"],
      securityOpt: ["no-new-privileges:true"],
    });
    expect(inspect(name("db"), "{{.Config.Tty}} {{.Config.OpenStdin}}")).toBe("true true");
  });

  test("dependencies held: db healthy, migration exited 0 before web started", () => {
    expect(inspect(name("db"), "{{.State.Health.Status}}")).toBe("healthy");
    expect(inspect(name("migrate"), "{{.State.ExitCode}}")).toBe("0");
    const migrated = Date.parse(inspect(name("migrate"), "{{.State.FinishedAt}}"));
    const webStarted = Date.parse(inspect(name("web"), "{{.State.StartedAt}}"));
    expect(webStarted).toBeGreaterThan(migrated);
  });

  test("a second plan right after deploy is empty", () => {
    const plan = ws.plan(STACK);
    expect({ exitCode: plan.status, output: plan.status === 0 ? "" : plan.output }).toEqual({
      exitCode: 0,
      output: "",
    });
  });

  test("a container removed by hand shows up in the plan and a redeploy restores it", () => {
    docker("rm", "-f", name("web"));
    expect(ws.plan(STACK).status).toBe(2);
    ws.deploy(STACK);
    expect(docker("ps", "-q", "--filter", `name=^${name("web")}$`)).not.toBe("");
    expect(ws.plan(STACK).status).toBe(0);
  });

  test("destroy leaves no container, network, volume or image of the stack behind", () => {
    ws.destroy(STACK);
    expect(ws.leftovers(STACK)).toEqual([]);
  });
});

describeIf("every corpus file, imported", () => {
  const out = fs.mkdtempSync(path.join(REPO, "test", ".import-out", "validate-"));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test.each(corpusFiles())("$project: the generated stack passes terraform validate", ({ project, file }) => {
    const outFile = path.join(out, `${project}.ts`);
    const { code } = generateStack(loadCompose(file, {}), { className: "Imported", outFile });
    fs.writeFileSync(outFile, code);
    const Stack = require(outFile).Imported as new (scope: Construct, id: string) => DockerStack; // eslint-disable-line @typescript-eslint/no-require-imports
    const context: Record<string, unknown> = {};
    if (process.env.DOCKER_IAC_PROVIDER_VERSION)
      context.dockerProviderVersion = process.env.DOCKER_IAC_PROVIDER_VERSION;
    // A DockerApp, as any program that uses the library makes (a plain cdktf App is refused).
    const stack = new Stack(
      new DockerApp({ context: { ...Testing.app().node.getAllContext(), ...context }, reportErrors: false }),
      project,
    );
    expect(Testing.fullSynth(stack)).toBeValidTerraform();
  });
});
