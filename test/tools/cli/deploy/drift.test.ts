import {
  type LiveObject,
  type TerraformState,
  findDrift,
  liveKey,
  objectsToRead,
  stateDoubts,
} from "../../../../tools/cli/deploy/drift";

// A state as provider 3.6.2 writes it for one container on one network with one volume,
// and the engine's inspect output for the same objects. Each test changes one thing.
const IMAGE_ID = "sha256:" + "a".repeat(64);
const NET_ID = "n".repeat(64);
const CONTAINER_ID = "c".repeat(64);
const label = (l: string, value: string) => ({ label: l, value });
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- inspect output, edited freely

function state(): TerraformState {
  return {
    version: 4,
    serial: 7,
    lineage: "l",
    resources: [
      {
        mode: "managed",
        type: "docker_image",
        name: "img",
        instances: [
          { attributes: { id: `${IMAGE_ID}docker-iac/web:1`, name: "docker-iac/web:1", image_id: IMAGE_ID } },
        ],
      },
      {
        mode: "managed",
        type: "docker_network",
        name: "net",
        instances: [
          {
            attributes: {
              id: NET_ID,
              name: "s-net",
              driver: "bridge",
              internal: false,
              labels: [label("io.docker-iac.stack", "s")],
            },
          },
        ],
      },
      {
        mode: "managed",
        type: "docker_volume",
        name: "vol",
        instances: [
          {
            attributes: { id: "s-data", name: "s-data", driver: "local", labels: [label("io.docker-iac.stack", "s")] },
          },
        ],
      },
      {
        mode: "managed",
        type: "docker_container",
        name: "web",
        instances: [
          {
            attributes: {
              id: CONTAINER_ID,
              name: "s-web",
              image: IMAGE_ID,
              must_run: true,
              labels: [label("io.docker-iac.stack", "s")],
              env: ["GREETING=hi"],
              ports: [{ internal: 8080, external: 18080, ip: "127.0.0.1", protocol: "tcp" }],
              networks_advanced: [{ name: "s-net" }],
              network_mode: "bridge",
              volumes: [{ volume_name: "s-data", container_path: "/data", read_only: false }],
              memory: 128,
              memory_swap: 128,
              cpu_shares: 512,
              restart: "on-failure",
              max_retry_count: 5,
            },
          },
        ],
      },
    ],
  };
}

function live(): Map<string, LiveObject | undefined> {
  const mib = 1024 * 1024;
  return new Map<string, LiveObject | undefined>([
    [
      liveKey({ kind: "image", ref: "docker-iac/web:1" }),
      { Id: IMAGE_ID, Config: { Labels: { "org.opencontainers.image.title": "web" }, Env: ["PATH=/bin"] } },
    ],
    [
      liveKey({ kind: "image", ref: IMAGE_ID }),
      { Id: IMAGE_ID, Config: { Labels: { "org.opencontainers.image.title": "web" }, Env: ["PATH=/bin"] } },
    ],
    [
      liveKey({ kind: "network", ref: NET_ID }),
      { Name: "s-net", Driver: "bridge", Internal: false, Labels: { "io.docker-iac.stack": "s" } },
    ],
    [liveKey({ kind: "volume", ref: "s-data" }), { Driver: "local", Labels: { "io.docker-iac.stack": "s" } }],
    [
      liveKey({ kind: "container", ref: CONTAINER_ID }),
      {
        Name: "/s-web",
        Image: IMAGE_ID,
        State: { Running: true, Status: "running" },
        Config: {
          Labels: { "io.docker-iac.stack": "s", "org.opencontainers.image.title": "web" },
          Env: ["GREETING=hi", "PATH=/bin"],
        },
        HostConfig: {
          PortBindings: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "18080" }] },
          NetworkMode: "s-net",
          Memory: 128 * mib,
          MemorySwap: 128 * mib,
          CpuShares: 512,
          RestartPolicy: { Name: "on-failure", MaximumRetryCount: 5 },
        },
        NetworkSettings: { Networks: { "s-net": { NetworkID: NET_ID } } },
        Mounts: [
          {
            Type: "volume",
            Name: "s-data",
            Source: "/var/lib/docker/volumes/s-data/_data",
            Destination: "/data",
            RW: true,
          },
        ],
      },
    ],
  ]);
}

