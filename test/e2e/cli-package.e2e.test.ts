// The docker-iac command as a user gets it: the packed tarball, a project made by its `init`,
// a compose file with a secret in .env and a profile brought in by its `import`, then plan,
// deploy, ps, logs, diagram, audit and destroy, every step by `npx docker-iac` in that project.
// Host ports 18230 (the template's page) and 18231 (the compose app) only.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { randomBytes } from "crypto";
import { docker, httpGet } from "./docker";
import { InstalledPackageProject } from "./installed-package";
import { readSvg } from "./svg-reading";
import { requireToolchainOrExplain } from "./toolchain";
import { type CommandResult, E2E_LABEL } from "./workspace";

const ready = requireToolchainOrExplain();
const describeIf = ready ? describe : describe.skip;

const SITE = "site"; // the template's stack, named by init --name
const SHOP = "shop"; // the imported compose app
const SITE_PORT = 18230;
const SHOP_PORT = 18231;
/** Never written into the project's code or synth output; reaches the container at deploy. */
const SECRET = `pw-${randomBytes(12).toString("hex")}`;
const BASE_IMAGE = process.env.DOCKER_IAC_BASE_IMAGE ?? "busybox:1.37.0";

/** A small compose app on the base image: every service has a healthcheck, one needs the secret, one is behind a profile. */
const COMPOSE = `name: shop
services:
  db:
    image: ${BASE_IMAGE}
    environment:
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}
    command: ["sh", "-c", "mkdir -p /tmp/db && echo db-ready > /tmp/db/index.html && exec httpd -f -p 5432 -h /tmp/db"]
    healthcheck:
      test: ["CMD-SHELL", "test -n \\"$$POSTGRES_PASSWORD\\" && wget -q -O /dev/null http://127.0.0.1:5432/"]
      interval: 2s
      retries: 20
  web:
    image: ${BASE_IMAGE}
    command: ["sh", "-c", "mkdir -p /tmp/www && wget -q -O /tmp/www/db.html http://db:5432/ && echo shop-home > /tmp/www/index.html && echo web-started && exec httpd -f -p 8080 -h /tmp/www"]
    ports:
      - "${SHOP_PORT}:8080"
    depends_on:
      db:
        condition: service_healthy
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
      interval: 2s
      retries: 20
  debug:
    image: ${BASE_IMAGE}
    profiles: ["debug"]
    command: ["sh", "-c", "echo debug-shell-ready && exec sleep 86400"]
    healthcheck:
      test: ["CMD", "true"]
      interval: 2s
  seed:
    image: ${BASE_IMAGE}
    profiles: ["seed"]
    command: ["sh", "-c", "echo seeding"]
`;

