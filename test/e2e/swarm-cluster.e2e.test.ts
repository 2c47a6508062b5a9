import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { requestLoop, script, SwarmWorkspace, waitFor } from "./swarm-support";
import { requireToolchainOrExplain } from "./toolchain";

/**
 * The swarm stack (the TODO app) on a real three-node swarm (tools/dev/swarm-cluster.sh: three
 * engines in their own network namespaces on this machine, each reaching the machine's local
 * registry as 127.0.0.1:5000): tasks spread over nodes, and a lost worker's tasks are
 * rescheduled on the others.
 */
const ready = requireToolchainOrExplain();
const describeIf = ready ? describe : describe.skip;
const HOST_PORT = 18131;

describeIf("swarm stack on a three-node swarm", () => {
  let ws: SwarmWorkspace;
  let manager: string;
  let url: string;
  const savedDockerHost = process.env.DOCKER_HOST;
  const on = (...args: string[]) =>
    execFileSync("docker", ["-H", manager, ...args], { encoding: "utf8", timeout: 120_000 }).trim();
  const api = () => ws.name("swarm", "api");

  /** Running tasks of a service per node (node IDs map to node1..node3 by the script's label). */
  function tasksByNode(service: string): Record<string, number> {
    const nodes = Object.fromEntries(
      on("node", "ls", "--format", "{{.ID}}")
        .split("\n")
        .map((id) => [id, on("node", "inspect", id, "--format", '{{index .Spec.Labels "docker-iac.node"}}')]),
    );
    const tasks = on("service", "ps", service, "--filter", "desired-state=running", "--format", "{{.ID}}")
      .split("\n")
      .filter(Boolean);
    const byNode: Record<string, number> = {};
    for (const task of tasks) {
      const [state, node] = on("inspect", task, "--format", "{{.Status.State}} {{.NodeID}}").split(" ");
      if (state === "running") byNode[`node${nodes[node]}`] = (byNode[`node${nodes[node]}`] ?? 0) + 1;
    }
    return byNode;
  }
  const apiTasksByNode = () => tasksByNode(api());

  beforeAll(() => {
    script("swarm-cluster.sh", "up");
    manager = script("swarm-cluster.sh", "host", "1");
    // Through the proxy and an API task to PostgreSQL and Redis; each reply names its task.
    url = `http://${script("swarm-cluster.sh", "address", "1")}:${HOST_PORT}/health`;
    // Every Terraform and docker command of this file talks to the cluster's manager.
    process.env.DOCKER_HOST = manager;
    ws = new SwarmWorkspace({ swarmNodes: 3 });
    const app = ws.read("stacks/app.ts");
    ws.edit(
      "stacks/app.ts",
      app.replace('new SwarmStack(app, "swarm")', `new SwarmStack(app, "swarm", { hostPort: ${HOST_PORT} })`),
    );
    // The images built from code (API, proxy) are built on the manager and named by ID; a worker
    // can run such a task only if it has the image. Build them first, copy them over, then
    // deploy (pushing them to a registry does the same on real swarms). PostgreSQL and Redis
    // are pinned registry references: each node pulls them itself.
    const env = {
      ...process.env,
      CHECKPOINT_DISABLE: "1",
      CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
      CDKTF_CONTEXT_JSON: JSON.stringify(ws.context()),
    };
    const step = (command: string, args: string[], cwd: string) => {
      const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 600_000 });
      if (result.status !== 0)
        throw new Error(`${command} ${args.join(" ")} failed:\n${(result.stdout + result.stderr).slice(-3000)}`);
    };
    step("npx", ["cdktf", "synth", "swarm"], ws.dir);
    const stackDir = ws.stackDir("swarm");
    const images = Object.entries<{ name: string; build?: unknown }>(
      JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")).resource.docker_image,
    ).filter(([, image]) => image.build !== undefined);
    const terraform = process.env.TERRAFORM_BINARY_NAME ?? "terraform";
    step(terraform, ["init", "-input=false", "-no-color"], stackDir);
    step(
      terraform,
      ["apply", "-auto-approve", "-input=false", "-no-color", ...images.map(([id]) => `-target=docker_image.${id}`)],
      stackDir,
    );
    const refs = images.map(([, image]) => image.name);
    expect(refs.map((ref) => on("image", "inspect", "--format", "{{.Id}}", ref))).toHaveLength(2);
    script("swarm-cluster.sh", "load-images", ...refs);
    ws.deploy("swarm");
  });

  afterAll(() => {
    try {
      ws?.cleanUp();
    } finally {
      if (savedDockerHost === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = savedDockerHost;
      script("swarm-cluster.sh", "down");
    }
  });

  test("three nodes; the API's three tasks run one per node, the proxy and the DB on the manager", async () => {
    expect(
      on("node", "ls", "--format", "{{.Status}} {{.ManagerStatus}}")
        .split("\n")
        .map((l) => l.trim())
        .sort(),
    ).toEqual(["Ready", "Ready", "Ready Leader"]);
    await waitFor("3 API tasks running", () => Object.values(apiTasksByNode()).reduce((a, b) => a + b, 0) === 3, 60);
    expect(apiTasksByNode()).toEqual({ node1: 1, node2: 1, node3: 1 });
    // Placement constraint node.role == manager: the DB next to its volume, the proxy where the test connects.
    expect([tasksByNode(ws.name("swarm", "proxy")), tasksByNode(ws.name("swarm", "db"))]).toEqual([
      { node1: 1 },
      { node1: 1 },
    ]);
    // The cache may run anywhere: its node pulled the pinned Redis image from the registry.
    expect(Object.values(tasksByNode(ws.name("swarm", "cache")))).toEqual([1]);
    const load = await requestLoop(
      url,
      { perSecond: 10, maxRequests: 60, maxSeconds: 30 },
      new Promise(() => undefined),
    );
    expect(load.failures).toEqual([]);
    expect(Object.keys(load.tasks).sort()).toEqual([1, 2, 3].map((slot) => `${api()}.${slot}`));
  });

  test("npm run deploy pointed at a worker: one clean line before Terraform runs, nothing changes", () => {
    const services = on("service", "ls", "--format", "{{.Name}} {{.Replicas}}");
    process.env.DOCKER_HOST = script("swarm-cluster.sh", "host", "2");
    let result;
    try {
      result = ws.tryFastDeploy("swarm");
    } finally {
      process.env.DOCKER_HOST = manager;
    }
    const lines = result.output.split("\n").filter((l) => l.trim() && !l.startsWith("[deploy] synth"));
    expect({ status: result.status, lines }).toEqual({
      status: 1,
      lines: [
        expect.stringMatching(
          /^\[deploy\] swarm: the stack declares \d+ Swarm object\(s\) .* is a swarm worker; only managers create services, secrets and configs\. Fix: point DOCKER_HOST at a manager/,
        ),
      ],
    });
    expect(on("service", "ls", "--format", "{{.Name}} {{.Replicas}}")).toBe(services);
  });

  test("node loss: a worker's daemon stops, its task is rescheduled, the service recovers; then the worker comes back", async () => {
    const lost = Date.now();
    script("swarm-cluster.sh", "stop-node", "3");
    const nodeDown = await waitFor(
      "node 3 to be marked down",
      () => on("node", "ls", "--format", "{{.Status}}").split("\n").includes("Down"),
      120,
    );
    const rescheduled = await waitFor(
      "3 API tasks on the two remaining nodes",
      () => {
        const byNode = apiTasksByNode();
        return !byNode.node3 && (byNode.node1 ?? 0) + (byNode.node2 ?? 0) === 3;
      },
      180,
    );
    // Recovered: every request of a short burst answers, from the three live tasks.
    const load = await requestLoop(
      url,
      { perSecond: 10, maxRequests: 50, maxSeconds: 30 },
      new Promise(() => undefined),
    );
    const recoveredSeconds = (Date.now() - lost) / 1000;
    console.log(
      `node loss: node marked down after ${nodeDown.toFixed(1)} s, 3 tasks running on the other nodes after ${(nodeDown + rescheduled).toFixed(1)} s, every request answered again by ${recoveredSeconds.toFixed(1)} s`,
    );
    expect(load.failures).toEqual([]);
    expect(Object.keys(load.tasks)).toHaveLength(3);

    script("swarm-cluster.sh", "start-node", "3");
    await waitFor(
      "node 3 to be ready again",
      () => !on("node", "ls", "--format", "{{.Status}}").split("\n").includes("Down"),
      120,
    );
    expect(on("node", "ls", "--format", "{{.Status}}").split("\n")).toEqual(["Ready", "Ready", "Ready"]);
  });

  test("destroy leaves no service, secret, config or network on the cluster", () => {
    ws.destroy("swarm");
    const prefix = ws.stackLabel("swarm");
    expect({
      services: on("service", "ls", "--filter", `name=${prefix}-`, "-q"),
      secrets: on("secret", "ls", "--filter", `name=${prefix}-`, "-q"),
      configs: on("config", "ls", "--filter", `name=${prefix}-`, "-q"),
      networks: on("network", "ls", "--filter", `label=io.docker-iac.stack=${prefix}`, "-q"),
    }).toEqual({ services: "", secrets: "", configs: "", networks: "" });
  });
});
