// tools/dev/shell-helpers.sh, as the scripts use it: cleanups run however a script ends, and a
// background job started in its own process group is stopped with everything under it.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const HELPERS = path.resolve(__dirname, "..", "..", "..", "tools", "dev", "shell-helpers.sh");

/** A script that starts a background job (a subshell with a child, as a build has), then ends as `ending` says. */
function script(marker: string, ending: string): string {
  return `set -euo pipefail
LOG_TAG=test
. "${HELPERS}"
on_exit "echo cleaned > '${marker}.cleanup'"
set -m
( set +m; sleep 300 & echo $! > '${marker}.grandchild'; wait ) &
job=$!
set +m
on_exit "kill -TERM -- -$job 2>/dev/null || true"
while [ ! -s '${marker}.grandchild' ]; do sleep 0.05; done
echo started > '${marker}.started'
${ending}`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function waitFor(check: () => boolean, ms: number): boolean {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  return check();
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-shell-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test.each([
  ["die", "die 'something failed'", 1],
  ["a failed command under set -e", "false", 1],
  ["a normal end", "true", 0],
])("on %s, the cleanups run and the background job's whole process group is stopped", (_, ending, status) => {
  const marker = path.join(dir, "m");
  const result = spawnSync("bash", ["-c", script(marker, ending)], { encoding: "utf8", timeout: 20_000 });
  expect(result.status).toBe(status);
  if (ending.startsWith("die")) expect(result.stderr).toBe("[test] ERROR: something failed\n");
  expect(fs.readFileSync(`${marker}.cleanup`, "utf8")).toBe("cleaned\n");
  const grandchild = Number(fs.readFileSync(`${marker}.grandchild`, "utf8"));
  expect(waitFor(() => !alive(grandchild), 5000)).toBe(true);
});

test("on a TERM from outside, while the script waits (as toolchain.sh waits for its build), the cleanups run too", async () => {
  const marker = path.join(dir, "m");
  // `wait` returns at once when a trapped signal arrives; a foreground command would delay the trap.
  const child = spawn("bash", ["-c", script(marker, "wait $job")], { stdio: "ignore" });
  expect(waitFor(() => fs.existsSync(`${marker}.started`), 10_000)).toBe(true);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  expect(await exited).toBe(143);
  expect(fs.readFileSync(`${marker}.cleanup`, "utf8")).toBe("cleaned\n");
  const grandchild = Number(fs.readFileSync(`${marker}.grandchild`, "utf8"));
  expect(waitFor(() => !alive(grandchild), 5000)).toBe(true);
});

test("stop_pid stops a process that ignores TERM, with KILL after the grace", () => {
  const result = spawnSync(
    "bash",
    [
      "-c",
      `set -euo pipefail; LOG_TAG=test; . "${HELPERS}"
    bash -c 'trap "" TERM; sleep 30' & pid=$!
    sleep 0.2; stop_pid "$pid" 1; wait "$pid" 2>/dev/null || true
    kill -0 "$pid" 2>/dev/null && echo alive || echo gone`,
    ],
    { encoding: "utf8", timeout: 20_000 },
  );
  expect(result.stdout.trim()).toBe("gone");
  expect(result.stderr).toMatch(/^\[test\] pid \d+ still running after 1 s; sending KILL\n$/);
});
