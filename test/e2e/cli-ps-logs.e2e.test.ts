import { dockerIac, RunningCli } from "./cli";
import { docker } from "./docker";
import { requireToolchainOrExplain } from "./toolchain";
import { E2eWorkspace } from "./workspace";

/**
 * `docker-iac ps` and `docker-iac logs` on a deployed stack: the hello example's image, two
 * containers with healthchecks (deploy waits for them), one printing to stderr and one to
 * stdout. Port 18640 is this file's own.
 */
const STACK_SOURCE = `
import { Container, DockerApp, DockerStack, Healthcheck, ImmutableImage } from "docker-iac";
import { baseImage, exampleDir } from "./example-inputs";

export function define(app: DockerApp): void {
  const stack = new DockerStack(app, "pslogs");
  const image = new ImmutableImage(stack, "Image", { context: exampleDir("hello"), buildArgs: { BASE_IMAGE: baseImage(stack) } });
  const healthcheck = Healthcheck.fromCommand(["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"], { intervalSeconds: 1, retries: 30 });
  new Container(stack, "Web", {
    image,
    command: ["sh", "-c", "echo 'web ready on stderr' >&2; exec httpd -f -p 8080 -h /www"],
    portForwards: [{ containerPort: 8080, hostPort: 18640 }],
    healthcheck,
    waitForHealthy: true,
  });
  new Container(stack, "Worker", {
    image,
    command: ["sh", "-c", "for i in 1 2 3; do echo \\"worker line $i\\"; done; exec httpd -f -p 8080 -h /www"],
    healthcheck,
    waitForHealthy: true,
  });
}
`;

interface PsRow {
  name: string;
  stack: string;
  kind: string;
  state: string;
  health: string;
  image: string;
  ports: { hostIp: string; hostPort: number; containerPort: number; protocol: string }[];
  replicas: unknown;
  id: string | null;
}

const ready = requireToolchainOrExplain();
(ready ? describe : describe.skip)("docker-iac ps and logs on a deployed stack", () => {
  let ws: E2eWorkspace;
  let web: string;
  let worker: string;

  beforeAll(() => {
    ws = new E2eWorkspace();
    ws.useOnlyStacks("pslogs-e2e-stack", STACK_SOURCE);
    ws.deploy("pslogs");
    [web, worker] = [ws.name("pslogs", "web"), ws.name("pslogs", "worker")];
  });
  afterAll(() => ws?.cleanUp());

  test("ps --json shows every container of the stack running and healthy, with its image and port", () => {
    const ps = dockerIac(ws, "ps", "pslogs", "--json");
    expect(ps.status).toBe(0);
    const rows = JSON.parse(ps.stdout) as PsRow[];
    expect(
      rows.map(({ name, stack, kind, state, health, ports }) => ({ name, stack, kind, state, health, ports })),
    ).toEqual([
      {
        name: web,
        stack: "pslogs",
        kind: "container",
        state: "running",
        health: "healthy",
        ports: [{ hostIp: "127.0.0.1", hostPort: 18640, containerPort: 8080, protocol: "tcp" }],
      },
      { name: worker, stack: "pslogs", kind: "container", state: "running", health: "healthy", ports: [] },
    ]);
    for (const row of rows) {
      expect(row.image).toMatch(new RegExp(`^docker-iac/${ws.stackLabel("pslogs")}-image:`));
      expect(row.id).toBe(docker("inspect", "-f", "{{.Id}}", row.name));
    }
  });

  test("ps prints a table with the port as docker ps writes it", () => {
    const ps = dockerIac(ws, "ps", "pslogs");
    expect(ps.status).toBe(0);
    const lines = ps.stdout.trimEnd().split("\n");
    expect(lines[0].split(/\s{2,}/)).toEqual(["NAME", "STACK", "KIND", "STATE", "HEALTH", "IMAGE", "PORTS"]);
    expect(lines[1]).toMatch(
      new RegExp(`^${web}\\s+pslogs\\s+container\\s+running\\s+healthy\\s+\\S+\\s+127\\.0\\.0\\.1:18640->8080/tcp$`),
    );
    expect(lines[2]).toMatch(new RegExp(`^${worker}\\s+pslogs\\s+container\\s+running\\s+healthy\\s+\\S+$`));
  });

  test("logs prints every container's lines after its name, stderr and stdout alike", () => {
    const logs = dockerIac(ws, "logs", "pslogs");
    expect(logs.status).toBe(0);
    const width = worker.length;
    expect(logs.stdout.trimEnd().split("\n")).toEqual([
      `${web.padEnd(width)} | web ready on stderr`,
      `${worker} | worker line 1`,
      `${worker} | worker line 2`,
      `${worker} | worker line 3`,
    ]);
  });

  test("logs --tail 1 prints only the last line of each container named", () => {
    const logs = dockerIac(ws, "logs", "pslogs", worker, "--tail", "1");
    expect({ status: logs.status, stdout: logs.stdout }).toEqual({ status: 0, stdout: `${worker} | worker line 3\n` });
  });

  test("logs of a name the stack does not have is exit 2 and lists the names it has", () => {
    const logs = dockerIac(ws, "logs", "pslogs", "nope");
    expect(logs.status).toBe(2);
    expect(logs.stderr.split("\n")[0]).toBe(
      `docker-iac logs: no container or service 'nope' in stack 'pslogs'. Known: ${web}, ${worker}`,
    );
  });

  test("logs --follow keeps the stream open and ends on Ctrl-C with exit 130", async () => {
    const follow = new RunningCli(ws, ["logs", "pslogs", "--follow"]);
    await follow.waitFor(/worker line 3\n/, 30_000);
    // Still following: it has not ended on its own while the containers run.
    await new Promise((r) => setTimeout(r, 1000));
    expect(follow.child.exitCode).toBeNull();
    expect(await follow.interrupt(10_000)).toBe(130);
  });

  test("a container removed by hand shows as missing", () => {
    docker("rm", "-f", worker);
    const ps = dockerIac(ws, "ps", "pslogs", "--json");
    expect(ps.status).toBe(0);
    const rows = JSON.parse(ps.stdout) as PsRow[];
    expect(rows.map((r) => [r.name, r.state, r.id])).toEqual([
      [web, "running", expect.any(String)],
      [worker, "missing", null],
    ]);
  });
});
