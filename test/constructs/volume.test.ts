import { Container as ContainerResource } from "@cdktf/provider-docker/lib/container";
import { Volume as VolumeResource } from "@cdktf/provider-docker/lib/volume";
import { Testing } from "cdktf";
import { Container, DockerStack, Volume } from "../../constructs";
import { testApp, testStack } from "../helpers";
import { pinnedImage } from "./support";

describe("Volume with all defaults", () => {
  const stack = testStack();
  const volume = new Volume(stack, "AppData");
  const synthesized = Testing.synth(stack);

  test("matches the snapshot", () => {
    expect(synthesized).toMatchSnapshot();
  });

  test("is a local volume named <stack namePrefix>-<id in kebab case> with the stack label", () => {
    expect(volume._plainName).toBe("test-app-data");
    expect(synthesized).toHaveResourceWithProperties(VolumeResource, {
      name: "test-app-data",
      driver: "local",
      labels: [{ label: "io.docker-iac.stack", value: "test" }],
    });
  });

  test("volumeName is a reference to the resource", () => {
    expect(volume.volumeName).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });
});

describe("Volume options and mounts", () => {
  const stack = testStack();
  const data = new Volume(stack, "Data", { volumeName: "custom-data", labels: { backup: "daily" } });
  new Container(stack, "Db", { image: pinnedImage(stack), volumes: { "/var/lib/db": data } }).mountVolume(
    "/config",
    Volume.fromVolumeName("shared-config"),
    { readOnly: true },
  );
  const synthesized = Testing.synth(stack);

  test("name and labels are synthesized", () => {
    expect(synthesized).toHaveResourceWithProperties(VolumeResource, {
      name: "custom-data",
      labels: [
        { label: "backup", value: "daily" },
        { label: "io.docker-iac.stack", value: "test" },
      ],
    });
  });

  test("a volume mounts writable by default; an existing one is referenced by its plain name", () => {
    expect(synthesized).toHaveResourceWithProperties(ContainerResource, {
      volumes: [
        { volume_name: "${docker_volume.Data_666C94C7.name}", container_path: "/var/lib/db", read_only: false },
        { volume_name: "shared-config", container_path: "/config", read_only: true },
      ],
    });
  });

  test("Volume.fromVolumeName creates no resource", () => {
    expect(Object.keys(JSON.parse(synthesized).resource.docker_volume)).toEqual(["Data_666C94C7"]);
    expect(Volume.fromVolumeName("shared-config")).toEqual({ volumeName: "shared-config" });
  });
});

describe("Volume validation", () => {
  test.each(["", "v", "_data", "my data", "data/1", "data:ro"])("fails with invalid volume name %p", (name) => {
    const stack = testStack();
    expect(() => new Volume(stack, "Data", { volumeName: name })).toThrow(
      `[test/Data] invalid volume name '${name}'. Fix: use at least two characters from [a-zA-Z0-9_.-], starting with a letter or digit`,
    );
  });

  test("fails with two volumes of one name in a stack (at synth)", () => {
    const stack = testStack();
    new Volume(stack, "Data", { volumeName: "shared-data" });
    new Volume(stack, "Other", { volumeName: "shared-data" });
    expect(() => Testing.synth(stack, true)).toThrow(
      "[test/Other] volume name 'shared-data' is already used by [test/Data] on the same Docker engine. Fix: give each a unique volumeName (or a different stack namePrefix)",
    );
  });

  test("fails with ids that kebab-case to the same name (at synth)", () => {
    const stack = testStack();
    new Volume(stack, "AppData");
    new Volume(stack, "app-data");
    expect(() => Testing.synth(stack, true)).toThrow(
      "[test/app-data] volume name 'test-app-data' is already used by [test/AppData]",
    );
  });

  test("fails with one volume name in two stacks on one engine (at app synth)", () => {
    const app = testApp();
    new Volume(new DockerStack(app, "a"), "Data", { volumeName: "shared-data" });
    new Volume(new DockerStack(app, "b"), "Data", { volumeName: "shared-data" });
    expect(() => app.synth()).toThrow(
      /docker-iac found 1 problem\(s\); nothing was synthesized:\n {2}\[b\/Data\] volume name 'shared-data' is already used by \[a\/Data\] on the same Docker engine/,
    );
  });

  test("one volume name in two stacks on different engines is fine", () => {
    const app = testApp();
    new Volume(new DockerStack(app, "a", { dockerHost: "tcp://one:2376" }), "Data", { volumeName: "shared-data" });
    new Volume(new DockerStack(app, "b", { dockerHost: "tcp://two:2376" }), "Data", { volumeName: "shared-data" });
    expect(app.findProblems()).toEqual([]);
  });
});

describe("Volume with retainOnDestroy", () => {
  const stack = testStack();
  const kept = new Volume(stack, "Data", { retainOnDestroy: true });
  new Container(stack, "Db", { image: pinnedImage(stack), volumes: { "/var/lib/db": kept } });
  const json = JSON.parse(Testing.synth(stack));

  test("is not a Terraform resource, so destroy cannot delete it; the container mounts it by name", () => {
    expect(json.resource.docker_volume).toBeUndefined();
    expect(kept.retainOnDestroy).toBe(true);
    const [db] = Object.values<{ volumes: unknown[] }>(json.resource.docker_container);
    expect(db.volumes).toEqual([{ container_path: "/var/lib/db", read_only: false, volume_name: "test-data" }]);
  });

  test("labels are refused: the engine creates the volume on first mount, without them", () => {
    expect(() => new Volume(testStack(), "Data", { retainOnDestroy: true, labels: { backup: "daily" } })).toThrow(
      "[test/Data] labels on a volume with retainOnDestroy. Fix: drop labels",
    );
  });
});
