// The importer on what Compose users' real files do: secrets from .env, paths, extends,
// include, profiles, several files, and what Compose accepts or refuses.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { DockerStack } from "../../../../constructs";
import { importCompose, type ImportComposeOptions } from "../../../../tools/cli/import/import-compose";
import { testApp } from "../../../helpers";
import { typecheck } from "./typecheck";
import type { Construct } from "constructs";

const REPO = path.resolve(__dirname, "..", "..", "..", "..");
// Inside the repo (git-ignored), so the modules resolve "docker-iac" and "cdktf" as a project does.
const OUT = path.join(REPO, "test", ".import-out", "semantics");

type StackClass = new (scope: Construct, id: string, props?: Record<string, unknown>) => DockerStack;
/* eslint-disable @typescript-eslint/no-explicit-any */

let dir: string;
let n = 0;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-semantics-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function files(entries: Record<string, string>): void {
  for (const [name, body] of Object.entries(entries)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), body);
  }
}

/** Imports compose.yaml (and more files) of `dir` with a fixed environment; returns the code and the loaded class. */
function importDir(options: Partial<ImportComposeOptions> = {}, env: NodeJS.ProcessEnv = {}) {
  const className = `Semantics${++n}Stack`;
  const outFile = path.join(OUT, `semantics-${n}.ts`);
  const result = importCompose({ files: [path.join(dir, "compose.yaml")], className, outFile, env, ...options });
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(outFile, result.code);
  const Stack = require(outFile)[className] as StackClass; // eslint-disable-line @typescript-eslint/no-require-imports
  return { ...result, Stack };
}

/** What cdk.tf.json would hold for the stack, as text and parsed. */
function synth(Stack: StackClass, props?: Record<string, unknown>): { text: string; json: any } {
  const stack = new Stack(testApp(), "semantics", props);
  const json = stack.toTerraform() as any;
  return { text: JSON.stringify(json), json };
}

const containers = (json: any): any[] => Object.values(json.resource?.docker_container ?? {});

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["-r", "./tools/dev/register-ts.js", "tools/cli/main.ts", "import", ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { PATH: process.env.PATH },
  });
}

