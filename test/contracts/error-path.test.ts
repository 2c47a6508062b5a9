import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ErrorCode } from "../../constructs";

/**
 * The one error path, as a user meets it: a real node process runs an entry built like
 * stacks/main.ts (no try/catch) through the same require hook as `cdktf synth`. A few cases of
 * the invalid-definitions table run this way, one of each kind of mistake.
 */
const REPO = path.resolve(__dirname, "..", "..");
const ENTRY = path.join(__dirname, "..", "fixtures", "entries", "fixture-entry.ts");

function run(
  what: string,
  outdir: string,
  extraEnv: NodeJS.ProcessEnv = {},
): { status: number | null; stderr: string } {
  const env = { ...process.env, ...extraEnv };
  delete env.CDKTF_CONTEXT_JSON;
  delete env.DOCKER_HOST;
  const result = spawnSync(process.execPath, ["-r", "./tools/dev/register-ts.js", ENTRY, what, outdir], {
    cwd: REPO,
    encoding: "utf8",
    env,
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

const STACK_TRACE_LINE = /^\s+at /m;

let outdir: string;
beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-error-path-"));
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

test("a good synth writes the stack and prints its warnings", () => {
  const { status, stderr } = run("good", outdir);
  expect(status).toBe(0);
  expect(stderr).toContain("warning: [web/Web] container is privileged");
  expect(fs.existsSync(path.join(outdir, "stacks", "web", "cdk.tf.json"))).toBe(true);
});

test.each([
  [
    "a constructor check",
    "memory-as-string",
    '[web/Web] memoryMiB "256" is a string, not a number. Fix: ',
    ErrorCode.WRONG_TYPE,
  ],
  [
    "a validation at synth",
    "port-clash-same-stack",
    "host port 127.0.0.1:18080/tcp is already claimed by",
    ErrorCode.HOST_PORT_CLASH,
  ],
  [
    "a static factory",
    "healthcheck-empty-command",
    "[Healthcheck.fromCommand] healthcheck command is empty. Fix: ",
    ErrorCode.BLANK_VALUE,
  ],
  [
    "the constructs library",
    "duplicate-construct-id",
    "[web] two constructs in this DockerStack have the id 'Web'",
    ErrorCode.DUPLICATE_CONSTRUCT_ID,
  ],
])("%s: one clean error, exit 1, no stack trace, the earlier good output removed", (_, name, message, code) => {
  expect(run("good", outdir).status).toBe(0);
  const { status, stderr } = run(name, outdir);
  expect({ status, header: stderr.split("\n")[0] }).toEqual({
    status: 1,
    header: expect.stringMatching(/^docker-iac found \d+ problem\(s\); nothing was synthesized:$/),
  });
  expect(stderr).toContain(message);
  // The printed problem line ends with the rule's code.
  expect(stderr.split("\n")[1]).toMatch(new RegExp(`^ {2}.+ \\(${code}\\)$`));
  expect(stderr).not.toMatch(STACK_TRACE_LINE);
  expect(fs.existsSync(path.join(outdir, "stacks", "web"))).toBe(false);
  expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(false);
});

test("a mistake made before any DockerApp exists (a factory at module level) takes the same path", () => {
  // The app's own outdir is unknown then: the default one (CDKTF_OUTDIR) is cleaned.
  expect(run("good", outdir).status).toBe(0);
  const { status, stderr } = run("before-app", outdir, { CDKTF_OUTDIR: outdir });
  expect(status).toBe(1);
  expect(stderr).toBe(
    `docker-iac found 1 problem(s); nothing was synthesized:\n  [Healthcheck.fromShell] intervalSeconds -5 is below the minimum of 0. Fix: give seconds from 0.001 to 9223372036 (fractions such as 0.5 are fine) (${ErrorCode.INVALID_NUMBER})\n`,
  );
  expect(fs.existsSync(path.join(outdir, "stacks", "web"))).toBe(false);
  expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(false);
});

test("an output folder whose parents are missing is created (cdktf's plain mkdir ended in an ENOENT trace)", () => {
  const nested = path.join(outdir, "not", "yet");
  expect(run("good", nested).status).toBe(0);
  expect(fs.existsSync(path.join(nested, "stacks", "web", "cdk.tf.json"))).toBe(true);
});

test("an output folder that is a file is one clean error", () => {
  const file = path.join(outdir, "a-file");
  fs.writeFileSync(file, "not a folder");
  const { status, stderr } = run("good", file);
  expect({ status, stderr }).toEqual({
    status: 1,
    stderr: `docker-iac found 1 problem(s); nothing was synthesized:\n  [new DockerApp] outdir '${file}' is a file, or lies under one. Fix: point it at a folder this user can write, or remove the file that is in the way (${ErrorCode.INVALID_OUTPUT_FOLDER})\n`,
  });
  expect(fs.readFileSync(file, "utf8")).toBe("not a folder");
});

test("a DockerStack in cdktf's plain App is one line that says to use DockerApp, and writes nothing", () => {
  const { status, stderr } = run("plain-app", outdir);
  expect({ status, header: stderr.split("\n")[0] }).toEqual({
    status: 1,
    header: "docker-iac found 1 problem(s); nothing was synthesized:",
  });
  expect(stderr.split("\n")[1]).toMatch(
    /^ {2}\[web\] is in cdktf's plain App, .* Fix: create the app with new DockerApp\(\) .* \(NotInDockerApp\)$/,
  );
  expect(stderr).not.toMatch(STACK_TRACE_LINE);
  expect(fs.existsSync(path.join(outdir, "stacks", "web"))).toBe(false);
});

test("a bug in the library keeps its stack trace, is called internal, and is not blamed on the definition", () => {
  const { status, stderr } = run("library-bug", outdir);
  expect(status).toBe(1);
  expect(stderr).toMatch(/^docker-iac: internal error \(a bug in docker-iac, not in your definition\):\nTypeError: /);
  expect(stderr).toMatch(STACK_TRACE_LINE);
});

test("the program's own error prints as itself, with its stack: never called internal", () => {
  const { status, stderr } = run("user-error", outdir);
  expect(status).toBe(1);
  expect(stderr).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'boom'\)\n/);
  expect(stderr).toContain(`(${ENTRY}:`);
  expect(stderr).not.toContain("internal error");
  expect(stderr).not.toContain("docker-iac found");
});
