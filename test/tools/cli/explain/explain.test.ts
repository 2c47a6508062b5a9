// explain on stacks synthesized here: each command as the resource sets it, in creation order,
// secrets only as references, and a plain comment for what it cannot show.
import * as os from "os";
import * as path from "path";
import { Tag } from "@cdktf/provider-docker/lib/tag";
import {
  BridgeNetwork,
  Container,
  DockerApp,
  RegistryImage,
  DockerStack,
  Healthcheck,
  ImmutableImage,
  Network,
  OverlayNetwork,
  SwarmSecret,
  SwarmService,
  Volume,
} from "docker-iac";
import { explainText } from "../../../../tools/dev/readmes";
import { loaded, loadStacks } from "../../../../tools/dev/example-stacks";

const REPO = path.resolve(__dirname, "..", "..", "..", "..");
const HELLO = path.join(REPO, "examples", "hello");

function explainOne(define: (stack: DockerStack) => void, portOffset = 0): string {
  const app = new DockerApp({
    stackTraces: false,
    reportErrors: false,
    outdir: path.join(os.tmpdir(), "docker-iac-explain-test"),
  });
  const stack = new DockerStack(app, "shop");
  define(stack);
  expect(app.findProblems()).toEqual([]);
  return explainText(loaded(stack, app.outdir, REPO), portOffset);
}

