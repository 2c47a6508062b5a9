// The conventions every docker-iac command keeps (issue 20): --help exits 0 with the usage, a wrong
// option or argument exits 2 with the problem and the usage, an unknown command exits 2.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { usageText } from "../../../tools/cli/args";
import type { Command } from "../../../tools/cli/command";
import { runCli } from "../../../tools/cli/main";

const REPO = path.join(__dirname, "..", "..", "..");

/** Runs the command line in this process; what it wrote and its exit code. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await runCli(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

async function commands(): Promise<Command[]> {
  const { stdout } = await cli("--help");
  const names = [...stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]);
  expect(names).toEqual(expect.arrayContaining(["plan", "deploy", "destroy", "diagram", "audit", "explain", "repair"]));
  return Promise.all(
    names.map(async (name) => (await import(`../../../tools/cli/${name}/command`))[name.toUpperCase()] as Command),
  );
}

test("--help on every command prints its usage on stdout, exit 0; so does -h", async () => {
  for (const command of await commands()) {
    for (const flag of ["--help", "-h"]) {
      const result = await cli(command.name, flag);
      expect({ command: command.name, ...result }).toEqual({
        command: command.name,
        code: 0,
        stdout: usageText(command),
        stderr: "",
      });
    }
    // Every option has a help line.
    for (const option of Object.keys(command.options))
      expect(usageText(command)).toMatch(new RegExp(`--${option}\\b.*\\S`));
  }
});

test("an unknown option exits 2 with the problem and the usage, before anything runs", async () => {
  for (const command of await commands()) {
    const result = await cli(command.name, "--no-such-option");
    expect({ command: command.name, ...result }).toEqual({
      command: command.name,
      code: 2,
      stdout: "",
      stderr: `docker-iac ${command.name}: Unknown option '--no-such-option'\n\n${usageText(command)}`,
    });
  }
});

test("a single-value option given twice, a missing value, too many arguments: exit 2", async () => {
  expect((await cli("diagram", "--format", "svg", "--format", "dot")).stderr).toMatch(
    /^docker-iac diagram: --format is given 2 times; give it once\n/,
  );
  expect((await cli("diagram", "--format")).stderr).toMatch(
    /^docker-iac diagram: Option '-f, --format <value>' argument missing\n/,
  );
  expect((await cli("explain", "a", "b")).stderr).toMatch(
    /^docker-iac explain: takes at most 1 argument \(got 'a' 'b'\)\n/,
  );
  expect((await cli("deploy", "--lock-timeout", "soon", "x")).stderr).toMatch(
    /^docker-iac deploy: --lock-timeout 'soon': give a whole number/,
  );
  for (const argv of [
    ["diagram", "--format", "svg", "--format", "dot"],
    ["explain", "a", "b"],
    ["repair"],
    ["deploy", "--lock-timeout", "soon"],
  ]) {
    expect((await cli(...argv)).code).toBe(2);
  }
});

test("no command: the command list on stderr, exit 2; an unknown one says so and suggests", async () => {
  const none = await cli();
  expect(none.code).toBe(2);
  expect(none.stderr).toMatch(/^usage: docker-iac <command>/);
  const typo = await cli("deplyo");
  expect(typo.code).toBe(2);
  expect(typo.stderr).toMatch(/^docker-iac: unknown command 'deplyo' \(did you mean deploy\?\)\n/);
});

test("outside a cdktf project: one line with the fix, exit 1", async () => {
  const result = await cli("audit", "--project", "/");
  expect(result).toEqual({
    code: 1,
    stdout: "",
    stderr:
      "docker-iac audit: no cdktf.json in /. Fix: run it in a cdktf project (`docker-iac init` makes one), or give --project <folder>\n",
  });
});

test("as a process: --version prints the package's version", () => {
  const result = spawnSync(process.execPath, ["-r", "./tools/dev/register-ts.js", "tools/cli/main.ts", "--version"], {
    cwd: REPO,
    encoding: "utf8",
  });
  expect(result.status).toBe(0);
  expect(result.stdout.trim()).toBe(
    (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version,
  );
});
