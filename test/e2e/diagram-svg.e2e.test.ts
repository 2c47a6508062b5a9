// `npm run diagram -- --all --format svg` renders with Graphviz's dot, offline. The unit
// tier tests the DOT text; this checks dot really turns it into a picture of every stack.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { drawStacks } from "../../tools/cli/diagram/draw";
import { render } from "../../tools/cli/diagram/render";
import { exampleStacks, pickStacks } from "../../tools/dev/example-stacks";
import { findReadmeDiagrams } from "../../tools/cli/diagram/readmes";
import { readSvg } from "./svg-reading";

const REPO = path.resolve(__dirname, "..", "..");
// A README column on GitHub; text smaller than 10 px there is hard to read.
const COLUMN_PX = 900;
const SMALLEST_TEXT_PX = 10;
// Not solved by a tall thin sliver either: at most half again as tall as wide.
const MAX_HEIGHT_PER_WIDTH = 1.5;
const hasDot = spawnSync("dot", ["-V"]).status === 0;
if (!hasDot && process.env.CI)
  throw new Error(
    "CI must render diagrams, but Graphviz's dot is missing. Fix: bash tools/dev/toolchain.sh (installs graphviz)",
  );
if (!hasDot)
  console.warn(
    "SKIPPING the SVG diagram test on this developer machine: no Graphviz dot (apt-get install -y graphviz)",
  );

(hasDot ? test : test.skip)(
  "npm run diagram -- --out all.svg draws every container of every stack, and only the picture goes to the file",
  () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "diagram-")), "all.svg");
    const result = spawnSync("npm", ["run", "-s", "diagram", "--", "--out", out], {
      cwd: REPO,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n").pop()).toBe(
      `wrote ${out} (svg, bridge, env-dev, env-staging, hello, host, immutable, isolation, none, ports, swarm, todo)`,
    );
    expect(result.status).toBe(0);
    const svg = fs.readFileSync(out, "utf8");
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
    // Graphviz writes some characters as entities (`-` as `&#45;`).
    const decode = (text: string) =>
      text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, "&");
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1]));
    for (const stack of exampleStacks()) {
      expect(texts).toContain(`stack ${stack.node.id}`);
    }
    for (const name of ["hello-web-a", "bridge-front", "bridge-back", "host-web", "none-job", "env-staging-web"]) {
      expect(texts).toContain(name);
    }
    expect(texts).toContain("127.0.0.1:18085");
  },
);

(hasDot ? test : test.skip)(
  "every README's picture reads at a README's width: text of 10 px or more, not a sliver",
  () => {
    const stacks = exampleStacks({ ignoreEnvContext: true });
    const readings = findReadmeDiagrams(path.join(REPO, "examples")).found.map(({ file, stacks: names }) => {
      const reading = readSvg(render(drawStacks(pickStacks(stacks, names), names.join(" + ")), "svg"), COLUMN_PX);
      return { readme: path.relative(REPO, file), ...reading };
    });
    expect(readings.map((r) => r.readme)).toContain("examples/todo/README.md");
    for (const reading of readings) {
      // The README in the message says which picture failed.
      expect({
        readme: reading.readme,
        legible: reading.smallestTextPx >= SMALLEST_TEXT_PX,
        smallestTextPx: reading.smallestTextPx,
      }).toMatchObject({ legible: true });
      expect({ ...reading, notASliver: reading.heightPx <= MAX_HEIGHT_PER_WIDTH * reading.widthPx }).toMatchObject({
        notASliver: true,
      });
    }
  },
  120_000,
);

(hasDot ? test : test.skip)("the todo and swarm pictures show their backend network is internal", () => {
  const stacks = exampleStacks({ ignoreEnvContext: true });
  for (const name of ["todo", "swarm"]) {
    const svg = render(drawStacks(pickStacks(stacks, [name]), name), "svg");
    // The network's node: its name, the line saying so, and its thick dark border.
    const node = [...svg.matchAll(/<g id="node\d+" class="node">[\s\S]*?<\/g>/g)]
      .map((m) => m[0])
      .find((g) => g.includes(`>${name}&#45;backend<`));
    expect(node).toContain(">internal: no route out<");
    expect(node).toMatch(/stroke="#111827" stroke-width="3"/);
    expect(svg.match(/>internal: no route out</g)).toHaveLength(1);
  }
});

test("the legibility measure: the todo picture as it was (2941 x 419 pt, 10 pt labels) has 3 px text at 900 px", () => {
  const before =
    '<svg width="2941pt" height="419pt"\n viewBox="0.00 0.00 2940.58 419.24"><g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 415.24)"><text font-size="11.00">a</text><text font-size="10.00">b</text></g></svg>';
  const reading = readSvg(before, COLUMN_PX);
  expect(reading.widthPx).toBeCloseTo(900);
  expect(reading.heightPx).toBeCloseTo(128.3, 1);
  expect(reading.smallestTextPx).toBeCloseTo(3.06, 2);
  // A small picture is not blown up: shown at its own size, 1 pt = 4/3 px.
  const small = readSvg(
    '<svg width="300pt" height="200pt" viewBox="0.00 0.00 300.00 200.00"><text font-size="12.00">a</text></svg>',
    COLUMN_PX,
  );
  expect(small.widthPx).toBeCloseTo(400);
  expect(small.heightPx).toBeCloseTo(266.67, 2);
  expect(small.smallestTextPx).toBeCloseTo(16);
});

test("an unknown stack name is a wrong argument (exit 2) naming the known stacks", () => {
  const result = spawnSync("npm", ["run", "-s", "diagram", "--", "nope"], {
    cwd: REPO,
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(result.status).toBe(2);
  expect(result.stderr.trim().split("\n").pop()).toBe(
    "docker-iac diagram: no stack 'nope' in this app. Stacks: bridge, env-dev, env-staging, hello, host, immutable, isolation, none, ports, swarm, todo",
  );
});
