import * as os from "os";
import * as path from "path";
import { Construct } from "constructs";
import {
  BridgeNetwork,
  Container,
  DependencyCondition,
  Network,
  OverlayNetwork,
  RegistryImage,
  SwarmService,
  Volume,
} from "../../../../constructs";
import { type ConstructDrawer, drawer, networkRef } from "../../../../tools/cli/diagram/drawer";
import { DRAWERS } from "../../../../tools/cli/diagram/drawers";
import { drawStacks } from "../../../../tools/cli/diagram/draw";
import { exampleStacks, pickStacks } from "../../../../tools/dev/example-stacks";
import { toDot } from "../../../../tools/cli/diagram/dot";
import { toMermaid } from "../../../../tools/cli/diagram/mermaid";
import type { Diagram, DiagramNode } from "../../../../tools/cli/diagram/model";
import { testStack } from "../../../helpers";

/** A stack with one of each thing the drawer knows. */
function shop() {
  const stack = testStack("shop");
  const image = new RegistryImage(stack, "Img", { reference: "busybox:1.37.0" });
  const net = new BridgeNetwork(stack, "Back", { subnet: "172.28.5.0/24" });
  const data = new Volume(stack, "Data");
  const db = new Container(stack, "Db", {
    image,
    network: net,
    networkOptions: { aliases: ["database"], ipv4Address: "172.28.5.10" },
  });
  db.mountVolume("/var/lib/db", data);
  db.mountHostPath("/seed", "/srv/seed");
  const web = new Container(stack, "Web", {
    image,
    network: net,
    portForwards: [{ containerPort: 8080, hostPort: 18162 }],
  });
  web.joinNetwork(Network.fromNetworkName("shared-proxy"));
  web.mountVolume("/data", data, { readOnly: true });
  web.resource.dependsOn = [db.resource.fqn];
  const agent = new Container(stack, "Agent", { image, network: Network.HOST });
  const batch = new Container(stack, "Batch", { image, network: Network.NONE, mustRun: false });
  agent.addDependency(batch, DependencyCondition.COMPLETED_SUCCESSFULLY);
  return stack;
}

function node(diagram: Diagram, label: string): DiagramNode {
  const found = diagram.nodes.find((n) => n.label[0] === label);
  if (!found) throw new Error(`no node '${label}' in ${diagram.nodes.map((n) => n.label[0]).join(", ")}`);
  return found;
}

function edges(diagram: Diagram, from: string, to: string): string[] {
  const [a, b] = [node(diagram, from).id, node(diagram, to).id];
  return diagram.edges.filter((e) => e.from === a && e.to === b).map((e) => `${e.kind}${e.label ? ` ${e.label}` : ""}`);
}

describe("drawing a stack from its construct tree", () => {
  const diagram = drawStacks([shop()], "shop");

  test("each network type is its own kind of node; host ports and host paths sit in the host's box", () => {
    expect(node(diagram, "shop-back")).toMatchObject({
      kind: "bridge-network",
      label: ["shop-back", "bridge 172.28.5.0/24"],
      place: { stack: "shop" },
    });
    expect(node(diagram, "shared-proxy")).toMatchObject({
      kind: "bridge-network",
      label: ["shared-proxy", "external"],
    });
    expect(node(diagram, "host network")).toMatchObject({
      kind: "host-network",
      place: { host: "unix:///var/run/docker.sock" },
    });
    expect(node(diagram, "none")).toMatchObject({ kind: "none-network", place: { stack: "shop" } });
    expect(node(diagram, "127.0.0.1:18162")).toMatchObject({
      kind: "host-port",
      place: { host: "unix:///var/run/docker.sock" },
    });
    expect(node(diagram, "/srv/seed")).toMatchObject({
      kind: "host-path",
      place: { host: "unix:///var/run/docker.sock" },
    });
  });

  test("containers link to their image, networks (aliases, static IP), ports, mounts and dependencies", () => {
    expect(edges(diagram, "shop-db", "busybox:1.37.0")).toEqual(["runs runs"]);
    expect(edges(diagram, "shop-db", "shop-back")).toEqual(["network alias db, database; 172.28.5.10"]);
    expect(edges(diagram, "shop-web", "shared-proxy")).toEqual(["network alias web"]);
    expect(edges(diagram, "127.0.0.1:18162", "shop-web")).toEqual(["port 8080/tcp"]);
    expect(edges(diagram, "shop-data", "shop-db")).toEqual(["mount /var/lib/db"]);
    expect(edges(diagram, "shop-data", "shop-web")).toEqual(["mount /data (read-only)"]);
    expect(edges(diagram, "/srv/seed", "shop-db")).toEqual(["mount /seed (read-only)"]);
    expect(edges(diagram, "shop-web", "shop-db")).toEqual(["depends depends on"]);
    expect(edges(diagram, "shop-agent", "shop-batch")).toEqual(["depends depends on: completed"]);
    expect(edges(diagram, "shop-agent", "host network")).toEqual(["network"]);
    expect(edges(diagram, "shop-batch", "none")).toEqual(["network"]);
  });

  test("one image and one volume are drawn once however many containers use them", () => {
    expect(diagram.nodes.filter((n) => n.kind === "image")).toHaveLength(1);
    expect(diagram.nodes.filter((n) => n.kind === "volume")).toHaveLength(1);
  });

  test("the same stack draws the same text twice (stable ids and order)", () => {
    expect(toMermaid(drawStacks([shop()], "shop"))).toBe(toMermaid(diagram));
  });
});

