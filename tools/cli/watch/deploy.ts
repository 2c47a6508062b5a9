// The one place watch deploys: `docker-iac deploy --auto-approve` (the everyday deploy) as a child
// process on the project's own app and output folder, so its output can go to stderr and watch's
// stdout stays its own (--json). Its synth writes the synth reports too, so watch learns new build
// contexts after each deploy.
import { spawn } from "child_process";
import * as path from "path";
import type { Project } from "../project";
import { reportEnvironment } from "../synth-report/report";

const ENTRY = path.join(__dirname, "..", `main${path.extname(__filename)}`);
const REGISTER = path.join(__dirname, "..", "..", "dev", "register-ts.js");

/** A word for sh, quoted. */
const sh = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** Deploys one stack; resolves with the exit code. Its output goes to stderr (progress). */
export function deployStack(project: Project, stack: string): Promise<number> {
  const app = `cd ${sh(project.root)} && NODE_OPTIONS=${sh(reportEnvironment().NODE_OPTIONS ?? "")} ${project.app}`;
  const node =
    path.extname(__filename) === ".ts" ? [process.execPath, "-r", REGISTER, ENTRY] : [process.execPath, ENTRY];
  return new Promise((resolve) => {
    const child = spawn(node[0], [...node.slice(1), "deploy", "--auto-approve", "--app", app, stack], {
      cwd: project.root,
      // Ctrl-C reaches the deploy too (same process group); it lets Terraform stop cleanly.
      stdio: ["ignore", process.stderr, process.stderr],
      env: { ...process.env, CDKTF_OUTDIR: project.outdir },
    });
    child.on("error", () => resolve(127));
    child.on("exit", (code, signal) => resolve(code ?? (signal === "SIGINT" ? 130 : 1)));
  });
}