describe("values from .env and the environment", () => {
  const compose =
    [
      "services:",
      "  app:",
      "    image: busybox:1.37.0",
      "    environment:",
      "      DB_PASSWORD: ${DB_PASSWORD}",
      "      DATABASE_URL: postgres://app:${DB_PASSWORD}@db/app",
      "      GREETING: ${GREETING:-hello}",
      "      API_URL: ${API_URL}",
      "      MODE: production",
    ].join("\n") + "\n";

  test("a secret from .env is never in the generated source, and only a variable reference in cdk.tf.json", () => {
    files({
      "compose.yaml": compose,
      ".env": "DB_PASSWORD=hunter2-from-dotenv\nGREETING=hi-from-dotenv\nAPI_URL=https://api.example\n",
    });
    const { code, Stack } = importDir();
    expect(code).not.toContain("hunter2");
    expect(code).not.toContain("hi-from-dotenv");
    expect(code).toContain('new TerraformVariable(this, "DB_PASSWORD", { type: "string", sensitive: true');
    expect(code).toContain('GREETING: composeEnv.resolve("${GREETING:-hello}", "services.app.environment.GREETING")');
    expect(code).toContain('MODE: "production"');
    const { text, json } = synth(Stack);
    expect(text).not.toContain("hunter2");
    expect(json.variable.DB_PASSWORD).toMatchObject({ type: "string", sensitive: true });
    expect([...containers(json)[0].env].sort()).toEqual([
      "API_URL=https://api.example",
      "DATABASE_URL=postgres://app:${var.DB_PASSWORD}@db/app",
      "DB_PASSWORD=${var.DB_PASSWORD}",
      "GREETING=hi-from-dotenv",
      "MODE=production",
    ]);
  });

  test("--secret marks a variable whose name does not say so", () => {
    files({ "compose.yaml": compose, ".env": "DB_PASSWORD=x\nAPI_URL=https://user:pw@api.example\n" });
    const { code, Stack } = importDir({ secrets: ["API_URL"] });
    expect(code).not.toContain("user:pw");
    const { text, json } = synth(Stack);
    expect(text).not.toContain("user:pw");
    expect(json.variable.API_URL.sensitive).toBe(true);
  });

  test("a secret's default written in the compose file stays a literal: the variable's default, used when TF_VAR_<NAME> is not given", () => {
    files({
      "compose.yaml":
        [
          "services:",
          "  app:",
          "    image: busybox:1.37.0",
          "    environment:",
          "      DB_PASSWORD: ${DB_PASSWORD:-secret}",
          "      DATABASE_URL: postgres://app:${DB_PASSWORD:-secret}@db/app",
          "      SMTP_PASSWORD: ${SMTP_PASSWORD-}",
          "      API_TOKEN: ${API_TOKEN:?give the API token}",
          "      JWT_SECRET: ${JWT_SECRET:-one}",
          "      JWT_SECRET_AGAIN: ${JWT_SECRET:-two}",
          "      REDIS_PASSWORD: ${REDIS_PASSWORD:-${REDIS_HOST}}",
        ].join("\n") + "\n",
      ".env": "DB_PASSWORD=hunter2-from-dotenv\nAPI_TOKEN=tok-from-dotenv\n",
    });
    const { code, secrets, Stack } = importDir();
    expect(code).not.toContain("hunter2");
    expect(code).not.toContain("tok-from-dotenv");
    expect(code).toContain(
      'new TerraformVariable(this, "DB_PASSWORD", { type: "string", sensitive: true, default: "secret", ',
    );
    expect(secrets).toEqual([
      { name: "DB_PASSWORD", required: false },
      { name: "SMTP_PASSWORD", required: false },
      { name: "API_TOKEN", required: true },
      // Two defaults for one variable, or one that reads another variable: no literal to use, required.
      { name: "JWT_SECRET", required: true },
      { name: "REDIS_PASSWORD", required: true },
    ]);
    const { text, json } = synth(Stack);
    expect(text).not.toContain("hunter2");
    expect(json.variable.DB_PASSWORD).toEqual(
      expect.objectContaining({ type: "string", sensitive: true, default: "secret" }),
    );
    expect(json.variable.SMTP_PASSWORD.default).toBe("");
    for (const required of ["API_TOKEN", "JWT_SECRET", "REDIS_PASSWORD"])
      expect(json.variable[required].default).toBeUndefined();
    expect([...containers(json)[0].env].sort()).toEqual([
      "API_TOKEN=${var.API_TOKEN}",
      "DATABASE_URL=postgres://app:${var.DB_PASSWORD}@db/app",
      "DB_PASSWORD=${var.DB_PASSWORD}",
      "JWT_SECRET=${var.JWT_SECRET}",
      "JWT_SECRET_AGAIN=${var.JWT_SECRET}",
      "REDIS_PASSWORD=${var.REDIS_PASSWORD}",
      "SMTP_PASSWORD=${var.SMTP_PASSWORD}",
    ]);
  });

  test("a required variable missing at synth is one clean line naming the key", () => {
    files({
      "compose.yaml":
        "services:\n  app:\n    image: busybox:1.37.0\n    environment:\n      REGION: ${REGION:?set the region}\n",
    });
    const { Stack } = importDir({}, { REGION: "eu" });
    const saved = process.env.REGION;
    delete process.env.REGION;
    try {
      expect(() => synth(Stack)).toThrow(
        /^\[services\.app\.environment\.REGION\] required variable REGION is missing a value: set the region\. Fix: .*\(InvalidInterpolation\)$/,
      );
    } finally {
      if (saved !== undefined) process.env.REGION = saved;
    }
  });

  test("an entry without value is passed at synth when set, as Compose passes it, and unset is no warning", () => {
    files({ "compose.yaml": "services:\n  app:\n    image: busybox:1.37.0\n    environment: [LANGUAGE_UNSET_HERE]\n" });
    const { code, warnings, Stack } = importDir();
    expect(warnings).toEqual([]);
    expect(code).toContain('...composeEnv.passThrough("LANGUAGE_UNSET_HERE"),');
    process.env.LANGUAGE_UNSET_HERE = "fr";
    try {
      expect(containers(synth(Stack).json)[0].env).toEqual(["LANGUAGE_UNSET_HERE=fr"]);
    } finally {
      delete process.env.LANGUAGE_UNSET_HERE;
    }
  });
});

