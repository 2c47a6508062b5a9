import { execFileSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { ErrorCode, fingerprintContext, ImmutableImage, type ImmutableImageProps } from "../../constructs";
import { BuildContextProblem, stagingRoot } from "../../constructs/build-context";
import { expectDefinitionError, testStack } from "../helpers";
import { copyContext, FIXTURE_CONTEXTS, removeContextCopies } from "./support";

/** The tag an ImmutableImage gets for this context (a fresh stack each time, a fixed repository). */
function tagOf(context: string, props: Partial<ImmutableImageProps> = {}): string {
  return new ImmutableImage(testStack(), "Img", { repository: "docker-iac/hash-test", ...props, context }).tag;
}

/** The files fingerprintContext says Docker would send. */
function filesOf(context: string): string[] {
  return fingerprintContext(context, "Dockerfile", {}).files;
}

function write(context: string, rel: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(context, rel)), { recursive: true });
  fs.writeFileSync(path.join(context, rel), content);
}

// Every test works on its own copy of test/fixtures/contexts/basic.
let context: string;
let before: string;
beforeEach(() => {
  context = copyContext();
  before = tagOf(context);
});
afterAll(removeContextCopies);

describe("content hash of a build context", () => {
  test("of the committed fixture matches the snapshot", () => {
    expect(fingerprintContext(path.join(FIXTURE_CONTEXTS, "basic"), "Dockerfile", {})).toMatchSnapshot();
  });

  test("lists the files Docker would send, sorted, without .dockerignore matches", () => {
    expect(filesOf(context)).toEqual([".dockerignore", "Dockerfile", "www/index.html"]);
    expect(before).toMatch(/^[0-9a-f]{12}$/);
  });

  test("is stable: same files, same tag", () => {
    expect(tagOf(context)).toBe(before);
  });

  test("changing a file's content changes the tag", () => {
    write(context, "www/index.html", "<h1>changed</h1>\n");
    expect(tagOf(context)).not.toBe(before);
  });

  test("changing the Dockerfile changes the tag", () => {
    fs.appendFileSync(path.join(context, "Dockerfile"), "EXPOSE 8080\n");
    expect(tagOf(context)).not.toBe(before);
  });

  test("adding a file changes the tag", () => {
    write(context, "www/new.html", "new\n");
    expect(tagOf(context)).not.toBe(before);
  });

  test("renaming a file changes the tag", () => {
    fs.renameSync(path.join(context, "www", "index.html"), path.join(context, "www", "home.html"));
    expect(tagOf(context)).not.toBe(before);
  });

  test("touching mtimes does not change the tag", () => {
    const past = new Date("2001-02-03T04:05:06Z");
    for (const rel of ["Dockerfile", "www/index.html", "www"]) fs.utimesSync(path.join(context, rel), past, past);
    expect(tagOf(context)).toBe(before);
  });

  test("chmod +x changes the tag, and chmod -x changes it back", () => {
    const file = path.join(context, "www", "index.html");
    fs.chmodSync(file, 0o755);
    const executable = tagOf(context);
    expect(executable).not.toBe(before);
    fs.chmodSync(file, 0o644);
    expect(tagOf(context)).toBe(before);
  });

  test("other permission bits do not change the tag", () => {
    fs.chmodSync(path.join(context, "www", "index.html"), 0o600);
    expect(tagOf(context)).toBe(before);
  });

  test("changing build args changes the tag", () => {
    const withArg = tagOf(context, { buildArgs: { BASE_IMAGE: "busybox:1.36.1" } });
    expect(withArg).not.toBe(before);
    expect(tagOf(context, { buildArgs: { BASE_IMAGE: "busybox:1.37.0" } })).not.toBe(withArg);
    expect(tagOf(context, { buildArgs: { BASE_IMAGE: "busybox:1.36.1" } })).toBe(withArg);
  });

  test("build arg order does not matter", () => {
    expect(tagOf(context, { buildArgs: { A: "1", B: "2" } })).toBe(tagOf(context, { buildArgs: { B: "2", A: "1" } }));
  });

  test("changing labels changes the tag", () => {
    expect(tagOf(context, { labels: { "org.opencontainers.image.version": "1" } })).not.toBe(before);
  });

  test("the same content in two different folders gives the same tag", () => {
    const elsewhere = copyContext();
    expect(elsewhere).not.toBe(context);
    expect(tagOf(elsewhere)).toBe(before);
  });

  test("the hash of the files ignores where the folder is and what it is called", () => {
    const renamed = path.join(path.dirname(copyContext()), "another-name");
    fs.renameSync(path.join(renamed, "..", "ctx"), renamed);
    expect(fingerprintContext(renamed, "Dockerfile", {}).sha256).toBe(
      fingerprintContext(context, "Dockerfile", {}).sha256,
    );
  });

  test("the repository is not part of the hash", () => {
    expect(tagOf(context, { repository: "other/repo" })).toBe(before);
  });
});