describeIf("docker-iac from the packed package: init, import, plan, deploy, ps, logs, diagram, audit, destroy", () => {
  const project = new InstalledPackageProject();
  const tool = path.join(project.dir, "tool");
  const app = path.join(project.dir, "app");
  const names = (stack: string, child: string) => `${project.namePrefix}-${stack}-${child}`;

  /** `npx docker-iac ...` in the project, as the suite runs commands (CI, this run's context); stdout apart. */
  const cli = (...args: string[]): CommandResult & { stdout: string } => {
    const started = Date.now();
    const result = spawnSync("npx", ["--no-install", "docker-iac", ...args], {
      cwd: app,
      encoding: "utf8",
      timeout: 600_000,
      env: {
        ...process.env,
        CI: "true",
        CHECKPOINT_DISABLE: "1",
        CDKTF_CONTEXT_JSON: JSON.stringify(project.context()),
      },
    });
    return {
      status: result.status ?? -1,
      stdout: result.stdout,
      output: `${result.stdout}\n${result.stderr}`,
      ms: Date.now() - started,
    };
  };
  const mustCli = (...args: string[]) => {
    const result = cli(...args);
    if (result.status !== 0)
      throw new Error(`docker-iac ${args.join(" ")} exited ${result.status}:\n${result.output.slice(-4000)}`);
    return result;
  };

  beforeAll(() => {
    const tarball = project.pack();
    // The command, installed on its own (as `npx --package <tarball>` would), writes the project.
    project.mustRun("npm", [
      "install",
      "--prefix",
      tool,
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      tarball,
    ]);
    project.mustRun(path.join(tool, "node_modules", ".bin", "docker-iac"), [
      "init",
      app,
      "--name",
      SITE,
      "--docker-iac",
      tarball,
    ]);
    project.mustRun("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], app);
    // What a user edits: the page on a port of this test's own.
    const main = path.join(app, "main.ts");
    fs.writeFileSync(main, fs.readFileSync(main, "utf8").replace("hostPort: 8080", `hostPort: ${SITE_PORT}`));
    project.write("app/compose/compose.yaml", COMPOSE);
    project.write("app/compose/.env", `POSTGRES_PASSWORD=${SECRET}\n`);
    // Terraform takes the secret at deploy from the environment (the importer names the variable).
    process.env.TF_VAR_POSTGRES_PASSWORD = SECRET;
  }, 600_000);

  afterAll(() => {
    if (ready && fs.existsSync(path.join(app, "cdktf.out"))) cli("destroy", SITE, SHOP, "--auto-approve");
    delete process.env.TF_VAR_POSTGRES_PASSWORD;
    project.cleanUp(ready);
  });

  test("init's project installs from the tarball, type-checks, and passes its own snapshot test", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8"));
    expect(pkg.dependencies["docker-iac"]).toBe(`file:../${path.basename(project.tarball)}`);
    expect(fs.realpathSync(path.join(app, "node_modules", ".bin", "docker-iac"))).toBe(
      path.join(app, "node_modules", "docker-iac", "dist", "tools", "cli", "main.js"),
    );
    expect(project.run("npx", ["--no-install", "tsc", "--noEmit"], app)).toMatchObject({ status: 0, output: "\n" });
    // The first run writes the snapshot (jest would refuse to under CI=true, which the suite sets).
    const test = project.run("npm", ["test", "--silent", "--", "--ci=false"], app);
    expect(test.output).toContain("Tests:       2 passed, 2 total");
    expect(test.status).toBe(0);
  });

  test("import writes a stack module from the compose file, with --profile debug active and the secret as a Terraform variable", () => {
    const imported = mustCli(
      "import",
      "compose/compose.yaml",
      "--profile",
      "debug",
      "--class",
      "ShopStack",
      "--out",
      "shop-stack.ts",
    );
    expect(imported.output).toContain("TF_VAR_POSTGRES_PASSWORD");
    const main = path.join(app, "main.ts");
    const source = fs
      .readFileSync(main, "utf8")
      .replace(
        'import { WebStack } from "./web-stack";',
        'import { WebStack } from "./web-stack";\nimport { ShopStack } from "./shop-stack";',
      )
      .replace("app.synth();", `new ShopStack(app, ${JSON.stringify(SHOP)});\napp.synth();`);
    fs.writeFileSync(main, source);
    expect(project.run("npx", ["--no-install", "tsc", "--noEmit"], app)).toMatchObject({ status: 0, output: "\n" });
  });

  test("plan --json: both stacks, everything to create, the secret nowhere in it", () => {
    const plan = mustCli("plan", SITE, SHOP, "--json");
    expect(plan.output).not.toContain(SECRET);
    const stacks = JSON.parse(plan.stdout) as {
      stack: string;
      counts: Record<string, number>;
      changes: { type: string; action: string }[];
    }[];
    expect(stacks.map((s) => s.stack).sort()).toEqual([SHOP, SITE]);
    for (const stack of stacks) {
      expect(stack.counts).toMatchObject({ update: 0, replace: 0, delete: 0 });
      expect(stack.counts.create).toBeGreaterThan(0);
      expect(stack.changes.every((c) => c.action === "create")).toBe(true);
    }
    const shopContainers = stacks.find((s) => s.stack === SHOP)!.changes.filter((c) => c.type === "docker_container");
    expect(shopContainers).toHaveLength(3); // db, web, debug; not seed (its profile is not active)
  });

  test("the secret is in no file the project wrote, and in cdk.tf.json only as a variable reference", () => {
    const leaks: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!["node_modules", ".terraform"].includes(entry.name)) walk(file);
        } else if (
          file !== path.join(app, "compose", ".env") &&
          !/\.tfstate/.test(entry.name) &&
          fs.readFileSync(file, "utf8").includes(SECRET)
        ) {
          leaks.push(path.relative(app, file));
        }
      }
    };
    walk(app);
    expect(leaks).toEqual([]);
    const config = fs.readFileSync(path.join(app, "cdktf.out", "stacks", SHOP, "cdk.tf.json"), "utf8");
    expect(JSON.parse(config).variable.POSTGRES_PASSWORD).toMatchObject({ sensitive: true });
    expect(config).toContain("${var.POSTGRES_PASSWORD}");
  });

  test("deploy --auto-approve: the template's page and the compose app answer on 127.0.0.1", async () => {
    mustCli("deploy", SITE, SHOP, "--auto-approve");
    expect(await httpGet(`http://127.0.0.1:${SITE_PORT}/`)).toContain(`Hello from ${SITE}, deployed with docker-iac.`);
    expect((await httpGet(`http://127.0.0.1:${SHOP_PORT}/`)).trim()).toBe("shop-home");
    // web fetched db's page over the stack's network at start.
    expect((await httpGet(`http://127.0.0.1:${SHOP_PORT}/db.html`)).trim()).toBe("db-ready");
    expect(docker("inspect", "--format", "{{json .Config.Env}}", names(SHOP, "db"))).toContain(
      `POSTGRES_PASSWORD=${SECRET}`,
    );
  });

  test("ps --json: every container of both stacks is running and healthy; the inactive profile's service does not exist", async () => {
    type Row = {
      name: string;
      stack: string;
      kind: string;
      state: string;
      health: string;
      ports: { hostIp: string; hostPort: number; containerPort: number }[];
    };
    let rows: Row[] = [];
    // Health is reported after the first check passes (intervals of 2 to 5 s): at most 60 s.
    for (let i = 0; i < 30; i++) {
      rows = JSON.parse(mustCli("ps", SITE, SHOP, "--json").stdout);
      if (rows.length && rows.every((r) => r.health === "healthy")) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    expect(rows.map((r) => r.name).sort()).toEqual(
      [names(SHOP, "db"), names(SHOP, "debug"), names(SHOP, "web"), names(SITE, "web")].sort(),
    );
    expect(rows.map((r) => `${r.name} ${r.kind} ${r.state} ${r.health}`)).toEqual(
      rows.map((r) => `${r.name} container running healthy`),
    );
    expect(rows.find((r) => r.name === names(SITE, "web"))!.ports).toEqual([
      expect.objectContaining({ hostIp: "127.0.0.1", hostPort: SITE_PORT, containerPort: 8080 }),
    ]);
  });

  test("logs shop: each container's lines after its name", () => {
    const logs = mustCli("logs", SHOP).stdout;
    expect(logs).toMatch(new RegExp(`^${names(SHOP, "web")}\\s+\\| web-started$`, "m"));
    expect(logs).toMatch(new RegExp(`^${names(SHOP, "debug")}\\s+\\| debug-shell-ready$`, "m"));
  });

  test("diagram --format svg --out d.svg writes an SVG picture of the containers", () => {
    mustCli("diagram", SITE, SHOP, "--format", "svg", "--out", "d.svg");
    const svg = fs.readFileSync(path.join(app, "d.svg"), "utf8");
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg\b[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>\s*$/);
    expect(readSvg(svg, 900).widthPx).toBeGreaterThan(0);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&#45;/g, "-"));
    for (const container of [names(SITE, "web"), names(SHOP, "db"), names(SHOP, "web")])
      expect(texts.join("\n")).toContain(container);
  });

  test("audit --json: a report per stack, per container", () => {
    const audit = mustCli("audit", SITE, SHOP, "--json");
    const reports = JSON.parse(audit.stdout) as {
      stack: string;
      failed: number;
      containers: { containerName: string; findings: { rule: string; status: string }[] }[];
    }[];
    expect(reports.map((r) => r.stack).sort()).toEqual([SHOP, SITE]);
    const site = reports.find((r) => r.stack === SITE)!;
    // The template's container is hardened: it fails no rule.
    expect(site.failed).toBe(0);
    expect(site.containers.map((c) => c.containerName)).toEqual([names(SITE, "web")]);
    const shop = reports.find((r) => r.stack === SHOP)!;
    expect(shop.containers.map((c) => c.containerName).sort()).toEqual([
      names(SHOP, "db"),
      names(SHOP, "debug"),
      names(SHOP, "web"),
    ]);
    expect(shop.containers.every((c) => c.findings.length > 0)).toBe(true);
  });

  test("destroy leaves nothing of either stack on the engine", () => {
    mustCli("destroy", SITE, SHOP, "--auto-approve");
    for (const stack of [SITE, SHOP]) {
      const label = `io.docker-iac.stack=${project.namePrefix}-${stack}`;
      expect(docker("ps", "-aq", "--filter", `label=${label}`)).toBe("");
      expect(docker("network", "ls", "-q", "--filter", `label=${label}`)).toBe("");
    }
    expect(docker("ps", "-aq", "--filter", `label=${E2E_LABEL}=${project.runId}`)).toBe("");
  });
});