describe("paths resolve against the compose file's folder at synth", () => {
  test("${PWD}, ~ and relative paths", () => {
    files({
      "compose.yaml":
        "services:\n  app:\n    image: busybox:1.37.0\n    volumes:\n      - ${PWD}/data:/data\n      - ~/cfg:/cfg:ro\n      - ./rel:/rel\n",
    });
    const { code, Stack } = importDir({}, { PWD: "/somewhere-else", HOME: "/importers-home" });
    expect(code).not.toContain("/somewhere-else");
    expect(code).not.toContain("/importers-home");
    const volumes = containers(synth(Stack).json)[0].volumes.map((v: any) => [v.host_path, v.container_path]);
    expect(volumes).toEqual([
      [path.join(dir, "data"), "/data"],
      [path.join(os.homedir(), "cfg"), "/cfg"],
      [path.join(dir, "rel"), "/rel"],
    ]);
  });
});

describe("what Compose accepts synthesizes", () => {
  test("service_healthy on a service whose healthcheck is its image's: deploy waits for it, with a warning", () => {
    files({
      "compose.yaml":
        "services:\n  web:\n    image: busybox:1.37.0\n    depends_on:\n      db: { condition: service_healthy }\n  db:\n    image: postgres:16.4\n",
    });
    const { warnings, Stack } = importDir();
    expect(warnings).toEqual([
      expect.stringMatching(
        /^warning: services\.web\.depends_on\.db: service_healthy on db, whose healthcheck comes from its image: synth cannot see it/,
      ),
    ]);
    const db = containers(synth(Stack).json).find((c) => c.name.endsWith("db"));
    expect(db.wait).toBe(true);
  });

  test('dns_search: "" means none', () => {
    files({ "compose.yaml": 'services:\n  app:\n    image: busybox:1.37.0\n    dns_search: ""\n' });
    const { Stack } = importDir();
    expect(containers(synth(Stack).json)[0].dns_search).toBeUndefined();
  });

  test('booleans as compose-go reads them: read_only: "yes", init: "on", tty: "off"', () => {
    files({
      "compose.yaml":
        'services:\n  app:\n    image: busybox:1.37.0\n    read_only: "yes"\n    init: "on"\n    tty: "off"\n',
    });
    const { code, Stack } = importDir();
    expect(code).toContain("readOnlyRootFilesystem: true,");
    const c = containers(synth(Stack).json)[0];
    expect([c.read_only, c.init, c.tty ?? false]).toEqual([true, true, false]);
  });
});

describe("image: beside build:", () => {
  test("names the built image, so another service's FROM finds it: tagged so, and built first", () => {
    files({
      "compose.yaml": "services:\n  base:\n    build: ./base\n    image: myorg/base\n  app:\n    build: ./app\n",
      "base/Dockerfile": "FROM docker-iac/busybox:local\n",
      "app/Dockerfile": "FROM myorg/base AS run\nFROM run\n",
    });
    const { code, Stack } = importDir();
    expect(code).toContain('baseImage.resource.addOverride("build.tag", ["myorg/base:latest"]);');
    const { json } = synth(Stack);
    const images = Object.entries<any>(json.resource.docker_image);
    const [baseId, base] = images.find(([, i]) => i.name.startsWith("myorg/base:"))!;
    const [, app] = images.find(([, i]) => !i.name.startsWith("myorg/base:"))!;
    expect(base.build.tag).toEqual(["myorg/base:latest"]);
    expect(app.depends_on).toEqual([`docker_image.${baseId}`]);
  });
});

