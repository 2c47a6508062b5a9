// docker-iac repair [--dry-run] [--lock-timeout <seconds>] <stack>...: after a deploy was
// killed (power loss, an OOM kill, SIGKILL), takes over the containers, networks and volumes it left
// on the engine that the Terraform state never recorded, so the next `cdktf deploy` does not fail on
// them. `docker-iac deploy` does the same by itself before it plans (tools/cli/deploy/orphan-repair.ts).
// It reads the last synth (<output folder>/stacks/<stack>/cdk.tf.json): the configuration the killed
// deploy was applying.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { type RepairConfig, repairOrphans } from "../deploy/orphan-repair";
import { seeStateLock, staleLockLine } from "../deploy/state-lock";
import type { Project } from "../project";

const TERRAFORM = process.env.TERRAFORM_BINARY_NAME ?? "terraform";

export interface RepairOptions {
  readonly project: Project;
  readonly stacks: string[];
  readonly dryRun?: boolean;
  readonly lockTimeout: number;
}

export async function repair(options: RepairOptions): Promise<number> {
  process.env.CHECKPOINT_DISABLE = "1";
  for (const stack of options.stacks) {
    const dir = path.join(options.project.outdir, "stacks", stack);
    const file = path.join(dir, "cdk.tf.json");
    if (!fs.existsSync(file)) {
      console.error(
        `[repair] ${stack}: no synthesized stack at ${file}. Fix: \`npx cdktf synth\` (or check the stack's name), then repair again`,
      );
      return 2;
    }
    const config = JSON.parse(fs.readFileSync(file, "utf8")) as RepairConfig;
    const local = config.terraform?.backend?.local;
    const seen = local ? seeStateLock(path.resolve(dir, local.path ?? "terraform.tfstate")) : undefined;
    if (seen && seen.holders?.length === 0)
      console.log(
        staleLockLine(stack, path.resolve(dir, local?.path ?? "terraform.tfstate"), seen.info).replace(
          /^\[deploy\]/,
          "[repair]",
        ),
      );
    // terraform import needs the provider; a stack cdktf deploy has applied is initialized already.
    if (!fs.existsSync(path.join(dir, ".terraform"))) {
      const init = spawnSync(TERRAFORM, ["init", "-input=false", "-no-color"], { cwd: dir, encoding: "utf8" });
      if (init.status !== 0) {
        process.stderr.write(`${init.stdout}${init.stderr}`);
        return init.status ?? 1;
      }
    }
    const result = await repairOrphans({
      command: "repair",
      stack,
      dir,
      config,
      lockTimeout: options.lockTimeout,
      dryRun: options.dryRun,
    });
    if (result.status !== 0) return result.status;
    if (!result.actions.length)
      console.log(
        `[repair] ${stack}: every container, network and volume with the stack's label is in the Terraform state: nothing to repair`,
      );
    else if (result.changed)
      console.log(
        `[repair] ${stack}: done; deploy again (\`docker-iac deploy ${stack}\` or \`npx cdktf deploy ${stack}\`)`,
      );
  }
  return 0;
}
