import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { changedContainers, readiness, snapshot } from "../../../../tools/cli/watch/answering";
import { formatReport } from "../../../../tools/cli/watch/command";
import { ignoredPath, watchRoots } from "../../../../tools/cli/watch/ignore";
import { type ChangeBurst, SourceWatcher } from "../../../../tools/cli/watch/watcher";
import type { ContainerInspect } from "../../../../tools/cli/ps/rows";

function container(
  name: string,
  id: string,
  status = "running",
  health?: string,
  labels: Record<string, string> = {},
): ContainerInspect {
  return {
    Id: id,
    Name: `/${name}`,
    State: { Status: status, ...(health ? { Health: { Status: health } } : {}) },
    Config: { Image: "x", Labels: labels },
  };
}

describe("what watch ignores and watches", () => {
  test("dependencies, output, git, Terraform's files and editors' temporaries; not sources", () => {
    const ignored = [
      "node_modules/x/index.js",
      "a/node_modules/b",
      ".git/index",
      "cdktf.out/stacks/x/cdk.tf.json",
      "out/manifest.json",
      "terraform.hello.tfstate",
      "terraform.hello.tfstate.backup",
      "stacks/.terraform/x",
      ".terraform.lock.hcl",
      "stacks/.app.ts.swp",
      "stacks/app.ts~",
      "4913",
    ];
    const watched = ["stacks/app.ts", "examples/hello/www/index.html", "outside.ts", "output/x", "Dockerfile"];
    expect(ignored.filter((p) => !ignoredPath(p, "out"))).toEqual([]);
    expect(watched.filter((p) => ignoredPath(p, "out"))).toEqual([]);
  });

  test("the project folder plus each build context outside it, none twice", () => {
    expect(watchRoots("/p", ["/p/examples/hello", "/src/api", "/src/api/sub", "/p2"])).toEqual([
      "/p",
      "/p2",
      "/src/api",
    ]);
  });
});

describe("which containers a change replaced, and when they answer", () => {
  test("a container with a new ID or a new name changed; one kept did not; Swarm tasks are not containers of the stack", () => {
    const before = snapshot([container("a", "1"), container("b", "2")]);
    const after = snapshot([
      container("a", "1"),
      container("b", "3"),
      container("c", "4"),
      container("s.1.x", "5", "running", undefined, { "com.docker.swarm.service.id": "s" }),
    ]);
    expect(changedContainers(before, after)).toEqual(["b", "c"]);
  });

  test("answering: running and healthy, or running without a healthcheck; waiting while starting; failed when unhealthy or stopped", () => {
    const states = [
      container("a", "1", "running"),
      container("a", "1", "running", "healthy"),
      container("a", "1", "running", "starting"),
      container("a", "1", "created"),
      container("a", "1", "running", "unhealthy"),
      container("a", "1", "exited"),
      undefined,
    ].map((c) => readiness(c).state);
    expect(states).toEqual(["answering", "answering", "waiting", "waiting", "failed", "failed", "failed"]);
  });

  test("one line per deploy: each replaced container and its time from the save", () => {
    const line = formatReport(
      {
        trigger: ["/p/examples/immutable/www/VERSION"],
        deployExitCode: 0,
        deploySeconds: 4.2,
        containers: [{ name: "immutable-app", answeredSeconds: 5.04, problem: null }],
      },
      (f) => path.relative("/p", f),
    );
    expect(line).toMatch(
      /^\[watch\] \d\d:\d\d:\d\d examples\/immutable\/www\/VERSION: immutable-app answering 5\.04 s after the save \(deploy 4\.20 s\)\n$/,
    );
    expect(formatReport({ trigger: ["/p/x"], deployExitCode: 1, deploySeconds: 1, containers: [] })).toMatch(
      /\/p\/x: deploy failed \(exit 1, see above\); watching for the next change\n$/,
    );
  });
});

describe("the folder watcher", () => {
  let dir: string;
  let watcher: SourceWatcher | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-watch-test-"));
    fs.mkdirSync(path.join(dir, "src", "deep"), { recursive: true });
    fs.mkdirSync(path.join(dir, "node_modules", "lib"), { recursive: true });
    fs.mkdirSync(path.join(dir, "out"));
  });
  afterEach(() => {
    watcher?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a watcher on dir; resolves with its first burst (or undefined after `ms`). */
  function firstBurst(ms: number): Promise<ChangeBurst | undefined> {
    let resolve!: (b: ChangeBurst | undefined) => void;
    const burst = new Promise<ChangeBurst | undefined>((r) => (resolve = r));
    watcher = new SourceWatcher(
      [dir],
      () => "out",
      (b) => resolve(b),
      100,
    );
    watcher.start();
    const timer = setTimeout(() => resolve(undefined), ms);
    return burst.finally(() => clearTimeout(timer));
  }

  test("changes in nested and new folders come as one burst; ignored folders are not even watched", async () => {
    const burst = firstBurst(5000);
    expect(watcher!.folders).toBe(3); // dir, src, src/deep
    const t0 = Date.now();
    fs.writeFileSync(path.join(dir, "node_modules", "lib", "index.js"), "x");
    fs.writeFileSync(path.join(dir, "out", "manifest.json"), "{}");
    fs.writeFileSync(path.join(dir, "src", "deep", "a.ts"), "a");
    fs.mkdirSync(path.join(dir, "src", "new"));
    await new Promise((r) => setTimeout(r, 30));
    fs.writeFileSync(path.join(dir, "src", "new", "b.ts"), "b");
    const seen = await burst;
    expect(seen?.files).toEqual([
      path.join(dir, "src", "deep", "a.ts"),
      path.join(dir, "src", "new"),
      path.join(dir, "src", "new", "b.ts"),
    ]);
    expect(seen!.firstAt).toBeGreaterThanOrEqual(t0);
  });

  test("only ignored changes: no burst", async () => {
    const burst = firstBurst(800);
    fs.writeFileSync(path.join(dir, "terraform.x.tfstate"), "{}");
    fs.writeFileSync(path.join(dir, "out", "manifest.json"), "{}");
    expect(await burst).toBeUndefined();
  });
});