describe("what Compose refuses is one line, exit 1", () => {
  test.each([
    ["mem_limit: ${UNSET}", "services.app.mem_limit: invalid size"],
    ["stop_grace_period: 10 seconds", "services.app.stop_grace_period: invalid duration"],
    ['command: echo "unterminated', 'services.app.command: unterminated " quote'],
    ['ports: ["8000-8002:80-81"]', "services.app.ports: port ranges of different length"],
    ["read_only: maybe", "services.app.read_only: invalid boolean"],
  ])("%s", (line, message) => {
    files({ "compose.yaml": `services:\n  app:\n    image: busybox:1.37.0\n    ${line}\n` });
    const r = cli(path.join(dir, "compose.yaml"), "--class", "App", "--out", path.join(dir, "app.ts"));
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`import: ${message}`);
  });
});

describe("extends, include, profiles and several files, as Compose resolves them", () => {
  test("extends in the same file and from another file (its relative paths relative to it)", () => {
    files({
      "compose.yaml": [
        "services:",
        "  base:",
        "    image: busybox:1.37.0",
        "    environment: { A: a, B: b }",
        "    command: [sleep, '1']",
        "  web:",
        "    extends: base",
        "    environment: { B: web }",
        "    command: [sleep, '2']",
        "  worker:",
        "    extends: { file: common/services.yaml, service: worker }",
        "    environment: [C=worker]",
      ].join("\n"),
      "common/services.yaml":
        "services:\n  worker:\n    image: busybox:1.37.0\n    env_file: worker.env\n    volumes: ['./data:/data']\n",
      "common/worker.env": "FROM_FILE=1\n",
    });
    const { Stack } = importDir();
    const byName = Object.fromEntries(containers(synth(Stack).json).map((c) => [c.name.replace(/^.*-/, ""), c]));
    expect(byName.web.env).toEqual(["A=a", "B=web"]);
    expect(byName.web.command).toEqual(["sleep", "2"]);
    expect([...byName.worker.env].sort()).toEqual(["C=worker", "FROM_FILE=1"]);
    expect(byName.worker.volumes[0].host_path).toBe(path.join(dir, "common", "data"));
  });

  test("include brings another project's services, its paths relative to it", () => {
    files({
      "compose.yaml":
        "include:\n  - db/compose.yaml\nservices:\n  web:\n    image: busybox:1.37.0\n    depends_on: [db]\n",
      "db/compose.yaml": "services:\n  db:\n    image: busybox:1.37.0\n    volumes: ['./init:/init:ro']\n",
    });
    const { Stack } = importDir();
    const db = containers(synth(Stack).json).find((c) => c.name.endsWith("db"));
    expect(db.volumes[0].host_path).toBe(path.join(dir, "db", "init"));
  });

  test("an included project's own .env and env_file: its values under the including project's, read at synth, its secrets sensitive", () => {
    files({
      "compose.yaml": [
        "include:",
        "  - db/compose.yaml",
        "  - path: lib/svc.yaml",
        "    project_directory: lib",
        "    env_file: lib/custom.env",
        "services:",
        "  web:",
        "    image: busybox:1.37.0",
        "    environment:",
        "      TAG: ${DB_TAG:-not-from-an-include}",
      ].join("\n"),
      ".env": "GREETING=from-the-project\n",
      "db/compose.yaml":
        "services:\n  db:\n    image: busybox:${DB_TAG}\n    environment:\n      GREETING: ${GREETING}\n      ONLY_HERE: ${ONLY_HERE}\n      DB_PASSWORD: ${DB_PASSWORD}\n",
      "db/.env": "DB_TAG=1.37.0\nGREETING=from-db-env\nONLY_HERE=db-env\nDB_PASSWORD=hunter2-in-db-env\n",
      "lib/svc.yaml":
        "services:\n  svc:\n    image: busybox:1.37.0\n    environment: { CUSTOM: '${CUSTOM}' }\n    volumes: ['./data:/data']\n",
      "lib/custom.env": "CUSTOM=from-custom-env\n",
    });
    const { code, Stack } = importDir();
    typecheck([path.join(OUT, `semantics-${n}.ts`)]);
    expect(code).not.toContain("hunter2");
    expect(code).toContain('reference: dbEnv.resolve("busybox:${DB_TAG}", "services.db.image"),');
    expect(code).toContain(
      'const dbEnv = new ComposeEnvironment(path.join(composeDir, "db"), process.env, { parent: composeEnv });',
    );
    expect(code).toContain(
      'const libEnv = new ComposeEnvironment(path.join(composeDir, "lib"), process.env, { parent: composeEnv, envFiles: [path.join(composeDir, "lib/custom.env")] });',
    );
    const byName = () => {
      const { text, json } = synth(Stack);
      expect(text).not.toContain("hunter2");
      return Object.fromEntries(containers(json).map((c) => [c.name.replace(/^.*-/, ""), c]));
    };
    let c = byName();
    expect([...c.db.env].sort()).toEqual([
      "DB_PASSWORD=${var.DB_PASSWORD}",
      "GREETING=from-the-project",
      "ONLY_HERE=db-env",
    ]);
    expect(c.web.env).toEqual(["TAG=not-from-an-include"]);
    expect(c.svc.env).toEqual(["CUSTOM=from-custom-env"]);
    expect(c.svc.volumes[0].host_path).toBe(path.join(dir, "lib", "data"));
    // Read at synth: an edit of the included .env is in the next synth, without importing again.
    fs.writeFileSync(path.join(dir, "db", ".env"), "DB_TAG=1.36.0\nONLY_HERE=edited\n");
    c = byName();
    expect(c.db.env).toContain("ONLY_HERE=edited");
    expect(synth(Stack).text).toContain("busybox:1.36.0");
  });

  test("include of a service the file also defines is refused in one line", () => {
    files({
      "compose.yaml": "include: [other.yaml]\nservices:\n  db:\n    image: busybox:1.37.0\n",
      "other.yaml": "services:\n  db:\n    image: busybox:1.36.0\n",
    });
    const r = cli(path.join(dir, "compose.yaml"), "--class", "App", "--out", path.join(dir, "app.ts"));
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^docker-iac import: .*services\.db is also defined by the included other\.yaml/);
  });

  test("profiles: a constructor prop lists the active ones; a service outside them is not created", () => {
    files({
      "compose.yaml":
        "services:\n  web:\n    image: busybox:1.37.0\n  debug:\n    image: busybox:1.36.0\n    profiles: [debug]\n    depends_on: [web]\n  web2:\n    image: busybox:1.37.0\n    depends_on:\n      debug: { condition: service_started, required: false }\n",
    });
    const { code, Stack } = importDir();
    expect(code).toContain("readonly profiles?: string[];");
    const names = (props?: Record<string, unknown>) =>
      containers(synth(Stack, props).json)
        .map((c) => c.name.replace(/^.*-/, ""))
        .sort();
    expect(names()).toEqual(["web", "web2"]);
    expect(names({ profiles: ["debug"] })).toEqual(["debug", "web", "web2"]);
    expect(synth(Stack).text).not.toContain("busybox:1.36.0");
    // --profile at import makes it the default.
    const withProfile = importDir({ profiles: ["debug"] });
    expect(containers(synth(withProfile.Stack).json)).toHaveLength(3);
  });

  test("networks and volumes exist only when a created service uses them, as Compose creates them", () => {
    files({
      "compose.yaml": [
        "services:",
        "  web:",
        "    image: busybox:1.37.0",
        "    networks: [front]",
        "    volumes: ['shared:/shared']",
        "  debug:",
        "    image: busybox:1.37.0",
        "    profiles: [debug]",
        "    networks: [front, tools]",
        "    volumes: ['shared:/shared', 'traces:/traces']",
        "  metrics:",
        "    image: busybox:1.37.0",
        "    profiles: [metrics, all]",
        "    networks: [tools]",
        "    volumes: [{ type: volume, source: traces, target: /t }]",
        "  always:",
        "    image: busybox:1.37.0",
        "    profiles: []",
        "networks:",
        "  front: {}",
        "  tools: {}",
        "  unused: {}",
        "volumes:",
        "  shared: {}",
        "  traces: {}",
        "  unused: {}",
      ].join("\n"),
    });
    const { code, Stack } = importDir();
    typecheck([path.join(OUT, `semantics-${n}.ts`)]);
    expect(code).toContain('if (["all", "debug", "metrics"].some((p) => active.has(p))) {');
    expect(code).toContain("// networks.unused: no service uses it, so Compose does not create it either.");
    expect(code).toContain("// volumes.unused: no service uses it, so Compose does not create it either.");
    const created = (props?: Record<string, unknown>) => {
      const { json } = synth(Stack, props);
      return {
        containers: containers(json)
          .map((c) => c.name.replace(/^.*-/, ""))
          .sort(),
        networks: Object.values<any>(json.resource.docker_network ?? {})
          .map((n) => n.name.replace(/^semantics-/, ""))
          .sort(),
        volumes: Object.values<any>(json.resource.docker_volume ?? {})
          .map((v) => v.name.replace(/^semantics-/, ""))
          .sort(),
      };
    };
    // `profiles: []` is no profile: always created (on Compose's default network), as in Compose.
    expect(created()).toEqual({
      containers: ["always", "web"],
      networks: ["default-network", "front-network"],
      volumes: ["shared-volume"],
    });
    expect(created({ profiles: ["metrics"] })).toEqual({
      containers: ["always", "metrics", "web"],
      networks: ["default-network", "front-network", "tools-network"],
      volumes: ["shared-volume", "traces-volume"],
    });
    expect(created({ profiles: ["debug"] }).networks).toEqual(["default-network", "front-network", "tools-network"]);
  });

  test("several files merge as docker compose -f a -f b merges them", () => {
    files({
      "compose.yaml":
        "services:\n  app:\n    image: busybox:1.36.0\n    environment: { A: '1', B: '1' }\n    ports: ['127.0.0.1:18600:80']\n    volumes: ['./a:/data']\n",
      "compose.override.yaml":
        "services:\n  app:\n    image: busybox:1.37.0\n    environment: { B: '2' }\n    ports: ['127.0.0.1:18601:81']\n    volumes: ['./b:/data']\n",
    });
    const { Stack } = importDir({ files: [path.join(dir, "compose.yaml"), path.join(dir, "compose.override.yaml")] });
    const c = containers(synth(Stack).json)[0];
    expect(c.env).toEqual(["A=1", "B=2"]);
    expect(c.ports.map((p: any) => p.external)).toEqual([18600, 18601]);
    expect(c.volumes.map((v: any) => v.host_path)).toEqual([path.join(dir, "b")]);
    // A later file in another folder: its relative paths are relative to the first file's folder, as in Compose.
    files({ "overrides/extra.yaml": "services:\n  app:\n    volumes: ['./c:/data']\n" });
    const other = importDir({ files: [path.join(dir, "compose.yaml"), path.join(dir, "overrides", "extra.yaml")] });
    expect(containers(synth(other.Stack).json)[0].volumes.map((v: any) => v.host_path)).toEqual([path.join(dir, "c")]);
  });
});

