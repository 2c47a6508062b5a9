import { hostOnTop, wrapRows } from "../../../../tools/cli/diagram/dot-layout";
import type { Diagram, DiagramEdge, DiagramNode } from "../../../../tools/cli/diagram/model";

const host = { host: "unix:///var/run/docker.sock" };
const stack = { stack: "s" };
const at = (id: string, kind: DiagramNode["kind"], place: DiagramNode["place"] = stack): DiagramNode => ({
  id,
  kind,
  label: [id],
  place,
});
const depends = (from: string, to: string): DiagramEdge => ({ from, to, kind: "depends" });

describe("rows of the top-to-bottom layout", () => {
  test("every stack node nothing points at hangs below the host's box", () => {
    const diagram: Diagram = {
      title: "t",
      nodes: [
        at("port", "host-port", host),
        at("path", "host-path", host),
        at("web", "container"),
        at("vol", "volume"),
        at("img", "image"),
        at("job", "container"),
      ],
      edges: [
        { from: "port", to: "web", kind: "port" },
        { from: "web", to: "img", kind: "runs" },
        { from: "vol", to: "job", kind: "mount" },
      ],
    };
    expect(hostOnTop(diagram)).toEqual([["port", "vol"]]);
    expect(hostOnTop({ ...diagram, nodes: diagram.nodes.filter((n) => "stack" in n.place) })).toEqual([]);
  });

  test("independent workloads wrap onto rows of two; a dependency chain keeps its own rows", () => {
    const services = ["a", "b", "c", "d", "e"].map((id) => at(id, "service"));
    expect(wrapRows({ title: "t", nodes: services, edges: [] }, 2)).toEqual([
      ["a", "c"],
      ["b", "d"],
      ["c", "e"],
    ]);
    // x -> y -> z: one per depth, nothing to wrap; p and q share depth 1 with y.
    const chain = ["x", "y", "z", "p", "q"].map((id) => at(id, "container"));
    const edges = [depends("x", "y"), depends("y", "z"), depends("x", "p"), depends("x", "q")];
    expect(wrapRows({ title: "t", nodes: chain, edges }, 2)).toEqual([["y", "q"]]);
  });

  test("a dependency cycle (an override Terraform would refuse) still draws: the walk stops where it began", () => {
    const nodes = ["a", "b", "c"].map((id) => at(id, "container"));
    // From a, b has nothing above it but a: depth 0; a and c sit one below it and share a row.
    expect(
      wrapRows({ title: "t", nodes, edges: [depends("a", "b"), depends("b", "a"), depends("b", "c")] }, 1),
    ).toEqual([["a", "c"]]);
  });

  test("stacks wrap apart: two stacks of two do not share a row", () => {
    const nodes = [
      at("a", "container"),
      at("b", "container"),
      at("c", "container", { stack: "t" }),
      at("d", "container", { stack: "t" }),
    ];
    expect(wrapRows({ title: "t", nodes, edges: [] }, 2)).toEqual([]);
  });
});
