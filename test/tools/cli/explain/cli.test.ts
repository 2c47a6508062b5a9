import { spawnSync } from "child_process";
import * as path from "path";
import { usageText } from "../../../../tools/cli/args";
import { EXPLAIN } from "../../../../tools/cli/explain/command";

const REPO = path.join(__dirname, "..", "..", "..", "..");
const USAGE = usageText(EXPLAIN);
const explain = (...args: string[]) =>
  spawnSync(process.execPath, ["-r", "./tools/dev/register-ts.js", "tools/cli/main.ts", "explain", ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, CDKTF_CONTEXT_JSON: "" },
  });

test("--help prints the usage and exits 0", () => {
  const help = explain("--help");
  expect(help.status).toBe(0);
  expect(help.stdout).toBe(USAGE);
});

test("a wrong option, a missing or unknown stack exits 2 with the problem (and the usage for options)", () => {
  const bad = explain("hello", "--port");
  expect(bad.status).toBe(2);
  expect(bad.stderr).toBe(`docker-iac explain: Unknown option '--port'\n\n${USAGE}`);
  const none = explain();
  expect(none.status).toBe(2);
  expect(none.stderr).toBe(`docker-iac explain: missing argument\n\n${USAGE}`);
  const offset = explain("hello", "--port-offset", "ten");
  expect(offset.status).toBe(2);
  expect(offset.stderr).toBe(`docker-iac explain: --port-offset 'ten' is not a whole number\n\n${USAGE}`);
  const unknown = explain("nope");
  expect(unknown.status).toBe(2);
  expect(unknown.stderr.trim()).toMatch(
    /^docker-iac explain: no stack 'nope' in this app\. Stacks: bridge, env-dev, .*, swarm, todo$/m,
  );
});

test("a port outside 1-65535 is one line, exit 1", () => {
  const far = explain("hello", "--port-offset", "60000");
  expect(far.status).toBe(1);
  expect(far.stderr.trim().split("\n").pop()).toBe(
    "docker-iac explain: --port-offset 60000 moves host port 18080 to 78080, outside 1-65535. Fix: give a smaller offset",
  );
});

test("prints the stack's commands on stdout; --prefix leaves the real synth output alone", () => {
  const out = explain("none", "--prefix", "p1", "--port-offset", "5");
  expect(out.status).toBe(0);
  expect(out.stdout).toContain(
    "docker volume create --driver local \\\n  --label io.docker-iac.stack=p1-none \\\n  p1-none-results\n",
  );
  expect(out.stdout).toContain("docker run --detach --name p1-none-job");
});
