// `npm run diagram -- --all --format svg` renders with Graphviz's dot, offline. The unit
// tier tests the DOT text; this checks dot really turns it into a picture of every stack.
import { spawnSync } from "child_process";
import * as path from "path";
import { exampleStacks } from "../../tools/cli/diagram/main";

const REPO = path.resolve(__dirname, "..", "..");
const hasDot = spawnSync("dot", ["-V"]).status === 0;
if (!hasDot && process.env.CI) throw new Error("CI must render diagrams, but Graphviz's dot is missing. Fix: bash tools/dev/toolchain.sh (installs graphviz)");
if (!hasDot) console.warn("SKIPPING the SVG diagram test on this developer machine: no Graphviz dot (apt-get install -y graphviz)");

(hasDot ? test : test.skip)("npm run diagram -- --all --format svg draws every container of every stack", () => {
  const result = spawnSync("npm", ["run", "-s", "diagram", "--", "--all", "--format", "svg"], { cwd: REPO, encoding: "utf8", timeout: 120_000 });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const svg = result.stdout;
  expect(svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
  // Graphviz writes some characters as entities (`-` as `&#45;`).
  const decode = (text: string) => text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, "&");
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1]));
  for (const stack of exampleStacks()) {
    expect(texts).toContain(`stack ${stack.node.id}`);
  }
  for (const name of ["hello-web-a", "bridge-front", "bridge-back", "host-web", "none-job", "env-staging-web"]) {
    expect(texts).toContain(name);
  }
  expect(texts).toContain("127.0.0.1:18085");
});

test("an unknown stack name fails with the known names", () => {
  const result = spawnSync("npm", ["run", "-s", "diagram", "--", "nope"], { cwd: REPO, encoding: "utf8", timeout: 120_000 });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/^no stack 'nope'\. Known stacks: hello, bridge, /);
});
