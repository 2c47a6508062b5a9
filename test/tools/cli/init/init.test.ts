import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../../../../tools/cli/main";
import { DEFAULT_BASE_IMAGE, TEMPLATE_VERSIONS } from "../../../../tools/cli/init/template";
import { nameFromFolder } from "../../../../tools/cli/init/command";

const REPO = path.resolve(__dirname, "..", "..", "..", "..");
const repoManifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));

let scratch: string;
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-init-"));
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** `docker-iac init ...` in-process: exit code and what it printed. */
async function init(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await runCli(["init", ...args]), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), "utf8");

test("writes the project's files, named after the folder, and says what to run next", async () => {
  const dir = path.join(scratch, "Shop App");
  const { code, stdout, stderr } = await init(dir);
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
  expect(files).toEqual(
    [
      ".gitignore",
      "README.md",
      "cdktf.json",
      "main.ts",
      "package.json",
      "tsconfig.json",
      "web-stack.test.ts",
      "web-stack.ts",
      "web/Dockerfile",
      "web/www/index.html",
    ].sort(),
  );
  expect(stdout).toContain("wrote 10 files to");
  expect(stdout).toMatch(/npm install\n {2}npx docker-iac deploy\n$/);

  const cdktf = JSON.parse(read(dir, "cdktf.json"));
  expect(cdktf).toMatchObject({ language: "typescript", app: "node --import tsx main.ts", output: "cdktf.out" });
  const pkg = JSON.parse(read(dir, "package.json"));
  expect(pkg.name).toBe("shop-app");
  expect(pkg.private).toBe(true);
  // docker-iac at the version that wrote the project; everything else pinned exactly.
  expect(pkg.dependencies["docker-iac"]).toBe(repoManifest.version);
  for (const [name, version] of Object.entries<string>({ ...pkg.dependencies, ...pkg.devDependencies })) {
    expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+$/);
  }
  expect(pkg.devDependencies.tsx).toBe(TEMPLATE_VERSIONS.tsx);
  expect(read(dir, "main.ts")).toContain('new WebStack(app, "shop-app", { hostPort: 8080 });');
  expect(read(dir, ".gitignore").split("\n")).toEqual(
    expect.arrayContaining(["node_modules/", "cdktf.out/", ".terraform/", "*.tfstate", "*.tfstate.*", ".env"]),
  );
  expect(read(dir, "web/Dockerfile")).toContain(`ARG BASE_IMAGE=${DEFAULT_BASE_IMAGE}\nFROM \${BASE_IMAGE}\n`);
});

test("the template pins what this package is built and tested with", () => {
  for (const [name, version] of Object.entries(TEMPLATE_VERSIONS)) {
    if (name in repoManifest.devDependencies)
      expect(`${name}@${version}`).toBe(`${name}@${repoManifest.devDependencies[name]}`);
  }
  // The app runner is the one pin the repo itself does not install.
  expect(Object.keys(TEMPLATE_VERSIONS).filter((name) => !(name in repoManifest.devDependencies))).toEqual(["tsx"]);
});

test("--docker-iac with a tarball is written relative to the project, as npm install writes it", async () => {
  const tarball = path.join(scratch, "docker-iac-9.9.9.tgz");
  fs.writeFileSync(tarball, "");
  const dir = path.join(scratch, "nested", "app");
  expect((await init(dir, "--docker-iac", tarball, "--name", "demo")).code).toBe(0);
  const pkg = JSON.parse(read(dir, "package.json"));
  expect(pkg.dependencies["docker-iac"]).toBe("file:../../docker-iac-9.9.9.tgz");
  expect(pkg.name).toBe("demo");
  expect(read(dir, "main.ts")).toContain('new WebStack(app, "demo"');

  const missing = await init(path.join(scratch, "other"), "--docker-iac", path.join(scratch, "nope.tgz"));
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/^docker-iac init: --docker-iac '.*nope\.tgz': no such file or folder\. Fix: .*\n$/);
  // A version or range is written as given.
  expect((await init(path.join(scratch, "ranged"), "--docker-iac", "^0.1.0")).code).toBe(0);
  expect(JSON.parse(read(path.join(scratch, "ranged"), "package.json")).dependencies["docker-iac"]).toBe("^0.1.0");
});

