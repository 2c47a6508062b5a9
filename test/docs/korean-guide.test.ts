// docs/ko/README.md, the learning path in Korean, must keep up with the code: a section for
// every stack the app registers, commands and paths that exist, and every example README
// pointing at the next example and at its section of the guide.
import * as fs from "fs";
import * as path from "path";
import { TerraformStack } from "cdktf";
import { defineStacks } from "../../stacks/app";
import { testApp } from "../helpers";

const REPO = path.resolve(__dirname, "..", "..");
const GUIDE = path.join(REPO, "docs", "ko", "README.md");
const GUIDE_NAME = "docs/ko/README.md";
const guide = fs.readFileSync(GUIDE, "utf8");

/** The stack ids `defineStacks` registers, in order: what `npm run deploy -- <name>` takes. */
function registeredStacks(): string[] {
  const app = testApp();
  defineStacks(app);
  return app.node.children.filter(TerraformStack.isStack).map((stack) => stack.node.id);
}

/** Fenced code blocks and inline code spans, apart from the text around them. */
function splitMarkdown(markdown: string): { code: string[]; withoutFences: string; prose: string } {
  const code: string[] = [];
  const withoutFences = markdown.replace(
    /^( *)(```|~~~)[^\n]*\n([\s\S]*?)^\1\2 *$/gm,
    (_all, _indent, _fence, body: string) => {
      code.push(body);
      return "\n";
    },
  );
  const prose = withoutFences.replace(/`([^`\n]+)`/g, (_all, span: string) => {
    code.push(span);
    return " ";
  });
  return { code, withoutFences, prose };
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function headingSlug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/`/g, "")
    .trim();
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor a link can name in a Markdown file: explicit `<a id>`/`<a name>` and headings. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const m of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
  for (const m of splitMarkdown(markdown).withoutFences.matchAll(/^#{1,6} +(.+?) *#* *$/gm))
    anchors.add(headingSlug(m[1]));
  return anchors;
}

/** The explicit `<a id>` anchors, in the order they appear. */
function explicitAnchors(markdown: string): string[] {
  return [...markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)].map((m) => m[1]);
}

/** Targets of Markdown links `[text](target)` outside code. */
function linksOf(markdown: string): string[] {
  return [...splitMarkdown(markdown).prose.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/** Problems with the relative links of `file`: missing files, and anchors missing in Markdown targets. */
function brokenLinks(file: string): string[] {
  const problems: string[] = [];
  const name = path.relative(REPO, file);
  const text = fs.readFileSync(file, "utf8");
  for (const link of linksOf(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // http:, https:, mailto:
    const [target, anchor] = link.split("#", 2);
    const resolved = target === "" ? file : path.resolve(path.dirname(file), target);
    if (!fs.existsSync(resolved)) {
      problems.push(`${name} links to ${link}, but ${path.relative(REPO, resolved)} does not exist`);
      continue;
    }
    if (anchor !== undefined && resolved.endsWith(".md") && !anchorsOf(fs.readFileSync(resolved, "utf8")).has(anchor)) {
      problems.push(`${name} links to ${link}, but ${path.relative(REPO, resolved)} has no anchor '${anchor}'`);
    }
  }
  return [...new Set(problems)];
}

/** Top-level folders of the repository that hold sources (not ignored by .gitignore, not hidden). */
function repositoryFolders(): Set<string> {
  const ignored = new Set(
    fs
      .readFileSync(path.join(REPO, ".gitignore"), "utf8")
      .split("\n")
      .map((line) => line.trim().replace(/\/$/, ""))
      .filter((line) => line !== "" && !line.startsWith("#") && !/[*/]/.test(line)),
  );
  return new Set(
    fs
      .readdirSync(REPO, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && !ignored.has(entry.name))
      .map((entry) => entry.name),
  );
}

/** Words of shell commands in code, one array per line, without comments. */
function commandLines(code: string[]): string[][] {
  return code
    .flatMap((text) => text.split("\n"))
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter((line) => line !== "")
    .map((line) => line.split(/\s+/));
}

/** The stack names given to `npm run deploy -- ...` and `cdktf destroy ...` in the guide. */
function quotedStackNames(code: string[]): { command: string; name: string }[] {
  const quoted: { command: string; name: string }[] = [];
  for (const words of commandLines(code)) {
    for (let i = 0; i < words.length; i++) {
      let rest: string[] | undefined;
      let command = "";
      if (words[i] === "npm" && words[i + 1] === "run" && words[i + 2] === "deploy" && words[i + 3] === "--") {
        rest = words.slice(i + 4);
        command = "npm run deploy --";
      } else if (words[i] === "cdktf" && words[i + 1] === "destroy") {
        rest = words.slice(i + 2);
        command = "cdktf destroy";
      }
      if (!rest) continue;
      for (const word of rest) {
        if (/^(&&|\|\||;|\||>)/.test(word)) break; // the next command
        if (word.startsWith("-") || word.startsWith("<")) continue; // options, placeholders like <stack>
        quoted.push({ command, name: word.replace(/[`.,;)]+$/, "") });
      }
    }
  }
  return quoted;
}

