import * as fs from "fs";
import * as path from "path";
import { RunningCli } from "./cli";
import { httpGet } from "./docker";
import { requireToolchainOrExplain } from "./toolchain";
import { E2eWorkspace } from "./workspace";

/**
 * `docker-iac watch` on the immutable example (an ImmutableImage build context), in the run's
 * own copy of the project, on this file's own port 18645: a save in the build context brings
 * the new version up over loopback, and watch says how long that took.
 */
const PORT = 18645;
const URL = `http://127.0.0.1:${PORT}/cgi-bin/app`;

const ready = requireToolchainOrExplain();
(ready ? describe : describe.skip)("docker-iac watch redeploys a stack when its build context changes", () => {
  let ws: E2eWorkspace;
  let watch: RunningCli | undefined;

  beforeAll(() => {
    ws = new E2eWorkspace();
    ws.withStackProps('new ImmutableStack(app, "immutable")', `{ hostPort: ${PORT} }`);
  });
  afterAll(async () => {
    if (watch?.child.exitCode === null) await watch.interrupt(60_000);
    ws?.cleanUp();
  });

  test("it deploys first, then a save in the build context is answered by the new version, timed from the save", async () => {
    watch = new RunningCli(ws, ["watch", "immutable"]);
    const app = ws.name("immutable", "app");
    await watch.waitFor(new RegExp(`start: ${app} answering [\\d.]+ s after the start`), 300_000);
    expect(await httpGet(URL)).toContain("version: 1.0.0");
    // The watchers are set up once the first deploy's report is read; it says so on stderr.
    for (let i = 0; i < 100 && !/\[watch\] watching /.test(watch.stderr); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(watch.stderr).toMatch(/\[watch\] watching \. \(\d+ folders\); Ctrl-C stops/);

    const saved = Date.now();
    fs.writeFileSync(path.join(ws.dir, "examples", "immutable", "www", "VERSION"), "2.0.0\n");
    const [, seconds] = await watch.waitFor(
      new RegExp(`examples/immutable/www/VERSION: ${app} answering ([\\d.]+) s after the save`),
      300_000,
    );
    const seen = Date.now();
    expect(await httpGet(URL, 20)).toContain("version: 2.0.0");
    // The time it prints is from the save (within the debounce) to the line, not more.
    expect(Number(seconds)).toBeGreaterThan(0);
    expect(Number(seconds) * 1000).toBeLessThanOrEqual(seen - saved + 200);
  });

  test("Ctrl-C stops it with exit 130; destroy leaves nothing of the stack", async () => {
    expect(await watch!.interrupt(60_000)).toBe(130);
    expect(watch!.stderr).toMatch(/\[watch\] stopped\n$/);
    ws.destroy("immutable");
    expect(ws.leftovers("immutable")).toEqual([]);
  });
});
