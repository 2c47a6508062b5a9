import { edgeLines, nodeLines, wrapLine } from "../../../../tools/cli/diagram/wrap";

describe("wrapping long labels", () => {
  test("breaks after slashes, hyphens and spaces, before an @ and a bracketed part", () => {
    expect(wrapLine("127.0.0.1:5000/docker-iac/postgres@sha256:3a0b5b23a740…", 28)).toEqual([
      "127.0.0.1:5000/docker-iac/",
      "postgres",
      "@sha256:3a0b5b23a740…",
    ]);
    expect(wrapLine("docker-iac/env-staging-image:(content hash)", 28)).toEqual([
      "docker-iac/env-staging-",
      "image:(content hash)",
    ]);
    expect(wrapLine("/run/secrets/db_password (read-only)", 16)).toEqual([
      "/run/secrets/",
      "db_password",
      "(read-only)",
    ]);
    expect(wrapLine("alias db, database; 172.28.5.10", 20)).toEqual(["alias db, database;", "172.28.5.10"]);
  });

  test("a short line, an empty one and one with no place to break", () => {
    expect(wrapLine("todo-api", 28)).toEqual(["todo-api"]);
    expect(wrapLine("", 28)).toEqual([""]);
    expect(wrapLine("sha256:0123456789abcdef0123", 10)).toEqual(["sha256:012", "3456789abc", "def0123"]);
  });

  test("keeps every character but the spaces at the breaks, and no line is too long", () => {
    const samples = [
      "(((x",
      "a)b(c",
      "@@a--b//c",
      "  leading and trailing  ",
      "x".repeat(50),
      "~/.cache/docker-iac/secrets/todo-cache-password",
    ];
    for (const sample of samples) {
      for (const width of [1, 5, 16, 28]) {
        const lines = wrapLine(sample, width);
        expect(lines.join("").replace(/\s/g, "")).toBe(sample.replace(/\s/g, ""));
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
      }
    }
  });

  test("networks (hexagons) wrap narrower than other nodes; edge labels narrower still", () => {
    const place = { stack: "s" };
    expect(nodeLines({ id: "a", kind: "container", label: ["env-staging-default-network"], place })).toEqual([
      "env-staging-default-network",
    ]);
    expect(
      nodeLines({
        id: "b",
        kind: "bridge-network",
        label: ["env-staging-default-network", "internal: no route out"],
        place,
      }),
    ).toEqual(["env-staging-default-", "network", "internal: no route out"]);
    expect(edgeLines("depends on: completed")).toEqual(["depends on:", "completed"]);
  });
});