/** Applies `change` to the live container's inspect output. */
function withContainer(change: (c: Json) => void): Map<string, LiveObject | undefined> {
  const objects = live();
  const c = structuredClone(objects.get(liveKey({ kind: "container", ref: CONTAINER_ID }))) as Json;
  change(c);
  objects.set(liveKey({ kind: "container", ref: CONTAINER_ID }), c);
  return objects;
}

const problems = (objects: Map<string, LiveObject | undefined>) => findDrift(state(), objects).map((f) => f.problem);

describe("the fast deploy's drift check", () => {
  test("an engine that matches the state is no drift", () => {
    expect(stateDoubts(state())).toEqual([]);
    expect(findDrift(state(), live())).toEqual([]);
  });

  test("it reads every object the state names, in one list", () => {
    expect(objectsToRead(state()).map(liveKey).sort()).toEqual(
      [
        `container:${CONTAINER_ID}`,
        "container:s-web",
        "image:docker-iac/web:1",
        `image:${IMAGE_ID}`,
        `network:${NET_ID}`,
        "volume:s-data",
      ].sort(),
    );
  });

  test("a removed container, network, volume or image is drift", () => {
    for (const key of [
      liveKey({ kind: "container", ref: CONTAINER_ID }),
      liveKey({ kind: "network", ref: NET_ID }),
      liveKey({ kind: "volume", ref: "s-data" }),
      liveKey({ kind: "image", ref: "docker-iac/web:1" }),
    ]) {
      const objects = live();
      objects.set(key, undefined);
      expect(problems(objects)).toEqual([expect.stringMatching(/no longer exists$/)]);
    }
  });

  test("a stopped container is drift when it must run, not when it may stop", () => {
    const stopped = withContainer((c) => (c.State = { Running: false, Status: "exited" }));
    expect(problems(stopped)).toEqual(["container s-web is exited (must_run)"]);
    const s = state();
    (s.resources[3].instances[0].attributes as Record<string, unknown>).must_run = false;
    expect(findDrift(s, stopped)).toEqual([]);
  });

  test("a container recreated by hand (a new ID, same name) is drift, with what to do and what differs", () => {
    const objects = withContainer((c) => {
      c.Id = "d".repeat(64);
      c.Config.Labels["io.docker-iac.stack"] = "by-hand";
    });
    objects.set(
      liveKey({ kind: "container", ref: "s-web" }),
      objects.get(liveKey({ kind: "container", ref: CONTAINER_ID })),
    );
    objects.set(liveKey({ kind: "container", ref: CONTAINER_ID }), undefined);
    expect(problems(objects)).toEqual([
      `container s-web (${"c".repeat(12)}) was replaced outside Terraform by ${"d".repeat(12)}; remove that one (docker rm -f s-web) so the deploy can recreate it`,
      'the replacement differs: container s-web: label io.docker-iac.stack is "by-hand", state says "s"',
    ]);
  });

  test.each([
    [
      "a changed label",
      (c: Json) => (c.Config.Labels["io.docker-iac.stack"] = "other"),
      /label io.docker-iac.stack is "other"/,
    ],
    ["an extra label", (c: Json) => (c.Config.Labels.extra = "1"), /extra label extra=1/],
    ["a changed env value", (c: Json) => (c.Config.Env = ["GREETING=bye", "PATH=/bin"]), /env GREETING changed/],
    [
      "another port",
      (c: Json) => (c.HostConfig.PortBindings["8080/tcp"][0].HostIp = "0.0.0.0"),
      /ports 0.0.0.0:18080->8080\/tcp/,
    ],
    [
      "another network",
      (c: Json) => (c.NetworkSettings.Networks = { bridge: { NetworkID: "x" } }),
      /networks bridge, state says s-net/,
    ],
    ["one more network", (c: Json) => (c.NetworkSettings.Networks.other = { NetworkID: "y" }), /networks other, s-net/],
    ["a read-only volume", (c: Json) => (c.Mounts[0].RW = false), /mounts volume:s-data:\/data:ro/],
    [
      "memory set by docker update",
      (c: Json) => (c.HostConfig.Memory = 64 * 1024 * 1024),
      /memory 64 MiB, state says 128/,
    ],
    [
      "a restart policy set by docker update",
      (c: Json) => (c.HostConfig.RestartPolicy = { Name: "always", MaximumRetryCount: 5 }),
      /restart always/,
    ],
    ["another image", (c: Json) => (c.Image = "sha256:" + "b".repeat(64)), /runs image bbbbbbbbbbbb/],
    ["a rename", (c: Json) => (c.Name = "/renamed"), /is named renamed, state says s-web/],
  ])("%s is drift", (_what, change, expected) => {
    expect(problems(withContainer(change))).toEqual([expect.stringMatching(expected)]);
  });

  test("changed network attachments, which the provider's refresh does not read, ask for a replacement", () => {
    const findings = findDrift(
      state(),
      withContainer((c) => (c.NetworkSettings.Networks = {})),
    );
    expect(findings).toEqual([
      { address: "docker_container.web", problem: "container s-web: networks none, state says s-net", replace: true },
    ]);
    expect(
      findDrift(
        state(),
        withContainer((c) => (c.HostConfig.CpuShares = 2)),
      )[0].replace,
    ).toBeUndefined();
  });

  test("a host port left to Docker is compared as the port Docker picked (the one in the state)", () => {
    // The state says 18080; Docker was given no host port and bound one itself.
    const picked = (port: string) => (c: Json) => {
      c.HostConfig.PortBindings["8080/tcp"][0].HostPort = "";
      c.NetworkSettings.Ports = { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: port }] };
    };
    expect(problems(withContainer(picked("18080")))).toEqual([]);
    // A restart can make Docker pick another one: the state is stale, so take the full path.
    expect(problems(withContainer(picked("32771")))).toEqual([
      expect.stringMatching(/ports 127\.0\.0\.1:32771->8080\/tcp, state says 127\.0\.0\.1:18080->8080\/tcp/),
    ]);
  });

  test("labels and env that come from the image are not drift", () => {
    expect(problems(withContainer((c) => (c.Config.Labels["org.opencontainers.image.title"] = "web")))).toEqual([]);
  });

  test("a changed network or volume label is drift", () => {
    const objects = live();
    objects.set(liveKey({ kind: "network", ref: NET_ID }), {
      Name: "s-net",
      Driver: "bridge",
      Labels: { "io.docker-iac.stack": "x" },
    });
    objects.set(liveKey({ kind: "volume", ref: "s-data" }), { Driver: "local", Labels: {} });
    expect(problems(objects)).toEqual([
      'network s-net: label io.docker-iac.stack is "x", state says "s"',
      'volume s-data: label io.docker-iac.stack is missing, state says "s"',
    ]);
  });

  test("anything it does not understand is a reason for the full refresh", () => {
    const s = state();
    expect(stateDoubts(undefined)).toEqual([{ address: "(state)", problem: "no state file yet" }]);
    expect(stateDoubts({ ...s, version: 3 })[0].problem).toMatch(/format version 3/);
    const extra = {
      ...s,
      resources: [
        ...s.resources,
        { mode: "managed", type: "docker_service", name: "svc", instances: [{ attributes: {} }] },
      ],
    };
    expect(stateDoubts(extra)).toEqual([
      { address: "docker_service.svc", problem: "resource type docker_service is not checked by the fast path" },
    ]);
    const data = {
      ...s,
      resources: [{ mode: "data", type: "docker_network", name: "n", instances: [{ attributes: {} }] }],
    };
    expect(stateDoubts(data)[0].problem).toMatch(/data source/);
    const tainted = { ...s, resources: [{ ...s.resources[0], instances: [{ status: "tainted", attributes: {} }] }] };
    expect(stateDoubts(tainted)[0].problem).toMatch(/tainted/);
  });
});
