import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..", "..", "..");

/** Runs tsc over the files with the repo's compiler options (node types from the repo). */
export function typecheck(files: string[]): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-tsc-"));
  try {
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        extends: path.join(REPO, "tsconfig.json"),
        compilerOptions: { typeRoots: [path.join(REPO, "node_modules", "@types")], types: ["node"] },
        files,
        include: [],
      }),
    );
    execFileSync(path.join(REPO, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", dir], {
      encoding: "utf8",
      stdio: "pipe",
    });
  } catch (err) {
    throw new Error(`tsc failed:\n${(err as { stdout?: string }).stdout ?? err}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