test("refuses a folder with files in one line, exit 1; --force writes over the template's names only", async () => {
  const dir = path.join(scratch, "busy");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "main.ts"), "// mine\n");
  fs.writeFileSync(path.join(dir, "notes.txt"), "keep\n");
  const refused = await init(dir);
  expect(refused.code).toBe(1);
  expect(refused.stderr.trim().split("\n")).toHaveLength(1);
  expect(refused.stderr).toContain("is not empty (main.ts, notes.txt). Fix: give a new or empty folder, or --force");
  expect(read(dir, "main.ts")).toBe("// mine\n");

  expect((await init(dir, "--force")).code).toBe(0);
  expect(read(dir, "main.ts")).toContain("new DockerApp()");
  expect(read(dir, "notes.txt")).toBe("keep\n");
});

test("a folder that holds only .git is empty enough", async () => {
  fs.mkdirSync(path.join(scratch, "repo", ".git"), { recursive: true });
  expect((await init(path.join(scratch, "repo"))).code).toBe(0);
});

test("a name that cannot be a package name, stack id and Docker name is a usage error, exit 2", async () => {
  const bad = await init(path.join(scratch, "x"), "--name", "My_App");
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(
    /^docker-iac init: --name 'My_App': use lowercase letters, digits and -.*\n\nusage: docker-iac init /,
  );
  expect(fs.existsSync(path.join(scratch, "x"))).toBe(false);
  expect(await init(path.join(scratch, "123"))).toMatchObject({
    code: 2,
    stderr: expect.stringContaining("gives no project name: give --name"),
  });
  expect(nameFromFolder("/tmp/My Shop_2")).toBe("my-shop-2");
  expect((await init("a", "b")).code).toBe(2);
});

test("--help prints the usage, exit 0", async () => {
  const help = await init("--help");
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(
    /^usage: docker-iac init \[dir\] \[--name <name>\] \[--docker-iac <spec>\] \[--force\]\n/,
  );
});

test("the written project synthesizes: a web server on 127.0.0.1:8080, built on the base image the context names", async () => {
  const dir = path.join(scratch, "synth-me");
  expect((await init(dir)).code).toBe(0);
  // The project's own packages are this repo's (register-ts maps "docker-iac" to the library source).
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
  const outdir = path.join(scratch, "out");
  const env = {
    ...process.env,
    CDKTF_OUTDIR: outdir,
    CDKTF_CONTEXT_JSON: JSON.stringify({ baseImage: "docker-iac/busybox:local" }),
  };
  const synth = spawnSync(process.execPath, ["-r", path.join(REPO, "tools", "dev", "register-ts.js"), "main.ts"], {
    cwd: dir,
    env,
    encoding: "utf8",
  });
  expect(synth.stderr).toBe("");
  expect(synth.status).toBe(0);
  const config = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "synth-me", "cdk.tf.json"), "utf8"));
  const [web] = Object.values<Record<string, unknown>>(config.resource.docker_container);
  expect(web).toMatchObject({
    name: "synth-me-web",
    ports: [{ internal: 8080, external: 8080, ip: "127.0.0.1", protocol: "tcp" }],
    read_only: true,
  });
  expect(web.healthcheck).toEqual(
    expect.objectContaining({
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"],
      interval: "5s",
    }),
  );
  const [image] = Object.values<{ build: { build_args: Record<string, string> } }>(config.resource.docker_image);
  expect(image.build.build_args).toEqual({ BASE_IMAGE: "docker-iac/busybox:local" });
});
