import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineOptions } from "../../../../tools/cli/deploy/engine-info";
import { missingSecretFiles, swarmObjects, swarmProblem } from "../../../../tools/cli/deploy/swarm-preflight";

// npm run deploy checks, before Terraform runs, that a stack with Swarm objects goes to a manager.
const config = {
  resource: {
    docker_image: { Api: {} },
    docker_network: { Edge: { driver: "overlay" }, Front: { driver: "bridge" } },
    docker_secret: { DbPassword: {} },
    docker_service: { Api: {}, Db: {} },
  },
};

test("Swarm objects are services, secrets, configs and overlay networks", () => {
  expect(swarmObjects(config)).toEqual([
    "docker_network.Edge",
    "docker_secret.DbPassword",
    "docker_service.Api",
    "docker_service.Db",
  ]);
  expect(
    swarmObjects({ resource: { docker_container: { Web: {} }, docker_network: { Net: { driver: "bridge" } } } }),
  ).toEqual([]);
  expect(swarmObjects({})).toEqual([]);
});

test("an engine outside a swarm, or a worker, is one line with the fix; a manager, or no Swarm objects, is fine", () => {
  const objects = swarmObjects(config);
  expect(
    swarmProblem(
      "swarm",
      objects,
      { LocalNodeState: "inactive", ControlAvailable: false },
      "unix:///var/run/docker.sock",
    ),
  ).toBe(
    "[deploy] swarm: the stack declares 4 Swarm object(s) (docker_network.Edge, docker_secret.DbPassword, docker_service.Api, ...), but the engine at unix:///var/run/docker.sock is not part of a swarm (swarm state: inactive). Fix: make it a single-node swarm with `bash tools/dev/swarm.sh up` (or `docker swarm init`), or point DOCKER_HOST at a swarm manager. Nothing was deployed.",
  );
  expect(
    swarmProblem("swarm", objects, { LocalNodeState: "active", ControlAvailable: false }, "tcp://10.0.0.2:2375"),
  ).toMatch(/is a swarm worker; .* Fix: point DOCKER_HOST at a manager/);
  expect(
    swarmProblem("swarm", objects, { LocalNodeState: "active", ControlAvailable: true }, "unix:///var/run/docker.sock"),
  ).toBeUndefined();
  expect(swarmProblem("hello", [], { LocalNodeState: "inactive" }, "unix:///var/run/docker.sock")).toBeUndefined();
});

test("the check reads the engine the provider talks to; one only the provider can reach is left to Terraform", () => {
  const saved = {
    host: process.env.DOCKER_HOST,
    tls: process.env.DOCKER_TLS_VERIFY,
    certs: process.env.DOCKER_CERT_PATH,
  };
  try {
    delete process.env.DOCKER_HOST;
    delete process.env.DOCKER_TLS_VERIFY;
    delete process.env.DOCKER_CERT_PATH;
    expect(engineOptions(undefined)?.socketPath).toBe("/var/run/docker.sock");
    expect(engineOptions("unix:///tmp/node1/docker.sock")?.socketPath).toBe("/tmp/node1/docker.sock");
    expect([engineOptions("tcp://[::1]:2375"), engineOptions("tcp://10.0.0.2:2375")]).toEqual([
      { host: "::1", port: 2375, protocol: "http" },
      { host: "10.0.0.2", port: 2375, protocol: "http" },
    ]);
    expect(engineOptions("ssh://admin@swarm-1")).toBeUndefined();
    process.env.DOCKER_HOST = "unix:///run/other.sock";
    expect(engineOptions(undefined)?.socketPath).toBe("/run/other.sock");
  } finally {
    for (const [key, value] of [
      ["DOCKER_HOST", saved.host],
      ["DOCKER_TLS_VERIFY", saved.tls],
      ["DOCKER_CERT_PATH", saved.certs],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
});

test("a secret file Terraform would not find is one line each, with the path as Terraform expands it", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-"));
  fs.writeFileSync(path.join(dir, "db"), "pw");
  const secret = (file: string) => ({ data: `\${filebase64(pathexpand("${file.replace(/"/g, '\\"')}"))}` });
  const problems = missingSecretFiles("swarm", {
    resource: {
      docker_secret: {
        Db: secret(path.join(dir, "db")),
        Cache: secret(path.join(dir, 'cache "x"')),
        Home: secret("~/.no-such-docker-iac-secret"),
        Inline: { data: "c2VjcmV0" },
      },
    },
  });
  expect(problems).toEqual([
    `[deploy] swarm: docker_secret.Cache is made from ${path.join(dir, 'cache "x"')}, which does not exist. Fix: write the secret into that file (for the swarm example, \`bash tools/dev/swarm.sh up\` writes its passwords), or point the stack at the folder that holds it. Nothing was deployed.`,
    expect.stringContaining(
      `docker_secret.Home is made from ${os.homedir()}/.no-such-docker-iac-secret, which does not exist.`,
    ),
  ]);
  fs.rmSync(dir, { recursive: true });
});
