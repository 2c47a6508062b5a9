import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { generateStack } from "../../../../tools/cli/import/generate-stack";
import { loadCompose } from "../../../../tools/cli/import/load-compose";

const REPO = path.join(__dirname, "..", "..", "..", "..");
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-errors-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function compose(text: string, name = "compose.yaml"): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["-r", "./tools/dev/register-ts.js", "tools/cli/main.ts", "import", ...args], {
    cwd: REPO,
    encoding: "utf8",
  });
}

describe("the importer refuses bad input with one message", () => {
  test("a required env file that does not exist, or is a folder, as docker compose config does", () => {
    const missing = compose("services:\n  app:\n    image: busybox:1.37.0\n    env_file: missing.env\n", "a.yaml");
    expect(() => generateStack(loadCompose(missing, {}), { className: "A", outFile: path.join(dir, "a.ts") })).toThrow(
      `services.app.env_file: env file 'missing.env' does not exist (resolved to ${path.join(dir, "missing.env")})`,
    );
    const folder = compose("services:\n  app:\n    image: busybox:1.37.0\n    env_file: [.]\n", "b.yaml");
    expect(() => generateStack(loadCompose(folder, {}), { className: "A", outFile: path.join(dir, "a.ts") })).toThrow(
      "services.app.env_file.0: env file '.' is a folder",
    );
    const optional = compose(
      "services:\n  app:\n    image: busybox:1.37.0\n    env_file: [{ path: missing.env, required: false }]\n",
      "c.yaml",
    );
    expect(
      generateStack(loadCompose(optional, {}), { className: "A", outFile: path.join(dir, "a.ts") }).code,
    ).toContain("fs.existsSync");
  });

  test("an include's env_file that does not exist, as compose-go refuses it", () => {
    fs.writeFileSync(path.join(dir, "inc.yaml"), "services:\n  inc:\n    image: busybox:1.37.0\n");
    const file = compose("include:\n  - path: inc.yaml\n    env_file: nope.env\nservices: {}\n", "inc-main.yaml");
    expect(() => loadCompose(file, {})).toThrow(
      `${file}: include.0: env_file 'nope.env' does not exist (resolved to ${path.join(dir, "nope.env")}). Fix: create it or correct the include's env_file`,
    );
  });

  test("a YAML alias cycle is refused, not a stack overflow", () => {
    const file = compose("services:\n  app:\n    image: busybox:1.37.0\n    x: &a [*a]\n", "d.yaml");
    expect(() => loadCompose(file, {})).toThrow(
      "services.app.x.0: a YAML alias refers to a node that contains it (a cycle)",
    );
  });

  test("a compose path that is a folder", () => {
    expect(() => loadCompose(dir, {})).toThrow(`compose file '${dir}' is a folder`);
  });

  test("interpolation errors carry the fix", () => {
    const file = compose("services:\n  app:\n    image: ${IMG:?}\n", "e.yaml");
    expect(() => loadCompose(file, {})).toThrow(
      "services.app.image: required variable IMG is missing a value. Fix: set the variable, or give a default",
    );
  });

  test("a class name the generated module imports", () => {
    const file = compose("services:\n  app:\n    image: busybox:1.37.0\n", "f.yaml");
    expect(() =>
      generateStack(loadCompose(file, {}), { className: "DockerStack", outFile: path.join(dir, "a.ts") }),
    ).toThrow("--class 'DockerStack' is a name the generated module imports or declares");
  });

  test("CLI: --help, --name=value, a flag given twice, an --out it cannot write", () => {
    const file = compose("services:\n  app:\n    image: busybox:1.37.0\n", "g.yaml");
    const help = cli("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: docker-iac import \[compose file\.\.\.\]/);
    const eq = cli(file, "--class=App", `--out=${path.join(dir, "eq.ts")}`);
    expect(eq.status).toBe(0);
    expect(fs.existsSync(path.join(dir, "eq.ts"))).toBe(true);
    const twice = cli(file, "--class", "App", "--out", path.join(dir, "x.ts"), "--class", "Other");
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(
      /^docker-iac import: --class is given 2 times; give it once\n\nusage: docker-iac import /,
    );
    const blocked = path.join(dir, "a-file");
    fs.writeFileSync(blocked, "");
    const unwritable = cli(file, "--class", "App", "--out", path.join(blocked, "x.ts"));
    expect(unwritable.status).toBe(1);
    expect(unwritable.stderr.trim().split("\n")).toEqual([
      `docker-iac import: cannot write --out '${path.join(blocked, "x.ts")}' (EEXIST): give a .ts path in a folder you can write`,
    ]);
  });

  test("npm run import:coverage: --help exits 0, an argument exits 2 with the usage", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["-r", "./tools/dev/register-ts.js", "tools/cli/import/coverage.ts", ...args], {
        cwd: REPO,
        encoding: "utf8",
      });
    const help = run("--help");
    expect([help.status, help.stdout.split("\n")[0]]).toEqual([0, "usage: npm run import:coverage"]);
    const extra = run("all");
    expect([extra.status, extra.stdout, extra.stderr.split("\n")[0]]).toEqual([
      2,
      "",
      "import:coverage: takes no arguments (got 'all')",
    ]);
  });
});