describe("!reset and !override, as compose-spec's merge rules", () => {
  test("in a later file: !reset removes the earlier value, !override replaces it instead of merging", () => {
    files({
      "compose.yaml":
        "services:\n  app:\n    image: busybox:1.37.0\n    environment: { A: '1', B: '1' }\n    ports: ['127.0.0.1:18600:80']\n    command: [sleep, '1']\n    cpus: 0.5\n",
      "compose.override.yaml":
        "services:\n  app:\n    environment: !reset {}\n    ports: !override ['127.0.0.1:18601:81']\n    command: !reset null\n    cpus: !override 0.25\n",
    });
    const { Stack } = importDir({ files: [path.join(dir, "compose.yaml"), path.join(dir, "compose.override.yaml")] });
    const c = containers(synth(Stack).json)[0];
    expect(c.env).toBeUndefined();
    expect(c.command).toBeUndefined();
    expect(c.ports).toEqual([{ internal: 81, external: 18601, ip: "127.0.0.1", protocol: "tcp" }]);
    expect(c.cpu_quota).toBe(25000);
  });

  test("under a YAML anchor: where its aliases are used (<<: *base, key: *alias), as compose-go copies them", () => {
    files({
      "compose.yaml":
        "services:\n  app:\n    image: busybox:1.37.0\n    environment: { A: '1' }\n    command: [sleep, '1']\n    labels: { l: '1' }\n",
      "compose.override.yaml": [
        "x-base: &base",
        "  environment: !reset {}",
        "  command: !override [sleep, '2']",
        "x-labels: &labels !override { m: '2' }",
        "services:",
        "  app:",
        "    <<: *base",
        "    labels: *labels",
      ].join("\n"),
    });
    const { Stack } = importDir({ files: [path.join(dir, "compose.yaml"), path.join(dir, "compose.override.yaml")] });
    const c = containers(synth(Stack).json)[0];
    expect([c.env, c.command, c.labels.filter((l: any) => ["l", "m"].includes(l.label))]).toEqual([
      undefined,
      ["sleep", "2"],
      [{ label: "m", value: "2" }],
    ]);
  });

  test("in a service that extends another: the same, against the service it extends", () => {
    files({
      "compose.yaml": [
        "services:",
        "  base:",
        "    image: busybox:1.37.0",
        "    environment: { X: x }",
        "    ports: ['127.0.0.1:18602:80']",
        "  child:",
        "    extends: base",
        "    environment: !override { Y: y }",
        "    ports: !reset []",
      ].join("\n"),
    });
    const { Stack } = importDir();
    const child = containers(synth(Stack).json).find((c) => c.name.endsWith("-child"));
    expect(child.env).toEqual(["Y=y"]);
    expect(child.ports).toBeUndefined();
  });
});

