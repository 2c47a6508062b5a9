// `docker-iac import` as a user runs it: from their own folder, with the defaults Compose and
// kompose users expect, and the command's exit codes.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultComposeFiles } from "../../../../tools/cli/import/compose-files";

const REPO = path.resolve(__dirname, "..", "..", "..", "..");
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-import-cmd-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `docker-iac <args>` run in `cwd`, with only PATH from the environment. */
function dockerIac(cwd: string, ...args: string[]) {
  return dockerIacWith({}, cwd, ...args);
}

function dockerIacWith(env: Record<string, string>, cwd: string, ...args: string[]) {
  return spawnSync(
    process.execPath,
    ["-r", path.join(REPO, "tools/dev/register-ts.js"), path.join(REPO, "tools/cli/main.ts"), ...args],
    { cwd, encoding: "utf8", env: { PATH: process.env.PATH, ...env } },
  );
}

function write(file: string, text: string): string {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
  return path.join(dir, file);
}

const SERVICE = "services:\n  web:\n    image: busybox:1.37.0\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n";

describe("docker-iac import", () => {
  test("without --class and --out: the Compose project name (the folder, as Compose names it) gives the class and the file, in the working folder", () => {
    write("My_Shop/compose.yaml", SERVICE);
    const r = dockerIac(dir, "import", "My_Shop/compose.yaml");
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^wrote my_shop-stack\.ts: class MyShopStack, 2 of 2 key uses mapped/);
    expect(fs.readFileSync(path.join(dir, "my_shop-stack.ts"), "utf8")).toContain(
      "export class MyShopStack extends DockerStack {",
    );
  });

  test("the top-level name: and COMPOSE_PROJECT_NAME (from .env) name the project before the folder, as in Compose", () => {
    write("a/compose.yaml", `name: Shop\n${SERVICE}`);
    expect(dockerIac(dir, "import", "a/compose.yaml").stdout).toMatch(/^wrote shop-stack\.ts: class ShopStack,/);
    write("b/compose.yaml", `name: shop\n${SERVICE}`);
    write("b/.env", "COMPOSE_PROJECT_NAME=store-front\n");
    expect(dockerIac(dir, "import", "b/compose.yaml").stdout).toMatch(
      /^wrote store-front-stack\.ts: class StoreFrontStack,/,
    );
  });

  test("a default --out never replaces an existing file: one line with the fix, exit 1; an explicit --out does", () => {
    write("shop/compose.yaml", SERVICE);
    const mine = write("shop-stack.ts", "// my own code\n");
    const r = dockerIac(dir, "import", "shop/compose.yaml");
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      `docker-iac import: ${mine} exists (the default --out for project 'shop'). Fix: give --out <file.ts>, or remove that file to write it again`,
    ]);
    expect(fs.readFileSync(mine, "utf8")).toBe("// my own code\n");
    expect(dockerIac(dir, "import", "shop/compose.yaml", "--out", "shop-stack.ts").status).toBe(0);
    expect(fs.readFileSync(mine, "utf8")).toContain("export class ShopStack");
  });

  test("secrets: the summary and the module say they are given at deploy as TF_VAR_<NAME>; an unset one is no warning", () => {
    write("shop/compose.yaml", SERVICE);
    const r = dockerIac(dir, "import", "shop/compose.yaml", "--out", "out/shop.ts");
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n")[1]).toBe("secrets, given at deploy (never written): TF_VAR_DB_PASSWORD");
    expect(fs.readFileSync(path.join(dir, "out", "shop.ts"), "utf8")).toContain(
      "// Secrets are neither here nor in cdk.tf.json: give them at deploy, e.g. TF_VAR_DB_PASSWORD=... npx cdktf deploy",
    );
  });

  test("without a compose file: what docker compose takes, the nearest compose.yaml up from here with its override, or COMPOSE_FILE", () => {
    write("shop/compose.yaml", SERVICE);
    write("shop/compose.override.yml", "services:\n  web:\n    environment: { FROM_OVERRIDE: 'yes' }\n");
    write("shop/deep/er/.keep", "");
    const r = dockerIac(path.join(dir, "shop", "deep", "er"), "import", "--out", path.join(dir, "found.ts"));
    expect(r.status).toBe(0);
    const code = fs.readFileSync(path.join(dir, "found.ts"), "utf8");
    expect(code).toContain("from compose.yaml + compose.override.yml (./shop)");
    expect(code).toContain('FROM_OVERRIDE: "yes"');
    write("other/base.yaml", "services:\n  api:\n    image: busybox:1.37.0\n");
    write("other/more.yaml", "services:\n  api:\n    environment: { MORE: '1' }\n");
    const env = dockerIacWith({ COMPOSE_FILE: "other/base.yaml:other/more.yaml" }, dir, "import", "--out", "env.ts");
    expect(env.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "env.ts"), "utf8")).toContain("from base.yaml + more.yaml (./other)");
  });

  test("exit codes: --help 0, no compose file anywhere a failure with the fix, a bad --class 2, a file Compose refuses 1 in one line", () => {
    const help = dockerIac(dir, "import", "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: docker-iac import \[compose file\.\.\.\]/);
    expect(dockerIac(dir, "--help").stdout).toMatch(/\n {2}import {3}turn compose files into a DockerStack module/);
    // Searched up to this test's folder only, so no compose file elsewhere on the machine counts.
    expect(() => defaultComposeFiles(dir, {}, dir)).toThrow(
      `no compose file given, and no compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml in ${dir} or a folder above it. Fix: give the compose file, e.g. docker-iac import path/to/compose.yaml`,
    );
    const file = write("x/compose.yaml", SERVICE);
    const cls = dockerIac(dir, "import", file, "--class", "lower");
    expect(cls.status).toBe(2);
    expect(cls.stderr.split("\n")[0]).toBe(
      "docker-iac import: --class 'lower' is not a class name (a capital letter, then letters, digits, _)",
    );
    const refused = write(
      "y/compose.yaml",
      "services:\n  web:\n    image: busybox:1.37.0\n    stop_grace_period: 10 seconds\n",
    );
    const bad = dockerIac(dir, "import", refused, "--out", "y.ts");
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^docker-iac import: services\.web\.stop_grace_period: invalid duration "10 seconds"/),
    ]);
  });
});
