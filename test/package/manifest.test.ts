// Cheap checks of what `npm pack` ships (the e2e tier packs, installs and deploys it for real).
import { builtinModules } from "module";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const LIBRARY = path.join(REPO, "constructs");
const build = JSON.parse(fs.readFileSync(path.join(REPO, "tsconfig.build.json"), "utf8").replace(/^\s*\/\/.*$/gm, ""));

function libraryFiles(): string[] {
  return fs
    .readdirSync(LIBRARY, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(LIBRARY, f));
}

let compiled: string[] | undefined;
/** The repo's files the package build compiles (repo-relative, POSIX), as tsc itself lists them. */
function builtSources(): string[] {
  const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
  compiled ??= execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--listFilesOnly"], {
    cwd: REPO,
    encoding: "utf8",
  })
    .split("\n")
    .filter(Boolean)
    .map((f) => path.relative(REPO, f).split(path.sep).join("/"))
    .filter((f) => !f.startsWith("node_modules/") && !f.startsWith(".."));
  return compiled;
}

/** The package a bare import names: `@scope/name/deep/path` -> `@scope/name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

test("every package the built library and command import is a dependency or a peer dependency of the package", () => {
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    manifest.name,
  ]);
  const builtins = new Set(builtinModules);
  const undeclared: string[] = [];
  const files = [
    ...new Set([
      ...libraryFiles().map((f) => path.relative(REPO, f)),
      ...builtSources().filter((f) => f.endsWith(".ts")),
    ]),
  ];
  expect(files.length).toBeGreaterThan(libraryFiles().length);
  for (const file of files) {
    const source = fs.readFileSync(path.join(REPO, file), "utf8");
    const specifiers = [
      ...[...source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]),
      ...[...source.matchAll(/\b(?:import|require)\("([^"]+)"\)/g)].map((m) => m[1]),
    ];
    for (const specifier of specifiers) {
      if (specifier.startsWith(".") || builtins.has(specifier.replace(/^node:/, ""))) continue;
      if (!declared.has(packageOf(specifier))) undeclared.push(`${file}: ${specifier}`);
    }
  }
  expect(undeclared).toEqual([]);
});

test("the build compiles the library and the docker-iac command, and nothing else of the repo", () => {
  const sources = builtSources();
  expect(sources).toEqual(
    expect.arrayContaining(["constructs/index.ts", "tools/cli/main.ts", "tools/cli/synth-report/hook.ts"]),
  );
  // Developer set-up helpers a command may share with the e2e suite are the one exception.
  const shippable = (f: string) =>
    f.startsWith("constructs/") || f.startsWith("tools/cli/") || f === "tools/dev/toolchain-env.ts";
  expect(sources.filter((f) => !shippable(f))).toEqual([]);
  // The repo's own tools (README staleness checks, the importer's corpus run) stay out of the package.
  expect(sources.filter((f) => /^tools\/cli\/[^/]+\/(readmes|coverage)\.ts$/.test(f))).toEqual([]);
});

/**
 * Paths the built command joins from its own folder that leave what the package ships, each
 * with the reason it is harmless there.
 */
const REPO_ONLY_PATHS: Record<string, string> = {
  "tools/cli/synth-report/report.ts -> tools/dev/register-ts.js":
    "preloaded only when the command runs as TypeScript, in this repo",
  "tools/cli/watch/deploy.ts -> tools/dev/register-ts.js":
    "preloaded only when the command runs as TypeScript, in this repo",
  "tools/cli/deploy/deploy.ts -> tools/dev/server-images.sh":
    "checked with existsSync: without it, deploy says the registry lacks the server images",
};

