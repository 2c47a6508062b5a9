import { Image as ImageResource } from "@cdktf/provider-docker/lib/image";
import { Testing } from "cdktf";
import { Container, ErrorCode, RegistryImage } from "../../constructs";
import { isMutable } from "../../constructs/registry-image";
import { expectDefinitionError, onlyResource, testStack } from "../helpers";

const DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

describe("RegistryImage with all defaults", () => {
  const stack = testStack();
  const image = new RegistryImage(stack, "Base", { reference: `busybox@${DIGEST}` });
  new Container(stack, "Web", { image });
  const synthesized = Testing.synth(stack);

  test("matches the snapshot", () => {
    expect(synthesized).toMatchSnapshot();
  });

  test("pulls the reference as given and keeps it locally (shared with other stacks)", () => {
    expect(image.imageName).toBe(`busybox@${DIGEST}`);
    expect(synthesized).toHaveResourceWithProperties(ImageResource, { name: `busybox@${DIGEST}`, keep_locally: true });
    expect(onlyResource(stack, "docker_image")).not.toHaveProperty("build");
  });

  test("containers run it by image ID", () => {
    const [logicalId] = Object.keys(JSON.parse(synthesized).resource.docker_image);
    expect(logicalId).toMatch(/^Base_[0-9A-F]{8}$/);
    expect(onlyResource(stack, "docker_container").image).toBe(`\${docker_image.${logicalId}.image_id}`);
  });
});

describe("RegistryImage references", () => {
  test.each([
    `busybox@${DIGEST}`,
    `registry.example.com:5000/team/app@${DIGEST}`,
    `busybox:1.37.0@${DIGEST}`,
    "busybox:1.37.0",
    "registry.example.com:5000/team/app:2024.05.1",
    "localhost:5000/app:v2",
  ])("accepts the pinned reference %p", (reference) => {
    const stack = testStack();
    new RegistryImage(stack, "Base", { reference });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ImageResource, { name: reference });
  });

  test.each([
    "busybox",
    "busybox:latest",
    "library/busybox",
    "registry.example.com:5000/team/app",
    "localhost:5000/app:latest",
  ])("fails with the mutable reference %p", (reference) => {
    const stack = testStack();
    expect(() => new RegistryImage(stack, "Base", { reference })).toThrow(
      `[test/Base] mutable image reference '${reference}'. Fix: pin it by digest (name@sha256:...) or a version tag, or set allowMutableReference: true`,
    );
  });

  test.each(["busybox:", "Busybox:1.37.0", "busybox@sha256:abc", "busybox:1.37.0 ", "-busybox:1"])(
    "fails with the malformed reference %p",
    (reference) => {
      expectDefinitionError(
        () => new RegistryImage(testStack(), "Base", { reference }),
        ErrorCode.INVALID_IMAGE_REFERENCE,
        `[test/Base] invalid image reference '${reference}'. Fix: use repository[:tag] or repository@sha256:<64 hex digits>, e.g. busybox:1.37.0`,
      );
    },
  );

  test.each(["busybox", "busybox:latest"])("allowMutableReference: true accepts %p", (reference) => {
    const stack = testStack();
    new RegistryImage(stack, "Base", { reference, allowMutableReference: true, keepLocally: false });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ImageResource, { name: reference, keep_locally: false });
  });

  test("isMutable tells tags from registry ports", () => {
    expect(isMutable("localhost:5000/app")).toBe(true);
    expect(isMutable("localhost:5000/app:1.0")).toBe(false);
    expect(isMutable(`app@${DIGEST}`)).toBe(false);
  });
});

describe("RegistryImage references with a registry host and port", () => {
  test.each([
    "registry.local:5000/team/web:1.2.3",
    "localhost:5000/web:1",
    "10.0.0.5:5000/web@sha256:" + "a".repeat(64),
  ])("accepts %p", (reference) => {
    const stack = testStack();
    expect(new RegistryImage(stack, "Image", { reference }).imageName).toBe(reference);
  });

  test("a host:port reference without a tag is still mutable", () => {
    const stack = testStack();
    expectDefinitionError(
      () => new RegistryImage(stack, "Image", { reference: "registry.local:5000/web" }),
      ErrorCode.MUTABLE_IMAGE_REFERENCE,
      "[test/Image] mutable image reference 'registry.local:5000/web'",
    );
  });
});
