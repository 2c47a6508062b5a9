import { spawnSync } from "child_process";
import * as path from "path";

const REPO = path.join(__dirname, "..", "..", "..");
const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, ["-r", "./tools/dev/register-ts.js", script, ...args], { cwd: REPO, encoding: "utf8" });

test("audit refuses an option it does not know instead of ignoring it", () => {
  const bad = run("tools/cli/audit/main.ts", "--stack", "hello");
  expect(bad.status).toBe(2);
  expect(bad.stderr.trim()).toBe("unknown option --stack. usage: npm run audit -- [<stack>...] [--strict]");
  const help = run("tools/cli/audit/main.ts", "--help");
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^usage: npm run audit/);
});

test("diagram says what is wrong with --format without a value and --all with names", () => {
  const format = run("tools/cli/diagram/main.ts", "hello", "--format");
  expect(format.status).toBe(1);
  expect(format.stderr.trim()).toBe("--format needs a value: one of mermaid, dot, svg");
  const both = run("tools/cli/diagram/main.ts", "--all", "hello");
  expect(both.status).toBe(1);
  expect(both.stderr.trim()).toBe("--all draws every stack: give --all or stack names (hello), not both");
});
