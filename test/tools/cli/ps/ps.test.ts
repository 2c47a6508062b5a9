import { formatPort, formatTable } from "../../../../tools/cli/ps/format";
import {
  type ContainerInspect,
  containerRow,
  serviceRow,
  type ServiceListEntry,
  stackRows,
} from "../../../../tools/cli/ps/rows";
import { EngineError, stackTarget } from "../../../../tools/cli/ps/stack-target";

const LABEL = "io.docker-iac.stack";

/** The parts of a synthesized cdk.tf.json ps reads, as synth writes them. */
const CONFIG = {
  provider: { docker: [{ host: "unix:///run/user/1000/docker.sock" }] },
  resource: {
    docker_network: { Net_1: { name: "dev-net", labels: [{ label: LABEL, value: "dev" }] } },
    docker_container: {
      Web_1: { name: "dev-web", labels: [{ label: LABEL, value: "dev" }] },
      Api_1: { name: "dev-api", labels: [{ label: LABEL, value: "dev" }] },
      Job_1: { name: "dev-migrate", must_run: false, labels: [{ label: LABEL, value: "dev" }] },
      Tmp_1: { name: "dev-once", rm: true, labels: [{ label: LABEL, value: "dev" }] },
      Computed_1: { name: "${random_id.x.hex}", labels: [{ label: LABEL, value: "dev" }] },
    },
    docker_service: { Svc_1: { name: "dev-queue", labels: [{ label: LABEL, value: "dev" }] } },
  },
};

/** A recorded `GET /containers/{id}/json` answer, cut to what ps reads. */
function inspected(name: string, over: Partial<ContainerInspect> = {}): ContainerInspect {
  return {
    Id: `id-${name}`,
    Name: `/${name}`,
    State: { Status: "running", Health: { Status: "healthy" } },
    Config: { Image: "docker-iac/dev-web:0123abcd", Labels: { [LABEL]: "dev" } },
    NetworkSettings: { Ports: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "18080" }], "9000/udp": null } },
    ...over,
  };
}

const SERVICE: ServiceListEntry = {
  ID: "svc1",
  Spec: { Name: "dev-queue", TaskTemplate: { ContainerSpec: { Image: `redis:7@sha256:${"a".repeat(64)}` } } },
  Endpoint: { Ports: [{ Protocol: "tcp", TargetPort: 6379, PublishedPort: 16379, PublishMode: "ingress" }] },
  ServiceStatus: { RunningTasks: 2, DesiredTasks: 3 },
};

describe("what ps reads from a synthesized stack", () => {
  test("the stack label value, the provider host, and the containers that must exist (not jobs, not rm, not computed names)", () => {
    expect(stackTarget("dev", CONFIG)).toEqual({
      stack: "dev",
      label: "dev",
      host: "unix:///run/user/1000/docker.sock",
      containers: ["dev-api", "dev-web"],
      services: ["dev-queue"],
    });
  });

  test("a stack with a name prefix is found by its label value, not its name; one without labels by its name", () => {
    const prefixed = {
      resource: { docker_container: { A: { name: "e2e-1-dev-web", labels: [{ label: LABEL, value: "e2e-1-dev" }] } } },
    };
    expect(stackTarget("dev", prefixed)).toMatchObject({ label: "e2e-1-dev", host: undefined });
    expect(stackTarget("bare", {})).toEqual({
      stack: "bare",
      label: "bare",
      host: undefined,
      containers: [],
      services: [],
    });
  });
});

