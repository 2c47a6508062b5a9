// `terraform plan -out` in a stack folder, then `terraform show -json` of the saved plan: the
// plan summary (summary.ts) and the file `terraform apply` takes, so what was shown is what is applied.
import { spawn, spawnSync } from "child_process";
import * as path from "path";
import { type StackPlan, summarizePlan } from "./summary";

const TERRAFORM = process.env.TERRAFORM_BINARY_NAME ?? "terraform";

export interface SavedPlan {
  readonly plan: StackPlan;
  /** The saved plan, in the stack's .terraform folder (Terraform's own, never committed). */
  readonly file: string;
}

/** Plans one stack (initialized already); rejects with Terraform's errors (stderr) on failure. */
export function planStack(stack: string, dir: string, extraArgs: string[]): Promise<SavedPlan> {
  const file = path.join(dir, ".terraform", "docker-iac.tfplan");
  return new Promise((resolve, reject) => {
    const child = spawn(TERRAFORM, ["plan", `-out=${file}`, "-input=false", "-no-color", ...extraArgs], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", (err) => reject(new Error(`could not run ${TERRAFORM}: ${err.message}`)));
    child.on("close", (code) => {
      if (code !== 0)
        return reject(Object.assign(new Error(stderr.trim() || stdout.trim()), { output: `${stdout}${stderr}` }));
      const show = spawnSync(TERRAFORM, ["show", "-json", file], {
        cwd: dir,
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
      });
      if (show.status !== 0)
        return reject(new Error(show.stderr.trim() || `terraform show -json exited ${show.status}`));
      resolve({ plan: summarizePlan(stack, JSON.parse(show.stdout)), file });
    });
  });
}
