import * as fs from "fs";
import * as path from "path";
import type { DockerInfo } from "../../../../tools/cli/deploy/engine-info";
import {
  builtImages,
  imageStoreProblem,
  usesContainerdImageStore,
} from "../../../../tools/cli/deploy/image-store-preflight";
import { localServerImages, missingServerImagesProblem } from "../../../../tools/cli/deploy/server-images-preflight";

// `docker info --format '{{json .}}'` answers, trimmed to what an engine reports about its storage:
// Docker 29 with its default containerd image store (driver-type io.containerd.snapshotter.v1, as
// moby#46757 shows it), and Debian's Docker 20.10 with the classic overlay2 graph driver.
const fixture = (name: string) =>
  JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "..", "..", "fixtures", "docker-info", name), "utf8"),
  ) as DockerInfo;
const DOCKER_29 = fixture("docker-29-containerd-store.json");
const DOCKER_20 = fixture("docker-20.10-overlay2.json");

const BUILDS = {
  resource: {
    docker_image: {
      App: { name: "docker-iac/hello-app:1", build: [{ context: "/x" }] },
      Pulled: { name: "busybox:1.37.0" },
    },
  },
};
const PULLS_ONLY = { resource: { docker_image: { Pulled: { name: "busybox:1.37.0" } } } };

describe("the containerd image store check (Docker 29)", () => {
  test("reads the image store from the engine's own answer", () => {
    expect(usesContainerdImageStore(DOCKER_29)).toBe(true);
    expect(usesContainerdImageStore(DOCKER_20)).toBe(false);
    expect(usesContainerdImageStore({})).toBe(false);
    expect(
      usesContainerdImageStore({ Driver: "stargz", DriverStatus: [["driver-type", "io.containerd.snapshotter.v1"]] }),
    ).toBe(true);
  });

  test("only images the stack builds count", () => {
    expect(builtImages(BUILDS)).toEqual(["docker_image.App"]);
    expect(builtImages(PULLS_ONLY)).toEqual([]);
  });

  test("a stack that builds on Docker 29's default store is one line with the fix", () => {
    const problem = imageStoreProblem("hello", BUILDS, { info: DOCKER_29, address: "unix:///var/run/docker.sock" });
    expect(problem).toBeDefined();
    expect(problem!.split("\n")).toHaveLength(1);
    expect(problem).toContain("[deploy] hello: the stack builds 1 image(s) (docker_image.App)");
    expect(problem).toContain("Docker 29.1.2");
    expect(problem).toContain("containerd-snapshotter");
    expect(problem).toContain("Nothing was deployed.");
  });

  test("no problem on the classic store, for a stack that only pulls, or when the engine did not answer", () => {
    expect(
      imageStoreProblem("hello", BUILDS, { info: DOCKER_20, address: "unix:///var/run/docker.sock" }),
    ).toBeUndefined();
    expect(
      imageStoreProblem("hello", PULLS_ONLY, { info: DOCKER_29, address: "unix:///var/run/docker.sock" }),
    ).toBeUndefined();
    expect(imageStoreProblem("hello", BUILDS, undefined)).toBeUndefined();
  });
});

describe("server images a stack pulls from the local registry", () => {
  const digest = (c: string) => `sha256:${c.repeat(64)}`;

  test("are found in the synthesized configuration, once each", () => {
    const config = JSON.stringify({
      resource: {
        docker_image: { Db: { name: `127.0.0.1:5000/docker-iac/postgres@${digest("a")}` } },
        docker_container: { Api: { env: [`RUNTIME_IMAGE=127.0.0.1:5000/docker-iac/python@${digest("b")}`] } },
      },
    });
    const other = JSON.stringify({
      resource: {
        docker_image: {
          Db: { name: `127.0.0.1:5000/docker-iac/postgres@${digest("a")}` },
          Pub: { name: "postgres:15" },
        },
      },
    });
    expect(localServerImages([config, other])).toEqual([
      { registry: "127.0.0.1:5000", image: "postgres", digest: digest("a") },
      { registry: "127.0.0.1:5000", image: "python", digest: digest("b") },
    ]);
    expect(localServerImages([JSON.stringify(PULLS_ONLY)])).toEqual([]);
  });

  test("a user who cannot build them gets one line naming them and the fix", () => {
    const line = missingServerImagesProblem(
      ["todo"],
      [{ registry: "127.0.0.1:5000", image: "redis", digest: digest("c") }],
      "building them needs root",
    );
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toContain("[deploy] todo: pulls docker-iac/redis from the local registry 127.0.0.1:5000");
    expect(line).toContain("bash tools/dev/server-images.sh build redis");
    expect(line).toContain('"serverImages":"public"');
  });
});