describe("renderers", () => {
  const diagram = drawStacks([shop()], "shop");

  test("Mermaid draws each network kind with its own shape", () => {
    const text = toMermaid(diagram);
    const line = (label: string) =>
      text
        .split("\n")
        .find((l) => l.includes(`"${label}`))!
        .trim();
    expect(line("shop-back")).toMatch(/\{\{".*"\}\}$/);
    expect(line("host network")).toMatch(/\[\/".*"\\\]$/);
    expect(line("none")).toMatch(/\(\(".*"\)\)$/);
    expect(line("shop-data")).toMatch(/\[\(".*"\)\]$/);
    expect(text).toMatch(/^flowchart TB\n/);
    expect(text).toContain('subgraph box_stack_1["stack shop"]');
    expect(text).toMatch(/ -->\|"8080\/tcp"\| /);
    expect(text).toMatch(/ ==>\|"depends on"\| /);
  });

  test("Mermaid labels cannot break out of their quotes", () => {
    const tricky: Diagram = {
      title: "t",
      nodes: [{ id: "a", kind: "container", label: ['say "hi" <b>#1</b>'], place: { stack: "s" } }],
      edges: [],
    };
    expect(toMermaid(tricky)).toContain('a["say #quot;hi#quot; #lt;b#gt;#35;1#lt;/b#gt;"]');
  });

  test("DOT has one cluster per box and a shape per kind", () => {
    const dot = toDot(diagram);
    expect(dot).toMatch(/^digraph "shop" \{/);
    expect(dot.match(/subgraph cluster_/g)).toHaveLength(2);
    expect(dot).toMatch(/label="shop-back\\nbridge 172\.28\.5\.0\/24", shape=hexagon/);
    expect(dot).toMatch(/label="host network\\nthe host's own\\ninterfaces", shape=house/);
    expect(dot).toMatch(/label="none\\nloopback only", shape=circle/);
  });
});

describe("internal networks: no route out", () => {
  function walled() {
    const stack = testStack("walled");
    const image = new RegistryImage(stack, "Img", { reference: "busybox:1.37.0" });
    const inside = new BridgeNetwork(stack, "Inside", { internal: true });
    const outside = new BridgeNetwork(stack, "Outside");
    const patched = new BridgeNetwork(stack, "Patched");
    patched.resource.addOverride("internal", true);
    const mesh = new OverlayNetwork(stack, "Mesh", { internal: true });
    new Container(stack, "Db", { image, network: inside }).joinNetwork(patched);
    new Container(stack, "Web", { image, network: outside });
    new SwarmService(stack, "Api", { image, networks: [mesh] });
    return drawStacks([stack], "walled");
  }
  const diagram = walled();

  test("a bridge or overlay network synthesized with internal = true is marked and says so", () => {
    expect(node(diagram, "walled-inside")).toMatchObject({
      internal: true,
      label: ["walled-inside", "bridge", "internal: no route out"],
    });
    expect(node(diagram, "walled-mesh")).toMatchObject({
      kind: "overlay-network",
      internal: true,
      label: ["walled-mesh", "overlay", "internal: no route out"],
    });
    // An escape-hatch override is what Docker gets, so it is what the picture shows.
    expect(node(diagram, "walled-patched")).toMatchObject({ internal: true });
    expect(node(diagram, "walled-outside").internal).toBe(false);
    expect(node(diagram, "walled-outside").label).toEqual(["walled-outside", "bridge"]);
  });

  test("Mermaid gives internal networks a class of their own, on top of their kind", () => {
    const text = toMermaid(diagram);
    const ids = ["walled-inside", "walled-mesh", "walled-patched"].map((label) => node(diagram, label).id).sort();
    expect(text).toContain(
      `  classDef internal_network stroke:#111827,stroke-width:4px\n  class ${ids.join(",")} internal_network\n`,
    );
    expect(text).toMatch(/\{\{"walled-inside<br\/>bridge<br\/>internal: no route out"\}\}/);
  });

  test("DOT draws internal networks with a thick dark border, and only them", () => {
    const lines = toDot(diagram).split("\n");
    const line = (label: string) => lines.find((l) => l.includes(`label="${label}\\n`))!;
    expect(line("walled-inside")).toMatch(
      /label="walled-inside\\nbridge\\ninternal: no route out", shape=hexagon, .*penwidth=3, color="#111827"\];$/,
    );
    expect(line("walled-mesh")).toMatch(/shape=doubleoctagon, .*penwidth=3/);
    expect(line("walled-outside")).not.toContain("penwidth");
  });

  test("the example stacks: the todo backend and the swarm backend are internal, their edges are not", () => {
    const stacks = exampleStacks({ ignoreEnvContext: true });
    const todo = drawStacks(pickStacks(stacks, ["todo"]), "todo");
    const swarm = drawStacks(pickStacks(stacks, ["swarm"]), "swarm");
    expect(todo.nodes.filter((n) => n.internal).map((n) => n.label[0])).toEqual(["todo-backend"]);
    expect(swarm.nodes.filter((n) => n.internal).map((n) => n.label[0])).toEqual(["swarm-backend"]);
    expect(node(todo, "todo-edge").internal).toBe(false);
  });
});

