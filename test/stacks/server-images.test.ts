import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { TodoStack } from "../../stacks/todo-stack";
import { PUBLIC_SERVER_IMAGES, SERVER_IMAGES_LOCK, serverImage } from "../../stacks/server-images";
import { testApp } from "../helpers";

const SERVERS = ["postgres", "redis", "nginx", "python"] as const;
const lock = JSON.parse(fs.readFileSync(SERVER_IMAGES_LOCK, "utf8"));
const packagesLock = fs.readFileSync(
  path.join(__dirname, "..", "..", "tools", "dev", "server-images", "packages.lock"),
  "utf8",
);

describe("server image locks", () => {
  test("every server image is pinned by a sha256 digest in the local registry", () => {
    expect(lock.registry).toBe("127.0.0.1:5000");
    for (const name of SERVERS) {
      expect({ name, ...lock.images[name] }).toMatchObject({
        name,
        repository: `docker-iac/${name}`,
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      });
    }
  });

  test("packages.lock has the exact version of every package of every image, and of the base", () => {
    const sections = new Map<string, number>();
    for (const line of packagesLock.split("\n").filter((l) => l && !l.startsWith("#"))) {
      const fields = line.split(" ");
      expect({ line, fields: fields.length }).toEqual({ line, fields: 3 });
      sections.set(fields[0], (sections.get(fields[0]) ?? 0) + 1);
    }
    for (const section of ["base", ...SERVERS]) expect(sections.get(section) ?? 0).toBeGreaterThan(50);
    // The server itself is pinned in its image.
    expect(packagesLock).toMatch(/^postgres postgresql-15 15\.\S+$/m);
    expect(packagesLock).toMatch(/^redis redis-server 5:7\.0\.\S+$/m);
    expect(packagesLock).toMatch(/^nginx nginx-light \S+$/m);
    expect(packagesLock).toMatch(/^python python3-psycopg2 \S+$/m);
  });
});

describe("server image source (context serverImages)", () => {
  test("local: the digest from the lock; public: the official image by digest (its tag kept for people)", () => {
    const local = testApp();
    expect(serverImage(local, "postgres")).toEqual({
      reference: `127.0.0.1:5000/docker-iac/postgres@${lock.images.postgres.digest}`,
      user: "10001:10001",
      entrypoint: ["/usr/local/bin/docker-iac-postgres"],
    });
    expect(serverImage(local, "redis").entrypoint).toBeUndefined();
    const online = testApp({ serverImages: "public" });
    expect(serverImage(online, "postgres")).toEqual(PUBLIC_SERVER_IMAGES.postgres);
    for (const image of Object.values(PUBLIC_SERVER_IMAGES))
      expect(image.reference).toMatch(/^[a-z]+:\d+(\.\d+)+(-[a-z]+)*@sha256:[0-9a-f]{64}$/);
  });

  test("the todo stack on public images: official references, their users, the PyPI Dockerfile", () => {
    const app = testApp({ serverImages: "public" });
    const json = JSON.parse(Testing.synth(new TodoStack(app, "todo")));
    const images = Object.values<{ name: string; build?: { dockerfile: string; build_args: Record<string, string> } }>(
      json.resource.docker_image,
    );
    expect(
      images
        .map((i) => i.name)
        .filter((n) => !n.startsWith("docker-iac/"))
        .sort(),
    ).toEqual([PUBLIC_SERVER_IMAGES.postgres.reference, PUBLIC_SERVER_IMAGES.redis.reference]);
    const api = images.find((i) => i.name.startsWith("docker-iac/todo-api-image:"))!;
    expect(api.build).toMatchObject({
      dockerfile: "Dockerfile.public",
      build_args: { RUNTIME_IMAGE: PUBLIC_SERVER_IMAGES.python.reference },
    });
    // The start-first API and migration have names derived from their content: `todo-api-<hash>`.
    const users = Object.values<{ name: string; user: string }>(json.resource.docker_container).map((c) => [
      c.name.replace(/-[0-9a-f]{12}$/, ""),
      c.user,
    ]);
    expect(Object.fromEntries(users)).toEqual({
      "todo-db": "999:999",
      "todo-cache": "999:999",
      "todo-api": "10001:10001",
      "todo-migrate": "10001:10001",
      "todo-proxy": "10001:10001",
    });
  });

  test("an unknown source is one clear error", () => {
    expect(() => new TodoStack(testApp({ serverImages: "dockerhub" }), "todo")).toThrow(
      '[todo] context serverImages is \'dockerhub\'. Fix: use "local" (built offline, pulled by digest from 127.0.0.1:5000) or "public" (official images)',
    );
  });
});
