import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Image as ImageResource } from "@cdktf/provider-docker/lib/image";
import { Testing, Token } from "cdktf";
import { Container, type DockerApp, DockerStack, ErrorCode, ImmutableImage } from "../../constructs";
import { expectDefinitionError, onlyResource, testApp, testStack } from "../helpers";
import { FIXTURE_CONTEXTS } from "./support";

// Relative to the working directory, as users write it; jest runs from the repo root.
const BASIC = path.relative(process.cwd(), path.join(FIXTURE_CONTEXTS, "basic"));

describe("ImmutableImage with all defaults", () => {
  const stack = testStack();
  const image = new ImmutableImage(stack, "WebImage", { context: BASIC });
  new Container(stack, "Web", { image });
  const synthesized = Testing.synth(stack);
  const resource = onlyResource(stack, "docker_image");

  test("matches the snapshot", () => {
    expect(synthesized).toMatchSnapshot();
  });

  test("is tagged with the first 12 digits of the content hash", () => {
    expect(image.contextHash).toMatch(/^[0-9a-f]{64}$/);
    expect(image.tag).toBe(image.contextHash.slice(0, 12));
    expect(image.imageName).toBe(`docker-iac/test-web-image:${image.tag}`);
  });

  test("builds the staged context, rebuilds when the hash changes, and is removed with the stack", () => {
    expect(synthesized).toHaveResourceWithProperties(ImageResource, {
      name: image.imageName,
      keep_locally: false,
      triggers: { context_sha256: image.contextHash },
    });
    expect(resource.build).toEqual({
      build_args: {},
      context: expect.stringMatching(new RegExp(`^assets/WebImage_Context_[0-9A-F]{8}/${image.contextHash}$`)),
      dockerfile: "Dockerfile",
      label: {
        "io.docker-iac.context-sha256": image.contextHash,
      },
    });
  });

  test("the synthesized stack holds no machine-specific path", () => {
    for (const machineSpecific of [process.cwd(), path.join(os.tmpdir(), "docker-iac"), `${os.homedir()}/`])
      expect(synthesized).not.toContain(machineSpecific);
  });

  test("the container runs it by image ID", () => {
    const [logicalId] = Object.keys(JSON.parse(synthesized).resource.docker_image);
    expect(onlyResource(stack, "docker_container").image).toBe(`\${docker_image.${logicalId}.image_id}`);
  });
});