describe("labels that stay narrow", () => {
  test("a host path under the home directory is drawn from ~, so the picture is the same on every machine", () => {
    const stack = testStack("home");
    const image = new RegistryImage(stack, "Img", { reference: "busybox:1.37.0" });
    const web = new Container(stack, "Web", { image });
    web.mountHostPath("/run/secrets/key", path.join(os.homedir(), ".cache", "key"));
    web.mountHostPath("/srv", "/srv/site");
    const diagram = drawStacks([stack], "home");
    expect(node(diagram, "~/.cache/key")).toMatchObject({ kind: "host-path", id: "host_path_cache_key" });
    expect(node(diagram, "/srv/site").kind).toBe("host-path");
  });

  test("a digest-pinned image is drawn with 12 hex digits of its digest", () => {
    const stack = testStack("pin");
    const digest = "3a0b5b23a7407f209330bfa126217a18b481d76f21f8440a3e4ffb1cc2e9fc4b";
    new Container(stack, "Db", {
      image: new RegistryImage(stack, "Img", { reference: `127.0.0.1:5000/docker-iac/postgres@sha256:${digest}` }),
    });
    expect(node(drawStacks([stack], "pin"), "127.0.0.1:5000/docker-iac/postgres@sha256:3a0b5b23a740…").label).toEqual([
      "127.0.0.1:5000/docker-iac/postgres@sha256:3a0b5b23a740…",
      "pulled",
    ]);
  });

  test("both renderers wrap long labels the same way", () => {
    const stack = testStack("wide");
    const image = new RegistryImage(stack, "Img", { reference: "busybox:1.37.0" });
    new Container(stack, "Web", { image }).mountHostPath(
      "/run/secrets/cache_password",
      "/srv/secrets/a-rather-long-file-name",
    );
    const diagram = drawStacks([stack], "wide");
    expect(toDot(diagram)).toContain('[label="/srv/secrets/a-rather-long-\\nfile-name", shape=folder');
    expect(toDot(diagram)).toContain('[label="/run/secrets/\\ncache_password\\n(read-only)", dir=none');
    expect(toMermaid(diagram)).toContain('[\\"/srv/secrets/a-rather-long-<br/>file-name"\\]');
    expect(toMermaid(diagram)).toContain('-.-|"/run/secrets/<br/>cache_password<br/>(read-only)"|');
  });
});

describe("a new construct type plugs in with a drawer", () => {
  // Stands in for a construct another module adds (e.g. a swarm service on an overlay network).
  class Service extends Construct {}

  test("its drawer draws it, with a network kind the container drawer never makes", () => {
    const stack = testStack("swarm");
    new Service(stack, "Api");
    const serviceDrawer = drawer(Service, (service, context) => {
      const self = context.diagram.node(service, service.node.path, {
        kind: "service",
        label: ["swarm-api"],
        place: context.place,
      });
      context.diagram.edge(
        self,
        networkRef({ mode: "overlay" as never, networkName: "swarm-ingress" }, context),
        "network",
      );
    });
    const diagram = drawStacks([stack], "swarm", [...DRAWERS, serviceDrawer as ConstructDrawer]);
    expect(node(diagram, "swarm-api").kind).toBe("service");
    expect(node(diagram, "swarm-ingress").kind).toBe("overlay-network");
    expect(edges(diagram, "swarm-api", "swarm-ingress")).toEqual(["network"]);
    expect(toMermaid(diagram)).toMatch(/classDef overlay_network .*stroke-dasharray/);
  });
});