test("nothing the package ships reads a path of this repo at run time", () => {
  // `path.join(__dirname, "..", "..", "..")` from tools/cli/<command>/ is the checkout's root: in
  // the package that is node_modules/docker-iac/dist, which has no stacks/, examples/, tools/dev
  // scripts or cdktf.json. Every path joined from __dirname out of the shipped folders is listed.
  const found: string[] = [];
  for (const file of builtSources().filter((f) => f.endsWith(".ts"))) {
    const source = fs.readFileSync(path.join(REPO, file), "utf8");
    for (const [, args] of source.matchAll(/path\.(?:join|resolve)\(\s*__dirname\s*,([^)]*)\)/g)) {
      const literals: string[] = [];
      for (const arg of args.split(",").map((a) => a.trim())) {
        const literal = /^"([^"$]*)"$/.exec(arg);
        if (!literal) break;
        literals.push(literal[1]);
      }
      const target = path.posix.join(path.posix.dirname(file), ...literals);
      if (!/^(constructs|tools\/cli)(\/|$)/.test(target)) found.push(`${file} -> ${target}`);
    }
  }
  expect(found.filter((f) => !(f in REPO_ONLY_PATHS))).toEqual([]);
  // An exception no file has any more goes too.
  expect(Object.keys(REPO_ONLY_PATHS).filter((f) => !found.includes(f))).toEqual([]);
});

test("the package's bin is the compiled tools/cli/main.ts, which starts with a node shebang", () => {
  expect(manifest.bin).toEqual({ [manifest.name]: "dist/tools/cli/main.js" });
  expect(fs.readFileSync(path.join(REPO, "tools", "cli", "main.ts"), "utf8").split("\n")[0]).toBe(
    "#!/usr/bin/env node",
  );
  expect(manifest.scripts["docker-iac"]).toBe("node -r ./tools/dev/register-ts.js tools/cli/main.ts");
});

test("data files the command imports (the compose schema) are shipped beside the compiled code", () => {
  const data = builtSources().filter((f) => f.endsWith(".json"));
  for (const file of data) {
    expect(manifest.files).toContain(`dist/${path.posix.dirname(file)}/*`);
  }
});

test("peer dependencies are also dev dependencies, so the repo itself installs them", () => {
  for (const name of Object.keys(manifest.peerDependencies)) expect(manifest.devDependencies).toHaveProperty(name);
});

test("the exports map names only the built entry point, and the build writes it", () => {
  expect(build.compilerOptions).toMatchObject({ rootDir: ".", outDir: "dist", declaration: true });
  expect(manifest.main).toBe("dist/constructs/index.js");
  expect(manifest.types).toBe("dist/constructs/index.d.ts");
  expect(manifest.exports).toEqual({
    ".": { types: "./dist/constructs/index.d.ts", default: "./dist/constructs/index.js" },
    "./package.json": "./package.json",
  });
  // The built library and command, the schema the importer validates with, and the documents the
  // README links to (tested below); no sources, tests or other tools.
  expect(manifest.files).toEqual([
    "dist/constructs/**/*.js",
    "dist/constructs/**/*.d.ts",
    "dist/tools/**/*.js",
    "dist/tools/cli/import/schema/*",
    "docs/**/*.md",
    "examples/*/README.md",
    "CHANGELOG.md",
    "LICENSE",
  ]);
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
  const byPath = fs
    .readdirSync(stacks)
    .filter((f) => f.endsWith(".ts"))
    .filter((f) => /from "\.\.\/constructs/.test(fs.readFileSync(path.join(stacks, f), "utf8")));
  expect(byPath).toEqual([]);
});

describe("what a user of the package reads", () => {
  // The files `npm pack` would ship (no build: the docs do not depend on it).
  const packed = (): Set<string> => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: REPO,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
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
    expect(fs.readFileSync(path.join(REPO, "LICENSE"), "utf8").split("\n")[0]).toBe(
      "Mozilla Public License Version 2.0",
    );
    const changelog = fs.readFileSync(path.join(REPO, "CHANGELOG.md"), "utf8");
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    expect(changelog).toMatch(/^### Breaking changes$/m);
  });
});
