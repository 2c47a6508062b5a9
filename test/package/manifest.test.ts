// Cheap checks of what `npm pack` ships (the e2e tier packs, installs and deploys it for real).
import { builtinModules } from "module";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const LIBRARY = path.join(REPO, "constructs");

function libraryFiles(): string[] {
  return fs.readdirSync(LIBRARY, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts")).map((f) => path.join(LIBRARY, f));
}

/** The package a bare import names: `@scope/name/deep/path` -> `@scope/name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

test("every package the library imports is a dependency or a peer dependency of the package", () => {
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const builtins = new Set(builtinModules);
  const undeclared: string[] = [];
  for (const file of libraryFiles()) {
    for (const [, specifier] of fs.readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gm)) {
      if (specifier.startsWith(".") || builtins.has(specifier.replace(/^node:/, ""))) continue;
      if (!declared.has(packageOf(specifier))) undeclared.push(`${path.relative(REPO, file)}: ${specifier}`);
    }
  }
  expect(undeclared).toEqual([]);
});

test("peer dependencies are also dev dependencies, so the repo itself installs them", () => {
  for (const name of Object.keys(manifest.peerDependencies)) expect(manifest.devDependencies).toHaveProperty(name);
});

test("the exports map names only the built entry point, and the build writes it", () => {
  const build = JSON.parse(fs.readFileSync(path.join(REPO, "tsconfig.build.json"), "utf8").replace(/^\s*\/\/.*$/gm, ""));
  expect(build.compilerOptions).toMatchObject({ rootDir: "constructs", outDir: "dist", declaration: true });
  expect(manifest.exports).toEqual({ ".": { types: "./dist/index.d.ts", default: "./dist/index.js" }, "./package.json": "./package.json" });
  // The built library, and the documents the README links to (tested below); no sources, tests or tools.
  expect(manifest.files).toEqual(["dist/**/*.js", "dist/**/*.d.ts", "docs/**/*.md", "examples/*/README.md", "CHANGELOG.md", "LICENSE"]);
  expect(manifest.private).toBeUndefined();
});

test("constructs/index.ts names its exports one by one (no export *)", () => {
  expect(fs.readFileSync(path.join(LIBRARY, "index.ts"), "utf8")).not.toMatch(/export \*/);
});

test("internals live in constructs/private/ and constructs/index.ts re-exports none of them", () => {
  const index = fs.readFileSync(path.join(LIBRARY, "index.ts"), "utf8");
  expect([...index.matchAll(/from "(\.\/private[^"]*)"/g)].map((m) => m[1])).toEqual([]);
  expect(fs.existsSync(path.join(LIBRARY, "private", "validation"))).toBe(true);
});

test("stacks import the library by its package name, as a user would, never a path into constructs/", () => {
  const stacks = path.join(REPO, "stacks");
  const byPath = fs.readdirSync(stacks).filter((f) => f.endsWith(".ts"))
    .filter((f) => /from "\.\.\/constructs/.test(fs.readFileSync(path.join(stacks, f), "utf8")));
  expect(byPath).toEqual([]);
});

describe("what a user of the package reads", () => {
  // The files `npm pack` would ship (no build: the docs do not depend on it).
  const packed = (): Set<string> => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return new Set((JSON.parse(out)[0].files as { path: string }[]).map((f) => f.path));
  };

  test("every relative link in the packaged README leads to a file the package ships", () => {
    const files = packed();
    const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
    const targets = [...readme.matchAll(/\]\((?!https?:|#|mailto:)([^)\s]+)\)/g)].map((m) => m[1].replace(/#.*$/, ""));
    expect(targets.length).toBeGreaterThan(10);
    expect(targets.filter((t) => !files.has(path.posix.normalize(t)))).toEqual([]);
  });

  test("the licence file is the licence package.json names, and the changelog keeps an Unreleased section", () => {
    const files = packed();
    expect(files.has("LICENSE") && files.has("CHANGELOG.md")).toBe(true);
    expect(manifest.license).toBe("MPL-2.0");
    expect(fs.readFileSync(path.join(REPO, "LICENSE"), "utf8").split("\n")[0]).toBe("Mozilla Public License Version 2.0");
    const changelog = fs.readFileSync(path.join(REPO, "CHANGELOG.md"), "utf8");
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    expect(changelog).toMatch(/^### Breaking changes$/m);
  });
});