describe("ImmutableImage options", () => {
  const stack = testStack();
  const image = new ImmutableImage(stack, "Img", {
    context: BASIC,
    repository: "registry.example.com/team/web",
    buildArgs: { BASE_IMAGE: "busybox:1.36.1" },
    labels: { "org.opencontainers.image.source": "https://example.com/repo" },
    keepLocally: true,
  });
  const synthesized = Testing.synth(stack);

  test("repository, build args, labels and keepLocally are synthesized", () => {
    expect(image.imageName).toBe(`registry.example.com/team/web:${image.tag}`);
    expect(synthesized).toHaveResourceWithProperties(ImageResource, {
      name: image.imageName,
      keep_locally: true,
      build: expect.objectContaining({
        build_args: { BASE_IMAGE: "busybox:1.36.1" },
        label: {
          "io.docker-iac.context-sha256": image.contextHash,
          "org.opencontainers.image.source": "https://example.com/repo",
        },
      }),
    });
  });

  test("a different Dockerfile inside the context", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-test-dockerfile-"));
    fs.mkdirSync(path.join(dir, "docker"));
    fs.writeFileSync(path.join(dir, "docker", "web.Dockerfile"), "FROM busybox:1.37.0\n");
    const other = testStack();
    const img = new ImmutableImage(other, "Img", { context: dir, dockerfile: "docker/web.Dockerfile" });
    expect(Testing.synth(other)).toHaveResourceWithProperties(ImageResource, {
      name: img.imageName,
      build: expect.objectContaining({ dockerfile: "docker/web.Dockerfile" }),
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("ImmutableImage validation", () => {
  test("fails when the context folder does not exist", () => {
    const stack = testStack();
    const missing = path.join("test", "fixtures", "contexts", "missing");
    expect(() => new ImmutableImage(stack, "Img", { context: missing })).toThrow(
      `[test/Img] build context folder '${missing}' does not exist (resolved to ${path.resolve(missing)}). Fix: point context at a folder that holds a Dockerfile`,
    );
  });

  test("fails when the context is a file", () => {
    const stack = testStack();
    const file = path.join(BASIC, "Dockerfile");
    expectDefinitionError(
      () => new ImmutableImage(stack, "Img", { context: file }),
      ErrorCode.BUILD_CONTEXT_NOT_FOUND,
      `[test/Img] build context '${file}' is a file, not a folder`,
    );
  });

  test("fails when the context holds no Dockerfile", () => {
    const stack = testStack();
    const context = path.relative(process.cwd(), path.join(FIXTURE_CONTEXTS, "no-dockerfile"));
    expect(() => new ImmutableImage(stack, "Img", { context })).toThrow(
      `[test/Img] no Dockerfile in build context '${context}'. Fix: add ${path.join(context, "Dockerfile")} or set dockerfile`,
    );
  });

  test("fails when the given dockerfile is missing", () => {
    const stack = testStack();
    expect(() => new ImmutableImage(stack, "Img", { context: BASIC, dockerfile: "web.Dockerfile" })).toThrow(
      `[test/Img] no web.Dockerfile in build context '${BASIC}'`,
    );
  });

  // A Dockerfile outside the context is neither hashed nor staged: editing it would not change the tag.
  test("fails with a dockerfile outside the context", () => {
    const stack = testStack();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-test-outside-"));
    fs.mkdirSync(path.join(root, "ctx"));
    fs.writeFileSync(path.join(root, "ctx", "index.html"), "hi\n");
    fs.writeFileSync(path.join(root, "Dockerfile"), "FROM busybox:1.37.0\n");
    try {
      expect(
        () => new ImmutableImage(stack, "Img", { context: path.join(root, "ctx"), dockerfile: "../Dockerfile" }),
      ).toThrow(/^\[test\/Img\] .*'\.\.\/Dockerfile'/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test.each(["Upper/case", "has space", "trailing-", "-leading", "double//slash", "with:tag"])(
    "fails with repository %p",
    (repository) => {
      const stack = testStack();
      expectDefinitionError(
        () => new ImmutableImage(stack, "Img", { context: BASIC, repository }),
        ErrorCode.INVALID_IMAGE_REFERENCE,
        `[test/Img] invalid image repository '${repository}'. Fix: use lowercase letters, digits and . _ - / as Docker allows`,
      );
    },
  );

  test("fails with an invalid repository derived from the stack namePrefix", () => {
    const stack = new DockerStack(testApp(), "s", { namePrefix: "Web" });
    expectDefinitionError(
      () => new ImmutableImage(stack, "Img", { context: BASIC }),
      ErrorCode.INVALID_IMAGE_REFERENCE,
      "[s/Img] invalid image repository 'docker-iac/Web-img'",
    );
  });

  test("fails with a token as build arg", () => {
    const stack = testStack();
    expectDefinitionError(
      () => new ImmutableImage(stack, "Img", { context: BASIC, buildArgs: { VERSION: Token.asString({ Ref: "x" }) } }),
      ErrorCode.TOKEN_IN_CONTENT_HASH,
      "[test/Img] build arg VERSION is a token. Fix: pass plain strings: build args are part of the content hash",
    );
  });

  test("a full synth ships the staged context inside the stack folder, without ignored files", () => {
    const app: DockerApp = testApp();
    const stack = new DockerStack(app, "img");
    new ImmutableImage(stack, "Img", { context: BASIC });
    app.synth();
    const stackDir = path.join(app.outdir, "stacks", "img");
    const tf = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
    const context = path.join(
      stackDir,
      Object.values<{ build: { context: string } }>(tf.resource.docker_image)[0].build.context,
    );
    expect(fs.readdirSync(context).sort()).toEqual([".dockerignore", "Dockerfile", "www"]);
    expect(fs.readFileSync(path.join(context, "www", "index.html"), "utf8")).toBe("<h1>fixture</h1>\n");
  });
});

describe("ImmutableImage context that is a broken link", () => {
  test("a symlink loop as context is named as such, not as missing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-loop-"));
    try {
      fs.symlinkSync(path.join(dir, "b"), path.join(dir, "a"));
      fs.symlinkSync(path.join(dir, "a"), path.join(dir, "b"));
      expect(() => new ImmutableImage(testStack(), "Img", { context: path.join(dir, "a") })).toThrow(
        `[test/Img] build context '${path.join(dir, "a")}' is a symbolic link that leads nowhere (dangling or a loop)`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