describe("ps rows from the Engine API's answers", () => {
  test("a container: its state, health, image and published ports (unpublished ones left out)", () => {
    expect(containerRow("dev", inspected("dev-web"))).toEqual({
      name: "dev-web",
      stack: "dev",
      kind: "container",
      state: "running",
      health: "healthy",
      image: "docker-iac/dev-web:0123abcd",
      ports: [{ hostIp: "127.0.0.1", hostPort: 18080, containerPort: 8080, protocol: "tcp" }],
      replicas: null,
      id: "id-dev-web",
    });
  });

  test("a container without a healthcheck has health none; an exited one keeps its state", () => {
    const row = containerRow(
      "dev",
      inspected("dev-api", { State: { Status: "exited" }, NetworkSettings: { Ports: {} } }),
    );
    expect([row.state, row.health, row.ports]).toEqual(["exited", "none", []]);
  });

  test("a service: running/desired tasks, its image without the digest Swarm pins, the routing mesh's port", () => {
    expect(serviceRow("dev", SERVICE)).toEqual({
      name: "dev-queue",
      stack: "dev",
      kind: "service",
      state: "degraded",
      health: "none",
      image: "redis:7",
      ports: [{ hostIp: "", hostPort: 16379, containerPort: 6379, protocol: "tcp" }],
      replicas: { running: 2, desired: 3 },
      id: "svc1",
    });
    const states = [
      [3, 3],
      [0, 3],
      [0, 0],
    ].map(
      ([RunningTasks, DesiredTasks]) =>
        serviceRow("dev", { ...SERVICE, ServiceStatus: { RunningTasks, DesiredTasks } }).state,
    );
    expect(states).toEqual(["running", "pending", "scaled-to-zero"]);
  });

  test("declared containers and services the engine lacks are rows too; Swarm's task containers are not", () => {
    const task = inspected("dev-queue.1.abc", {
      Config: { Image: "redis:7", Labels: { [LABEL]: "dev", "com.docker.swarm.service.id": "svc1" } },
    });
    const rows = stackRows(stackTarget("dev", CONFIG), [inspected("dev-web"), task], []);
    expect(rows.map((r) => [r.name, r.kind, r.state, r.id])).toEqual([
      ["dev-api", "container", "missing", null],
      ["dev-queue", "service", "missing", null],
      ["dev-web", "container", "running", "id-dev-web"],
    ]);
  });
});

describe("the ps table", () => {
  test("ports as docker ps writes them: IPv6 in brackets, * for Swarm's mesh", () => {
    expect(formatPort({ hostIp: "127.0.0.1", hostPort: 18080, containerPort: 8080, protocol: "tcp" })).toBe(
      "127.0.0.1:18080->8080/tcp",
    );
    expect(formatPort({ hostIp: "::1", hostPort: 18080, containerPort: 8080, protocol: "udp" })).toBe(
      "[::1]:18080->8080/udp",
    );
    expect(formatPort({ hostIp: "", hostPort: 16379, containerPort: 6379, protocol: "tcp" })).toBe("*:16379->6379/tcp");
  });

  test("one aligned line per row under the header; a service's state says its tasks", () => {
    const rows = stackRows(stackTarget("dev", CONFIG), [inspected("dev-web")], [SERVICE]);
    expect(formatTable(rows)).toBe(
      [
        "NAME        STACK   KIND        STATE            HEALTH    IMAGE                         PORTS",
        "dev-api     dev     container   missing          none      -",
        "dev-queue   dev     service     degraded (2/3)   none      redis:7                       *:16379->6379/tcp",
        "dev-web     dev     container   running          healthy   docker-iac/dev-web:0123abcd   127.0.0.1:18080->8080/tcp",
        "",
      ].join("\n"),
    );
  });
});

test("a container created from an image ID shows the image's tag, or the short ID when it has none", () => {
  const id = `sha256:${"ab".repeat(32)}`;
  const c = inspected("dev-web", { Config: { Image: id, Labels: {} } });
  expect(containerRow("dev", c, new Map([[id, "docker-iac/dev-web:0123abcd"]])).image).toBe(
    "docker-iac/dev-web:0123abcd",
  );
  expect(containerRow("dev", c).image).toBe("abababababab");
});

test("an engine's error answer is one line with the engine's own words, keeping its status for callers that expect it", () => {
  const target = stackTarget("dev", CONFIG);
  const err = new EngineError(
    target,
    Object.assign(new Error("(HTTP code 500) server error"), {
      statusCode: 500,
      json: { message: "layer does not exist" },
    }),
  );
  expect([err.statusCode, err.exitCode, err.message]).toEqual([
    500,
    1,
    "the Docker engine of stack 'dev' at unix:///run/user/1000/docker.sock answered: layer does not exist. Fix: see `docker info` on that engine, or run it again",
  ]);
});
