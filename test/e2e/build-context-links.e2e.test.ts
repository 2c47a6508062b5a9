import * as fs from "fs";
import * as path from "path";
import { docker } from "./docker";
import { requireToolchainOrExplain } from "./toolchain";
import { E2eWorkspace } from "./workspace";

/**
 * Symbolic links in a build context reach the image as `docker build` sends them: as links,
 * never followed. A link to a file outside the context must not put that file's content in
 * the image; a loop, a dangling link and a link to `/` must neither break synth nor copy a tree.
 */
const STACK_SOURCE = `
import { Container, DockerApp, DockerStack, ImmutableImage } from "docker-iac";
import * as path from "path";
import { baseImage } from "./example-inputs";

export function define(app: DockerApp): void {
  const stack = new DockerStack(app, "links");
  const image = new ImmutableImage(stack, "Image", { context: path.join(__dirname, "..", "link-context"), buildArgs: { BASE_IMAGE: baseImage(stack) } });
  new Container(stack, "Show", {
    image,
    // What a user would look at: each link's text, and whether a file's content came along.
    command: ["sh", "-c", "for f in outside loop-a loop-b root gone; do echo \\"$f -> $(readlink /ctx/$f)\\"; done; cat /ctx/outside 2>/dev/null || echo 'outside: no content'; grep -rl 'must stay on the host' /ctx 2>/dev/null || echo 'nothing holds it'; exec sleep 3600"],
  });  // A Dockerfile that is a link to a file outside its context: docker build reads it through the link.
  const linked = new ImmutableImage(stack, "LinkedImage", { context: path.join(__dirname, "..", "linked-dockerfile-context"), buildArgs: { BASE_IMAGE: baseImage(stack) } });
  new Container(stack, "Linked", { image: linked, command: ["sh", "-c", "cat /built-by; exec sleep 3600"] });
}
`;

const ready = requireToolchainOrExplain();
(ready ? describe : describe.skip)("symbolic links in a build context, deployed", () => {
  let ws: E2eWorkspace;
  let secret: string;

  beforeAll(() => {
    ws = new E2eWorkspace();
    const context = path.join(ws.dir, "link-context");
    fs.mkdirSync(context);
    fs.writeFileSync(path.join(context, "Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY . /ctx/\n");
    secret = path.join(ws.dir, "outside-secret.txt");
    fs.writeFileSync(secret, "this line must stay on the host\n");
    fs.symlinkSync(secret, path.join(context, "outside"));
    fs.symlinkSync("loop-b", path.join(context, "loop-a"));
    fs.symlinkSync("loop-a", path.join(context, "loop-b"));
    fs.symlinkSync("/", path.join(context, "root"));
    fs.symlinkSync("nowhere", path.join(context, "gone"));
    const linkedContext = path.join(ws.dir, "linked-dockerfile-context");
    fs.mkdirSync(linkedContext);
    fs.writeFileSync(
      path.join(ws.dir, "shared.Dockerfile"),
      "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN echo 'the Dockerfile behind the link' > /built-by\n",
    );
    fs.symlinkSync(path.join(ws.dir, "shared.Dockerfile"), path.join(linkedContext, "Dockerfile"));
    ws.useOnlyStacks("links-e2e-stack", STACK_SOURCE);
    ws.deploy("links");
  });
  afterAll(() => ws?.cleanUp());

  test("the image holds the links as links, and not the content of the file outside the context", () => {
    const name = ws.name("links", "show");
    let logs = "";
    for (let i = 0; i < 40 && !logs.includes("nothing holds it") && !logs.includes("/ctx/"); i++) {
      logs = docker("logs", name);
      if (!/nothing holds it|\/ctx\//.test(logs)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
    expect(logs.trim().split("\n")).toEqual([
      `outside -> ${secret}`,
      "loop-a -> loop-b",
      "loop-b -> loop-a",
      "root -> /",
      "gone -> nowhere",
      "outside: no content",
      "nothing holds it",
    ]);
  });

  test("an image whose Dockerfile is a link out of its context is built from the file the link leads to", () => {
    const name = ws.name("links", "linked");
    let logs = "";
    for (let i = 0; i < 40 && !logs.includes("behind the link"); i++) {
      logs = docker("logs", name);
      if (!logs.includes("behind the link")) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
    expect(logs.trim()).toBe("the Dockerfile behind the link");
  });

  test("a second plan is empty", () => {
    const plan = ws.plan("links");
    expect({ exitCode: plan.status, output: plan.status === 0 ? "" : plan.output }).toEqual({
      exitCode: 0,
      output: "",
    });
  });

  test("destroy leaves nothing of the stack behind", () => {
    ws.destroy("links");
    expect(ws.leftovers("links")).toEqual([]);
  });
});