describe("the command line", () => {
  test("several files, --profile as Compose's, --defaults for the library's profile, and the old --profile hardened refused in one line", () => {
    files({
      "a.yaml":
        "services:\n  app:\n    image: busybox:1.37.0\n  dbg:\n    image: busybox:1.37.0\n    profiles: [debug]\n",
      "b.yaml": "services:\n  app:\n    environment: { B: '2' }\n",
    });
    const out = path.join(OUT, "cli-stack.ts");
    const ok = cli(
      path.join(dir, "a.yaml"),
      path.join(dir, "b.yaml"),
      "--class",
      "CliStack",
      "--out",
      out,
      "--profile",
      "debug",
      "--defaults",
      "hardened",
    );
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const code = fs.readFileSync(out, "utf8");
    expect(code).toContain('from "docker-iac";');
    expect(code).toContain("DefaultsProfile.HARDENED");
    expect(code).toContain('{ profiles = ["debug"], ...props }');
    expect(code).toContain('B: "2"');
    const old = cli(path.join(dir, "a.yaml"), "--class", "CliStack", "--out", out, "--profile", "hardened");
    expect(old.status).toBe(2);
    expect(old.stderr.split("\n")[0]).toBe(
      "docker-iac import: --profile hardened: no service has the Compose profile 'hardened'; the library's defaults profile is now --defaults hardened",
    );
  });

  test("one warning per kind of unmapped key, with a count; ports on 127.0.0.1 are counted as changed", () => {
    files({
      "compose.yaml":
        "services:\n  a:\n    image: busybox:1.37.0\n    pids_limit: 10\n    ports: ['8080:80']\n  b:\n    image: busybox:1.37.0\n    pids_limit: 20\n",
    });
    const r = cli(path.join(dir, "compose.yaml"), "--class", "App", "--out", path.join(OUT, "warn-stack.ts"));
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^warning: services\.\*\.pids_limit is not mapped \(2 uses: services\.a\.pids_limit, services\.b\.pids_limit\): /,
      ),
    ]);
    expect(r.stdout).toContain("2 of 5 key uses mapped, 2 commented, 1 changed");
  });
});
