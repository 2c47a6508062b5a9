import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { docker, httpGet } from "./docker";
import { requireToolchainOrExplain } from "./toolchain";
import { E2eWorkspace, makeRunDir } from "./workspace";

// Locked versions are a record, not a gate: Debian serves only the newest version of each package,
// so a lock pinning one it no longer serves (here: one it never had) must still build, on today's
// version, say so in one line, and give an image a stack deploys and that answers. The committed
// record and the snapshots stay as they are.
const REPO = path.resolve(__dirname, "..", "..");
const SCRIPT = path.join(REPO, "tools", "dev", "server-images.sh");
const COMMITTED = [
  "tools/dev/server-images/packages.lock",
  "stacks/server-images.lock.json",
  "test/stacks/__snapshots__/stacks.test.ts.snap",
];
const NEVER = "1.22.1-9+deb12u0~never";
const PORT = 18170;

const ready = requireToolchainOrExplain();
(ready ? describe : describe.skip)("a server image built from a lock that pins a version Debian does not serve", () => {
  let ws: E2eWorkspace;
  let cache: string;
  let build: { status: number | null; output: string };
  let reference: string;
  const before = new Map<string, string>();
  const today = () =>
    /Candidate: (\S+)/.exec(execFileSync("apt-cache", ["policy", "nginx-light"], { encoding: "utf8" }))?.[1];

  beforeAll(() => {
    for (const file of COMMITTED) before.set(file, fs.readFileSync(path.join(REPO, file), "utf8"));
    ws = new E2eWorkspace();
    // A cache of its own (its own state, record and lock), sharing the machine's downloaded
    // packages and its registry on 127.0.0.1:5000 (reused, as the script does when one answers).
    cache = makeRunDir(ws.runId, "server-images-");
    fs.mkdirSync(path.join(cache, "server-images"), { recursive: true });
    const debs = path.join(process.env.DOCKER_IAC_CACHE!, "server-images", "debs");
    if (fs.existsSync(debs)) fs.symlinkSync(debs, path.join(cache, "server-images", "debs"));
    // The machine's registry, started from the machine's cache first: with none answering, the
    // build below would start one serving from this temporary cache, which outlives the test.
    const registry = spawnSync("bash", [SCRIPT, "registry"], { encoding: "utf8", timeout: 120_000 });
    expect({ status: registry.status, output: `${registry.stdout}${registry.stderr}` }).toEqual({
      status: 0,
      output: expect.any(String),
    });
    const lock = path.join(cache, "packages.lock");
    const pinned = before.get(COMMITTED[0])!.replace(/^nginx nginx-light \S+$/m, `nginx nginx-light ${NEVER}`);
    expect(pinned).toContain(`nginx nginx-light ${NEVER}`);
    fs.writeFileSync(lock, pinned);
    const result = spawnSync("bash", [SCRIPT, "build", "nginx"], {
      encoding: "utf8",
      timeout: 600_000,
      env: { ...process.env, DOCKER_IAC_CACHE: cache, DOCKER_IAC_PACKAGES_LOCK: lock },
    });
    build = { status: result.status, output: `${result.stdout}${result.stderr}` };
    const record = JSON.parse(fs.readFileSync(path.join(cache, "server-images.lock.json"), "utf8"));
    reference = `${record.registry}/${record.images.nginx.repository}@${record.images.nginx.digest}`;
  });
  afterAll(() => {
    ws?.cleanUp();
    if (cache) fs.rmSync(cache, { recursive: true, force: true });
  });

  test("the build warns in one line per moved package, uses today's version and goes on", () => {
    expect({ status: build.status, tail: build.output.slice(-1500) }).toEqual({ status: 0, tail: expect.any(String) });
    expect(build.output).toContain(
      `[server-images] moved: nginx-light ${NEVER} -> ${today()} (Debian no longer serves ${NEVER}; building with ${today()})`,
    );
    expect(build.output.match(/moved: nginx-light /g)).toHaveLength(1);
    expect(build.output).toContain("npm run lock:refresh");
    // What is inside is today's version, whatever the lock said.
    const version = docker(
      "run",
      "--rm",
      "--network",
      "none",
      "--entrypoint",
      "dpkg-query",
      reference,
      "-W",
      "-f",
      "${Version}",
      "nginx-light",
    );
    expect(version).toBe(today());
  });

  test("a stack deploys on the resulting digest and answers", async () => {
    ws.useOnlyStacks(
      "drift-e2e-stack",
      `
import { Container, DockerApp, DockerStack, RegistryImage } from "docker-iac";

export function define(app: DockerApp): void {
  const stack = new DockerStack(app, "drift");
  new Container(stack, "Web", {
    image: new RegistryImage(stack, "Nginx", { reference: ${JSON.stringify(reference)} }),
    user: "10001:10001",
    portForwards: [{ containerPort: 8080, hostPort: ${PORT} }],
  });
}
`,
    );
    ws.deploy("drift");
    expect(docker("inspect", "-f", "{{.Image}}", ws.name("drift", "web"))).toBe(
      docker("image", "inspect", "-f", "{{.Id}}", reference),
    );
    expect(await httpGet(`http://127.0.0.1:${PORT}/index.nginx-debian.html`)).toContain("Welcome to nginx");
    expect(ws.plan("drift").status).toBe(0);
  });

  test("the committed lock, digests and snapshots are untouched", () => {
    for (const file of COMMITTED)
      expect({ file, same: fs.readFileSync(path.join(REPO, file), "utf8") === before.get(file) }).toEqual({
        file,
        same: true,
      });
  });
});