describe("content hash and .dockerignore", () => {
  test("adding or changing an ignored file does not change the tag", () => {
    write(context, "README.md", "changed, and still ignored\n");
    expect(tagOf(context)).toBe(before);
    fs.appendFileSync(path.join(context, ".dockerignore"), "*.tmp\n");
    const withPattern = tagOf(context);
    write(context, "scratch.tmp", "ignored\n");
    expect(tagOf(context)).toBe(withPattern);
    write(context, "scratch.tmp", "still ignored\n");
    expect(tagOf(context)).toBe(withPattern);
  });

  test("changing .dockerignore itself changes the tag (Docker always sends it)", () => {
    fs.appendFileSync(path.join(context, ".dockerignore"), "# a comment\n");
    expect(tagOf(context)).not.toBe(before);
  });

  test("the Dockerfile counts even when .dockerignore matches it", () => {
    fs.appendFileSync(path.join(context, ".dockerignore"), "Dockerfile\n.dockerignore\n");
    expect(filesOf(context)).toEqual([".dockerignore", "Dockerfile", "www/index.html"]);
    const ignoredDockerfile = tagOf(context);
    fs.appendFileSync(path.join(context, "Dockerfile"), "EXPOSE 8080\n");
    expect(tagOf(context)).not.toBe(ignoredDockerfile);
  });

  test("!exception patterns are honoured", () => {
    write(context, ".dockerignore", "*.md\n!KEEP.md\n");
    write(context, "README.md", "ignored\n");
    write(context, "KEEP.md", "sent\n");
    expect(filesOf(context)).toEqual([".dockerignore", "Dockerfile", "KEEP.md", "www/index.html"]);
    const kept = tagOf(context);
    write(context, "KEEP.md", "sent, changed\n");
    expect(tagOf(context)).not.toBe(kept);
    const changed = tagOf(context);
    write(context, "README.md", "ignored, changed\n");
    expect(tagOf(context)).toBe(changed);
  });

  test("an ignored folder is left out entirely", () => {
    write(context, ".dockerignore", "node_modules\n");
    write(context, "node_modules/dep/index.js", "x\n");
    expect(filesOf(context)).toEqual([".dockerignore", "Dockerfile", "README.md", "www/index.html"]);
  });

  // Docker (moby/patternmatcher) lets a later exception re-include a file inside an excluded folder.
  test("!exception patterns re-include a file inside an ignored folder", () => {
    write(context, ".dockerignore", "docs\n!docs/keep.txt\n");
    write(context, "docs/keep.txt", "sent\n");
    write(context, "docs/other.txt", "ignored\n");
    expect(filesOf(context)).toEqual([".dockerignore", "Dockerfile", "README.md", "docs/keep.txt", "www/index.html"]);
  });

  test("patterns are anchored at the context root: *.log leaves a nested sub/x.log in, as in Docker", () => {
    write(context, ".dockerignore", "*.log\n");
    write(context, "x.log", "root log, ignored\n");
    write(context, "sub/x.log", "nested log, sent\n");
    expect(filesOf(context)).toEqual([".dockerignore", "Dockerfile", "README.md", "sub/x.log", "www/index.html"]);
    const withLogs = tagOf(context);
    write(context, "x.log", "root log, changed\n");
    expect(tagOf(context)).toBe(withLogs);
    write(context, "sub/x.log", "nested log, changed\n");
    expect(tagOf(context)).not.toBe(withLogs);
  });

  test("**/*.log matches at any depth", () => {
    write(context, ".dockerignore", "**/*.log\n");
    write(context, "x.log", "ignored\n");
    write(context, "sub/deeper/x.log", "ignored\n");
    expect(filesOf(context)).toEqual([".dockerignore", "Dockerfile", "README.md", "www/index.html"]);
  });

  test("a leading slash, comments and blank lines are accepted", () => {
    write(context, ".dockerignore", "# comment\n\n/README.md\r\n");
    expect(filesOf(context)).toEqual([".dockerignore", "Dockerfile", "www/index.html"]);
  });

  // Docker cleans every pattern with filepath.Clean, so ./README.md means README.md.
  test("a ./ prefix is cleaned as Docker does", () => {
    write(context, ".dockerignore", "./README.md\n");
    expect(filesOf(context)).toEqual([".dockerignore", "Dockerfile", "www/index.html"]);
  });
});

