import { spawnSync } from "child_process";
import * as path from "path";
import { USAGE } from "../../../../tools/cli/explain/main";

const REPO = path.join(__dirname, "..", "..", "..", "..");
const explain = (...args: string[]) =>
  spawnSync(process.execPath, ["-r", "./tools/dev/register-ts.js", "tools/cli/explain/main.ts", ...args], { cwd: REPO, encoding: "utf8", env: { ...process.env, CDKTF_CONTEXT_JSON: "" } });

test("--help prints the usage and exits 0", () => {
  const help = explain("--help");
  expect(help.status).toBe(0);
  expect(help.stdout.trim()).toBe(USAGE);
});

test("a wrong option or a missing stack exits 2 with the usage", () => {
  const bad = explain("hello", "--port");
  expect(bad.status).toBe(2);
  expect(bad.stderr.trim().split("\n")).toEqual([expect.stringContaining("--port"), USAGE]);
  const none = explain();
  expect(none.status).toBe(2);
  expect(none.stderr.trim()).toBe(`name the stack to explain\n${USAGE}`);
  const offset = explain("hello", "--port-offset", "ten");
  expect(offset.status).toBe(2);
  expect(offset.stderr.trim()).toBe(`--port-offset 'ten' is not a whole number\n${USAGE}`);
});

test("failures are one line, exit 1", () => {
  const unknown = explain("nope");
  expect(unknown.status).toBe(1);
  expect(unknown.stderr.trim()).toMatch(/^no stack 'nope'\. Stacks: hello, ports, bridge, .*swarm$/);
  const far = explain("hello", "--port-offset", "60000");
  expect(far.status).toBe(1);
  expect(far.stderr.trim()).toBe("--port-offset 60000 moves host port 18080 to 78080, outside 1-65535. Fix: give a smaller offset");
});

test("prints the stack's commands on stdout", () => {
  const out = explain("none", "--prefix", "p1", "--port-offset", "5");
  expect(out.status).toBe(0);
  expect(out.stdout).toContain("docker volume create --driver local \\\n  --label io.docker-iac.stack=p1-none \\\n  p1-none-results\n");
  expect(out.stdout).toContain("docker run --detach --name p1-none-job");
});