/** Repository paths the code quotes: words whose first segment is a top-level source folder. */
function quotedPaths(code: string[]): string[] {
  const folders = repositoryFolders();
  const paths = new Set<string>();
  for (const text of code) {
    for (const raw of text.split(/[\s'"()[\]]+/)) {
      const word = raw.replace(/[.,;:]+$/, "");
      if (!word.includes("/") || /[<>*{}$~:@=]/.test(word)) continue; // placeholders, URLs, volume specs
      if (folders.has(word.split("/")[0])) paths.add(word);
    }
  }
  return [...paths];
}

/** Example READMEs in the order the README's stack table lists them (the order of the path). */
function examplesInOrder(): string[] {
  const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
  const rows = [...readme.matchAll(/^\| `[a-z-]+` \|.*?\(examples\/([^/)]+)\/README\.md\)/gm)].map((m) => m[1]);
  return [...new Set(rows)];
}

const STACKS = registeredStacks();
const { code: GUIDE_CODE } = splitMarkdown(guide);

describe(`the Korean learning path (${GUIDE_NAME})`, () => {
  test("has a section, a deploy command and a destroy command for every stack stacks/app.ts registers", () => {
    expect(STACKS.length).toBeGreaterThan(0);
    const anchors = new Set(explicitAnchors(guide));
    const quoted = quotedStackNames(GUIDE_CODE);
    const missing: string[] = [];
    for (const stack of STACKS) {
      if (!anchors.has(stack))
        missing.push(`no section for stack '${stack}': put <a id="${stack}"></a> before its heading`);
      if (!quoted.some((q) => q.command === "npm run deploy --" && q.name === stack))
        missing.push(`no \`npm run deploy -- ${stack}\` for stack '${stack}'`);
      if (!quoted.some((q) => q.command === "cdktf destroy" && q.name === stack))
        missing.push(`no \`npx cdktf destroy ${stack}\` for stack '${stack}'`);
    }
    expect(missing).toEqual([]);
  });

  test("follows the order of the path: stack sections in the order stacks/app.ts registers the stacks", () => {
    const sections = explicitAnchors(guide).filter((anchor) => STACKS.includes(anchor));
    expect(sections).toEqual(STACKS);
  });

  test("names only stacks that exist in `npm run deploy -- <name>` and `cdktf destroy <name>`", () => {
    const unknown = quotedStackNames(GUIDE_CODE)
      .filter((q) => !STACKS.includes(q.name))
      .map(
        (q) => `\`${q.command} ${q.name}\`: no stack named '${q.name}' in stacks/app.ts (stacks: ${STACKS.join(", ")})`,
      );
    expect(unknown).toEqual([]);
  });

  test("quotes only npm scripts that package.json defines", () => {
    const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).scripts ?? {});
    const used = new Set(GUIDE_CODE.flatMap((text) => [...text.matchAll(/\bnpm run ([\w:.-]+)/g)].map((m) => m[1])));
    expect(used.size).toBeGreaterThan(0);
    const unknown = [...used]
      .filter((script) => !scripts.includes(script))
      .map((script) => `\`npm run ${script}\`: package.json has no script '${script}'`);
    expect(unknown).toEqual([]);
  });

  test("quotes and links only repository paths that exist", () => {
    const paths = quotedPaths(GUIDE_CODE);
    expect(paths).toContain("stacks/hello-stack.ts");
    const missing = paths
      .filter((p) => !fs.existsSync(path.join(REPO, p)))
      .map((p) => `${GUIDE_NAME} quotes \`${p}\`, which does not exist`);
    expect([...missing, ...brokenLinks(GUIDE)]).toEqual([]);
  });

  test("links to every example README", () => {
    const linked = new Set(linksOf(guide).map((link) => path.resolve(path.dirname(GUIDE), link.split("#")[0])));
    const unlinked = fs
      .readdirSync(path.join(REPO, "examples"))
      .map((name) => path.join(REPO, "examples", name, "README.md"))
      .filter((readme) => fs.existsSync(readme) && !linked.has(readme))
      .map((readme) => `${GUIDE_NAME} does not link to ${path.relative(REPO, readme)}`);
    expect(unlinked).toEqual([]);
  });
});

describe("every example README ends with a Next link and a link to its Korean section", () => {
  const order = examplesInOrder();
  const guideAnchors = anchorsOf(guide);

  test("the README's stack table names every example folder", () => {
    const folders = fs
      .readdirSync(path.join(REPO, "examples"))
      .filter((name) => fs.existsSync(path.join(REPO, "examples", name, "README.md")));
    expect(order.slice().sort()).toEqual(folders.sort());
  });

  test.each(order)("examples/%s/README.md", (name) => {
    const file = path.join(REPO, "examples", name, "README.md");
    const lines = fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "");
    const [nextLine, koreanLine] = lines.slice(-2);
    const problems: string[] = [];

    const next = /^\*\*Next:\*\*.*?\]\(([^)#\s]+)\)/.exec(nextLine ?? "");
    const index = order.indexOf(name);
    const expected =
      index + 1 < order.length
        ? [`../${order[index + 1]}/README.md`]
        : [`../${order[0]}/README.md`, "../../docs/ko/README.md"];
    if (!next) {
      problems.push(`the second-to-last line should be "**Next:** [...](${expected[0]})", found: ${nextLine}`);
    } else if (!fs.existsSync(path.resolve(path.dirname(file), next[1]))) {
      problems.push(`the Next link ${next[1]} points at a file that does not exist`);
    } else if (!expected.includes(next[1])) {
      problems.push(`the Next link goes to ${next[1]}, but the next example in the path is ${expected.join(" or ")}`);
    }

    const korean = /^\[한국어 안내\]\(\.\.\/\.\.\/docs\/ko\/README\.md#([^)\s]+)\)/.exec(koreanLine ?? "");
    if (!korean) {
      problems.push(`the last line should be "[한국어 안내](../../docs/ko/README.md#<anchor>)", found: ${koreanLine}`);
    } else if (!guideAnchors.has(korean[1])) {
      problems.push(`the Korean link names the anchor '${korean[1]}', which ${GUIDE_NAME} does not have`);
    }
    expect(problems).toEqual([]);
  });
});

test("docs/concepts.md links only to files and anchors that exist", () => {
  expect(brokenLinks(path.join(REPO, "docs", "concepts.md"))).toEqual([]);
});
