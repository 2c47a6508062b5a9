// docs/api is generated from the JSDoc by TypeDoc (`npm run docs`); this fails when it is stale.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..");
const COMMITTED = path.join(REPO, "docs", "api");

/** Every file under `dir`, relative path to content. */
function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full)] = fs.readFileSync(full, "utf8");
  }
  return files;
}

test("docs/api matches the JSDoc in constructs/ (regenerate with `npm run docs`)", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-api-"));
  try {
    const typedoc = path.join(REPO, "node_modules", ".bin", "typedoc");
    execFileSync(typedoc, ["--options", "typedoc.json", "--out", out, "--logLevel", "Error"], {
      cwd: REPO,
      encoding: "utf8",
    });
    const fresh = readTree(out);
    expect(Object.keys(fresh).length).toBeGreaterThan(0);
    const committed = fs.existsSync(COMMITTED) ? readTree(COMMITTED) : {};
    expect(Object.keys(committed).sort()).toEqual(Object.keys(fresh).sort());
    for (const [file, content] of Object.entries(fresh)) {
      // toBe shows the differing lines; the test name says how to fix it.
      expect(`${file}:\n${committed[file]}`).toBe(`${file}:\n${content}`);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 180_000);