describe("special files, links and Dockerfiles, as docker build treats them", () => {
  const mkfifo = (file: string) => execFileSync("mkfifo", [file]);

  test("a FIFO fails synth at once with a clear error instead of hanging it", () => {
    mkfifo(path.join(context, "pipe"));
    expectDefinitionError(
      () => tagOf(context),
      ErrorCode.UNREADABLE_BUILD_CONTEXT,
      "[test/Img] build context file 'pipe' is a FIFO (named pipe), which an image build cannot read. Fix: ",
    );
  });

  test("a FIFO listed in .dockerignore is left alone", () => {
    mkfifo(path.join(context, "pipe"));
    fs.appendFileSync(path.join(context, ".dockerignore"), "pipe\n");
    expect(filesOf(context)).not.toContain("pipe");
  });

  test("a socket is skipped, as docker build skips it", async () => {
    const socket = path.join(context, "app.sock");
    const server = net.createServer().listen(socket);
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      expect(filesOf(context)).not.toContain("app.sock");
      expect(tagOf(context)).toBe(before);
    } finally {
      server.close();
    }
  });

  test("a symlink loop is sent as links, never followed", () => {
    fs.symlinkSync("loop-b", path.join(context, "loop-a"));
    fs.symlinkSync("loop-a", path.join(context, "loop-b"));
    fs.symlinkSync(".", path.join(context, "self"));
    expect(filesOf(context)).toEqual(expect.arrayContaining(["loop-a", "loop-b", "self"]));
    expect(tagOf(context)).not.toBe(before);
  });

  test("staged contexts live in a folder of this user's own, which nobody else can read", () => {
    const image = new ImmutableImage(testStack(), "Img", { repository: "docker-iac/hash-test", context });
    const root = stagingRoot();
    expect(root).toBe(path.join(os.tmpdir(), `docker-iac-contexts-${process.getuid!()}`));
    expect(fs.statSync(root).mode & 0o777).toBe(0o700);
    expect(fs.statSync(root).uid).toBe(process.getuid!());
    expect(fs.existsSync(path.join(root, image.contextHash, "Dockerfile"))).toBe(true);
  });

  test("a staging folder that is not this user's own (here a symbolic link someone put there) is refused with the fix", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-tmpdir-"));
    try {
      fs.mkdirSync(path.join(tmp, "elsewhere"));
      fs.symlinkSync(path.join(tmp, "elsewhere"), path.join(tmp, `docker-iac-contexts-${process.getuid!()}`));
      expect(() => stagingRoot(tmp)).toThrow(BuildContextProblem);
      expect(() => stagingRoot(tmp)).toThrow(
        /staging folder .* is not a folder of this user's \(a symbolic link\)\. Fix: remove /,
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test("a symlink out of the context is sent as a link: its target's content is not read, its text counts", () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-outside-"));
    try {
      fs.writeFileSync(path.join(outside, "secret"), "one");
      fs.symlinkSync(path.join(outside, "secret"), path.join(context, "link"));
      const withLink = tagOf(context);
      fs.writeFileSync(path.join(outside, "secret"), "two");
      expect(tagOf(context)).toBe(withLink);
      fs.unlinkSync(path.join(context, "link"));
      fs.symlinkSync(path.join(outside, "other"), path.join(context, "link"));
      expect(tagOf(context)).not.toBe(withLink);
      const image = new ImmutableImage(testStack(), "Img", { repository: "docker-iac/hash-test", context });
      const staged = fs.readdirSync(path.join(stagingRoot(), image.contextHash));
      expect(staged).toContain("link");
      expect(fs.lstatSync(path.join(stagingRoot(), image.contextHash, "link")).isSymbolicLink()).toBe(true);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test("a Dockerfile that is a link out of the context is read through it, as docker build does: its content counts and the stage holds the file", () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-outside-"));
    try {
      const text = fs.readFileSync(path.join(context, "Dockerfile"), "utf8");
      fs.writeFileSync(path.join(outside, "Dockerfile.shared"), text);
      fs.rmSync(path.join(context, "Dockerfile"));
      fs.symlinkSync(path.join(outside, "Dockerfile.shared"), path.join(context, "Dockerfile"));
      // The same bytes as the file it replaced: the same image.
      expect(tagOf(context)).toBe(before);
      const image = new ImmutableImage(testStack(), "Img", { repository: "docker-iac/hash-test", context });
      const stagedDockerfile = path.join(stagingRoot(), image.contextHash, "Dockerfile");
      expect(fs.lstatSync(stagedDockerfile).isFile()).toBe(true);
      expect(fs.readFileSync(stagedDockerfile, "utf8")).toBe(text);
      // Editing the file behind the link is editing the Dockerfile.
      fs.appendFileSync(path.join(outside, "Dockerfile.shared"), "EXPOSE 8080\n");
      expect(tagOf(context)).not.toBe(before);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test("a Dockerfile that is a dangling link gets a clear error", () => {
    fs.rmSync(path.join(context, "Dockerfile"));
    fs.symlinkSync(path.join(os.tmpdir(), "docker-iac-no-such-dockerfile"), path.join(context, "Dockerfile"));
    expectDefinitionError(
      () => tagOf(context),
      ErrorCode.INVALID_DOCKERFILE,
      `[test/Img] dockerfile 'Dockerfile' in build context '${context}' is a symbolic link that leads nowhere (dangling or a loop). Fix: `,
    );
  });

  test.each([
    ["a folder", (dir: string) => fs.mkdirSync(path.join(dir, "Dockerfile.d")), "is a folder"],
    ["empty", (dir: string) => fs.writeFileSync(path.join(dir, "Dockerfile.d"), " \n"), "is empty"],
  ])("a Dockerfile that is %s gets a clear error", (_, make, problem) => {
    make(context);
    expectDefinitionError(
      () => tagOf(context, { dockerfile: "Dockerfile.d" }),
      ErrorCode.INVALID_DOCKERFILE,
      `[test/Img] dockerfile 'Dockerfile.d' in build context '${context}' ${problem}. Fix: `,
    );
  });

  test.each(["registry.local:5000/team/web", "localhost:5000/web", "localhost/web", "Registry.Example.com/web"])(
    "accepts repository %p",
    (repository) => {
      expect(tagOf(context, { repository })).toBe(before);
    },
  );
});

describe(".dockerignore that is not a file", () => {
  test("a .dockerignore that is a folder or a FIFO gets a clear error, never a hang", () => {
    fs.rmSync(path.join(context, ".dockerignore"), { force: true });
    fs.mkdirSync(path.join(context, ".dockerignore"));
    expectDefinitionError(
      () => tagOf(context),
      ErrorCode.UNREADABLE_BUILD_CONTEXT,
      "[test/Img] .dockerignore of the build context is not a regular file",
    );
    fs.rmSync(path.join(context, ".dockerignore"), { recursive: true });
    execFileSync("mkfifo", [path.join(context, ".dockerignore")]);
    expectDefinitionError(
      () => tagOf(context),
      ErrorCode.UNREADABLE_BUILD_CONTEXT,
      "[test/Img] .dockerignore of the build context is not a regular file",
    );
  });
});
