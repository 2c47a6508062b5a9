import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { ErrorCode, ImmutableImage, RegistryImage } from "../../constructs";
import { expectDefinitionError, testStack } from "../helpers";

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "image-probes-"));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A context folder with these files (a value of null makes a symlink loop a -> b -> a). */
function context(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

describe("Dockerfiles docker build refuses", () => {
  test.each([
    [
      "only comments",
      "# a comment\n# syntax=docker/dockerfile:1\n",
      "has no instructions, only comments or parser directives",
    ],
    ["only a parser directive", "# syntax=docker/dockerfile:1\n", "has no instructions"],
    ["no FROM first", "RUN echo hi\n", "starts with RUN on line 1, not FROM"],
    ["an unknown instruction", "FROM busybox:1.37.0\nFORM x\n", "has an unknown instruction 'FORM' on line 2"],
    ["FROM without an image", "FROM\n", "has FROM without an image on line 1"],
  ])("%s", (name, text, message) => {
    const dir = context(name.replace(/ /g, "-"), { Dockerfile: text });
    expectDefinitionError(
      () => new ImmutableImage(testStack(), "I", { context: dir }),
      ErrorCode.INVALID_DOCKERFILE,
      message,
    );
  });

  test("what docker build accepts stays accepted: ARG first, lower case, continuations, heredocs, escape directive, BOM", () => {
    const text =
      "\uFEFF# escape=`\nARG BASE=busybox:1.37.0\nfrom $BASE AS build\nRUN echo a `\n  # comment inside\n  b\nRUN <<EOF\necho hi\nnot an instruction\nEOF\nCOPY <<-X /a\n\thello\n\tX\nONBUILD RUN true\n";
    const dir = context("accepted", { Dockerfile: text });
    expect(new ImmutableImage(testStack(), "I", { context: dir, target: "build" }).tag).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe("the Dockerfile as the context names it", () => {
  test("./Dockerfile excluded by .dockerignore is still sent, as Docker sends it", () => {
    const dir = context("dot-dockerfile", {
      Dockerfile: "FROM busybox:1.37.0\n",
      ".dockerignore": "Dockerfile\n",
      "app.txt": "x",
    });
    const plain = new ImmutableImage(testStack("a"), "I", { context: dir });
    const dotted = new ImmutableImage(testStack("b"), "I", { context: dir, dockerfile: "./Dockerfile" });
    expect(dotted.contextHash).toBe(plain.contextHash);
  });

  test("an absolute path inside the context is that file (was 'no ... in build context')", () => {
    const dir = context("absolute-dockerfile", { Dockerfile: "FROM busybox:1.37.0\n" });
    const image = new ImmutableImage(testStack(), "I", { context: dir, dockerfile: path.join(dir, "Dockerfile") });
    expect(image.contextHash).toBe(new ImmutableImage(testStack("b"), "I", { context: dir }).contextHash);
  });
});

describe("symbolic links: the stack's copy of the context keeps them as links, as docker build sends them", () => {
  /** Synthesizes a stack with one image of `dir`; returns the stack folder's copy of the context. */
  function synthesizedCopy(dir: string): string {
    const stack = testStack();
    const image = new ImmutableImage(stack, "I", { context: dir });
    const outdir = Testing.fullSynth(stack);
    const images = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "test", "cdk.tf.json"), "utf8")).resource
      .docker_image;
    const context = (Object.values(images)[0] as { build: { context: string } }).build.context;
    expect(context).toMatch(new RegExp(`/${image.contextHash}$`));
    return path.join(outdir, "stacks", "test", context);
  }
  const linkText = (file: string) => (fs.lstatSync(file).isSymbolicLink() ? fs.readlinkSync(file) : "not a link");

  test("a loop (cdktf's own asset copy ended synth with an ELOOP trace)", () => {
    const dir = context("loop", { Dockerfile: "FROM busybox:1.37.0\n" });
    fs.symlinkSync("a", path.join(dir, "b"));
    fs.symlinkSync("b", path.join(dir, "a"));
    const copy = synthesizedCopy(dir);
    expect([linkText(path.join(copy, "a")), linkText(path.join(copy, "b"))]).toEqual(["b", "a"]);
  });

  test("a link to a file outside the context: the link, never the file's content", () => {
    const outside = context("outside", { secret: "not for the image" });
    const dir = context("outside-link", { Dockerfile: "FROM busybox:1.37.0\n" });
    fs.symlinkSync(path.join(outside, "secret"), path.join(dir, "link"));
    expect(linkText(path.join(synthesizedCopy(dir), "link"))).toBe(path.join(outside, "secret"));
  });

  test("a link to a folder is not followed (cdktf's copy took the whole tree)", () => {
    const dir = context("folder-link", { Dockerfile: "FROM busybox:1.37.0\n" });
    fs.symlinkSync("/", path.join(dir, "root"));
    expect(linkText(path.join(synthesizedCopy(dir), "root"))).toBe("/");
  });

  test("a dangling link is sent as it is; one listed in .dockerignore is left out", () => {
    const dir = context("dangling", { Dockerfile: "FROM busybox:1.37.0\n", ".dockerignore": "ignored\n" });
    fs.symlinkSync("nowhere", path.join(dir, "gone"));
    fs.symlinkSync("nowhere", path.join(dir, "ignored"));
    const copy = synthesizedCopy(dir);
    expect({
      gone: linkText(path.join(copy, "gone")),
      ignored: fs.lstatSync(path.join(copy, "ignored"), { throwIfNoEntry: false }) !== undefined,
    }).toEqual({ gone: "nowhere", ignored: false });
  });
});

describe("image references as Docker's grammar reads them", () => {
  test.each([
    ["busybox:" + "a".repeat(129), "the tag is 129 characters, above Docker's limit of 128"],
    [
      "busybox@sha256:" + "a".repeat(63),
      "the digest 'sha256:" + "a".repeat(63) + "' is not sha256:<64>, sha384:<96> or sha512:<128> lowercase hex digits",
    ],
    ["busybox@sha256:" + "A".repeat(64), "lowercase hex digits"],
    ["Busybox:1.37.0", "the repository must be lowercase"],
    ["-bad.example.com/app:1", "the repository is not [registry[:port]/]lowercase/path"],
    ["bad-.example.com/app:1", "the repository is not"],
    ["a".repeat(256) + ":1", "here the repository is 256 characters, above Docker's limit of 255"],
  ])("%s is refused", (reference, message) => {
    expectDefinitionError(
      () => new RegistryImage(testStack(), "I", { reference }),
      ErrorCode.INVALID_IMAGE_REFERENCE,
      message,
    );
  });

  test.each([
    "busybox@sha512:" + "a".repeat(128),
    "busybox@sha384:" + "a".repeat(96),
    "busybox:1.37.0@sha256:" + "a".repeat(64),
    "Registry.Example.com:5000/team/app:1.0",
    "busybox:" + "a".repeat(128),
  ])("%s is accepted", (reference) => {
    expect(new RegistryImage(testStack(), "I", { reference }).imageName).toBe(reference);
  });
});
