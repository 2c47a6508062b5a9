import { execFileSync } from "child_process";
import * as path from "path";

// The lint rule that keeps the library free of import cycles (a module that imports, through
// others, a module that imports it back) must fail on one. ESLint runs as `npm run lint` does,
// in a child process, on a two-file cycle kept for this (the repo's own lint run ignores it).
const ROOT = path.join(__dirname, "..", "..");
const ESLINT = path.join(path.dirname(require.resolve("eslint/package.json")), "bin", "eslint.js");

interface LintResult {
  readonly filePath: string;
  readonly messages: { readonly ruleId: string | null; readonly severity: number; readonly message: string }[];
}

/** Lints `files` (relative to the repo), ignore patterns off; ESLint exits 1 when it finds errors. */
function lint(files: string[]): LintResult[] {
  try {
    return JSON.parse(
      execFileSync(process.execPath, [ESLINT, "--no-ignore", "--format", "json", ...files], {
        cwd: ROOT,
        encoding: "utf8",
      }),
    );
  } catch (err) {
    const stdout = (err as { stdout?: string }).stdout;
    if (!stdout) throw err;
    return JSON.parse(stdout);
  }
}

test("lint fails on an import cycle, in each file of it", () => {
  const files = ["test/fixtures/import-cycle/first.ts", "test/fixtures/import-cycle/second.ts"];
  const results = lint(files);
  expect(results.map((r) => path.relative(ROOT, r.filePath))).toEqual(files);
  for (const result of results) {
    expect(result.messages).toContainEqual(expect.objectContaining({ ruleId: "import-x/no-cycle", severity: 2 }));
  }
}, 60_000); // a child ESLint loads typescript-eslint: seconds on a busy machine

test("the rule is an error for the library", () => {
  const config = JSON.parse(
    execFileSync(process.execPath, [ESLINT, "--print-config", "constructs/docker-stack.ts"], {
      cwd: ROOT,
      encoding: "utf8",
    }),
  );
  expect(config.rules["import-x/no-cycle"]).toEqual([2]);
}, 60_000);