/** The printed command whose comment line contains `marker` (comment and command lines). */
function commandOf(text: string, marker: string): string {
  // A command printed commented out continues with "# not runnable..." and "#   " lines.
  const found = text.split(/\n(?=# (?!not runnable| {2}))/).find((chunk) => chunk.split("\n")[0].includes(marker));
  if (!found) throw new Error(`no command commented with '${marker}' in:\n${text}`);
  return found;
}

describe("docker network create", () => {
  test("with the subnet, the gateway, the internal flag and the labels", () => {
    const text = explainOne(
      (s) => new BridgeNetwork(s, "Back", { subnet: "10.77.0.0/24", gateway: "10.77.0.1", internal: true }),
    );
    expect(commandOf(text, "network")).toBe(
      "# a user-defined bridge network; subnet 10.77.0.0/24; internal: no route out of it, its containers reach only each other\n" +
        "docker network create --driver bridge --internal \\\n  --subnet 10.77.0.0/24 --gateway 10.77.0.1 \\\n  --label io.docker-iac.stack=shop \\\n  shop-back\n",
    );
  });
});

describe("docker run", () => {
  const text = explainOne((s) => {
    const image = new ImmutableImage(s, "Image", { context: HELLO, buildArgs: { BASE_IMAGE: "busybox:1.37.0" } });
    const network = new BridgeNetwork(s, "Net");
    const data = new Volume(s, "Data");
    new Container(s, "Web", {
      image,
      network,
      volumes: { "/data": data },
      portForwards: [{ containerPort: 8080, hostPort: 18200 }],
      environment: { MODE: "shop", DB_PASSWORD: "hunter2-do-not-print", DB_PASSWORD_FILE: "/run/secrets/db" },
      healthcheck: Healthcheck.fromCommand(["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"], {
        intervalSeconds: 5,
      }),
    });
  }, 100);

  test("comes after the network, the volume and the image it names", () => {
    const order = ["docker network create", "docker volume create", "docker build", "docker run"].map((c) =>
      text.indexOf(c),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test("names the image by its tag (its ID is known only at apply) and builds it from the source folder", () => {
    const build = commandOf(text, "builds");
    const tag = /--tag (docker-iac\/shop-image:[0-9a-f]{12}) examples\/hello$/m.exec(build)?.[1];
    expect(tag).toBeDefined();
    expect(build).toContain("--build-arg BASE_IMAGE=busybox:1.37.0");
    expect(commandOf(text, "shop-web").trimEnd().endsWith(`  ${tag}`)).toBe(true);
  });

  test("carries every flag the stack sets, the port moved by the offset, in plain words above it", () => {
    const run = commandOf(text, "shop-web");
    expect(run.split("\n")[0]).toBe(
      "# shop-web: runs detached; on shop-net (also reachable there as web); publishes container port 8080 on 127.0.0.1:18300 only; volume shop-data at /data; healthy when its check passes (every 5s)",
    );
    for (const flags of [
      "docker run --detach --name shop-web",
      "--network shop-net --network-alias web",
      "--publish 127.0.0.1:18300:8080/tcp",
      "--volume shop-data:/data",
      "--read-only --tmpfs /tmp:rw,noexec,nosuid,size=16m",
      "--env DB_PASSWORD --env DB_PASSWORD_FILE=/run/secrets/db --env MODE=shop",
      "--user 10001:10001 --workdir /",
      "--cap-drop ALL --security-opt no-new-privileges:true",
      "--memory 128m --memory-swap 128m --cpu-shares 512",
      "--restart unless-stopped --stop-timeout 10",
      "--health-cmd 'wget -q -O /dev/null http://127.0.0.1:8080/' --health-interval 5s",
    ])
      expect(run).toContain(flags);
  });

  test("never prints a secret's value: the variable comes from the shell, and a comment says so", () => {
    expect(text).not.toContain("hunter2");
    expect(text).toContain(
      "# shop-web: DB_PASSWORD holds a secret; the command passes it from your shell (export DB_PASSWORD=... first) and its value is not shown",
    );
  });
});

test("a container on two networks is created, connected, then started", () => {
  const text = explainOne((s) => {
    const image = new ImmutableImage(s, "Image", { context: HELLO, buildArgs: { BASE_IMAGE: "busybox:1.37.0" } });
    const front = new BridgeNetwork(s, "Front");
    const back = new BridgeNetwork(s, "Back", { internal: true });
    new Container(s, "Api", { image, network: front }).joinNetwork(back, { aliases: ["api-internal"] });
  });
  const steps = text.split("\n").filter((l) => l.startsWith("docker "));
  expect(steps.slice(-3).map((l) => l.replace(/ \\$/, ""))).toEqual([
    "docker create --name shop-api",
    expect.stringMatching(/^docker network connect (--alias \S+ )+shop-\S+ shop-api$/),
    "docker start shop-api",
  ]);
});

test("network mode none: no network to create, and the comment says only lo", () => {
  const text = explainOne((s) => {
    const image = new ImmutableImage(s, "Image", { context: HELLO, buildArgs: { BASE_IMAGE: "busybox:1.37.0" } });
    new Container(s, "Job", { image, network: Network.NONE, mustRun: false });
  });
  expect(text).not.toContain("docker network create");
  expect(commandOf(text, "shop-job")).toContain("network none: only the loopback interface lo");
  expect(commandOf(text, "shop-job")).toContain("--network none");
});

test("a value only known at apply is printed commented out, with the reason", () => {
  const text = explainOne((s) => {
    const image = new ImmutableImage(s, "Image", { context: HELLO, buildArgs: { BASE_IMAGE: "busybox:1.37.0" } });
    const back = new Container(s, "Back", { image });
    const front = new Container(s, "Front", { image });
    front.addEnvironment("BACK_IP", back.resource.networkData.get(0).ipAddress);
  });
  const front = commandOf(text, "shop-front");
  expect(front).toMatch(/^# not runnable as printed: env BACK_IP: .* is known only after apply$/m);
  expect(
    front
      .split("\n")
      .filter(Boolean)
      .slice(2)
      .every((l) => l.startsWith("#   ")),
  ).toBe(true);
});

test("a resource type with no docker command gets a plain comment", () => {
  const text = explainOne((s) => {
    const image = new ImmutableImage(s, "Image", { context: HELLO, buildArgs: { BASE_IMAGE: "busybox:1.37.0" } });
    new Container(s, "Web", { image });
    new Tag(s, "Extra", { sourceImage: image.imageName, targetImage: "shop/extra:1" });
  });
  expect(text).toMatch(
    /^# cannot show docker_tag\.Extra\S*: a docker_tag has no single docker command; deploy it with cdktf$/m,
  );
});

describe("a Swarm stack", () => {
  test("secret, config, overlay network and service commands after the images, secrets by file only", () => {
    const { stacks } = loadStacks({ ignoreEnvironment: true, relativeTo: REPO });
    const text = explainText(stacks.find((s) => s.name === "swarm")!);
    const first = (c: string) => text.indexOf(c);
    expect(first("docker build")).toBeLessThan(first("docker secret create"));
    expect(first("docker secret create")).toBeLessThan(first("docker config create"));
    expect(first("docker config create")).toBeLessThan(first("docker network create --driver overlay"));
    expect(first("docker network create --driver overlay")).toBeLessThan(first("docker service create"));
    // Each secret is created from its file, named by the file's hash as the stack names it.
    expect(text).toContain(
      'docker secret create \\\n  --label io.docker-iac.stack=swarm \\\n  "swarm-db-password-$(sha256sum "$HOME/.cache/docker-iac/secrets/swarm-db-password" | cut -d\' \' -f1 | cut -c1-12)" "$HOME/.cache/docker-iac/secrets/swarm-db-password"',
    );
    // The services start in dependency order: the API names the database and the cache.
    const services = [...text.matchAll(/docker service create --detach=false --name (\S+)/g)].map((m) => m[1]);
    expect(services.indexOf("swarm-api")).toBeGreaterThan(services.indexOf("swarm-db"));
    expect(services.indexOf("swarm-api")).toBeGreaterThan(services.indexOf("swarm-cache"));
    expect(text).toContain('--secret "source=swarm-db-password-$(sha256sum');
    expect(text).toContain("--publish target=8080,published=18130,protocol=tcp,mode=host");
  });

  test("a secret whose value is in the configuration is never printed, only what to run", () => {
    const value = "s3cr3t-value-in-config";
    const text = explainOne((s) => {
      const secret = new SwarmSecret(s, "Token", { value });
      const network = new OverlayNetwork(s, "Mesh");
      const image = new RegistryImage(s, "ApiImage", { reference: `registry.local/api@sha256:${"a".repeat(64)}` });
      new SwarmService(s, "Api", { image, networks: [network], secrets: { token: secret } });
    });
    expect(text).not.toContain(value);
    expect(text).not.toContain(Buffer.from(value).toString("base64"));
    expect(text).toMatch(
      /^# the Swarm secret \S+ has its value in the configuration; explain never prints a secret\. By hand: docker secret create \S+ <a file that holds it>$/m,
    );
  });
});

test("order follows depends_on and references: the back before the front that names it", () => {
  const { stacks } = loadStacks({ ignoreEnvironment: true, relativeTo: REPO });
  const bridge = explainText(stacks.find((s) => s.name === "bridge")!);
  expect(bridge.indexOf("--name bridge-back")).toBeLessThan(bridge.indexOf("--name bridge-front"));
  expect(bridge).toContain("--env BACK_HOST=bridge-back");
  const todo = explainText(stacks.find((s) => s.name === "todo")!);
  const names = [...todo.matchAll(/docker (?:run|create)(?: --detach)? --name (\S+)/g)].map((m) => m[1]);
  // The start-first containers' names end in a content hash (UpdateOrder.START_FIRST).
  expect(names.map((n) => n.replace(/-[0-9a-f]{12}$/, ""))).toEqual([
    "todo-db",
    "todo-cache",
    "todo-migrate",
    "todo-api",
    "todo-proxy",
  ]);
});

test("--prefix explains the stack under the context namePrefix: every name and label moves", () => {
  const { stacks } = loadStacks({ ignoreEnvironment: true, context: { namePrefix: "copy" }, relativeTo: REPO });
  const text = explainText(stacks.find((s) => s.name === "hello")!, 1000);
  expect([...text.matchAll(/--name (\S+)/g)].map((m) => m[1])).toEqual(["copy-hello-web-a", "copy-hello-web-b"]);
  expect(text).toContain("--label io.docker-iac.stack=copy-hello");
  expect(text).toContain("--publish 127.0.0.1:19080:8080/tcp");
  expect(text).toContain("--publish 127.0.0.1:19081:8080/tcp");
  expect(text).not.toMatch(/ hello-/);
});
