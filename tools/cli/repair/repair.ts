// npm run repair -- [--dry-run] [--lock-timeout <seconds>] <stack> [<stack>...]: after a deploy was
// killed (power loss, an OOM kill, SIGKILL), takes over the containers, networks and volumes it left
// on the engine that the Terraform state never recorded, so the next `cdktf deploy` does not fail on
// them. `npm run deploy` does the same by itself before it plans (tools/cli/deploy/orphan-repair.ts).
// It reads the last synth (cdktf.out/stacks/<stack>/cdk.tf.json): the configuration the killed
// deploy was applying.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "node:util";
import { RepairConfig, repairOrphans } from "../deploy/orphan-repair";
import { DEFAULT_LOCK_TIMEOUT, seeStateLock, staleLockLine } from "../deploy/state-lock";

const REPO = path.resolve(__dirname, "..", "..", "..");
const TERRAFORM = process.env.TERRAFORM_BINARY_NAME ?? "terraform";
const USAGE = "usage: npm run repair -- [--dry-run] [--lock-timeout <seconds>] <stack> [<stack>...]   " +
  "(takes over the containers, networks and volumes a killed deploy left outside the Terraform state: imports the declared ones, " +
  "removes one-shot and replaced containers, never removes a volume, leaves undeclared objects alone and says how to remove them; " +
  `--dry-run: only say what it would do; --lock-timeout: how long terraform import waits for the state lock, default ${DEFAULT_LOCK_TIMEOUT})`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { "dry-run": { type: "boolean" }, "lock-timeout": { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (err) {
    console.error(`${(err as Error).message.split(". ")[0]}. ${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const lockTimeout = parsed.values["lock-timeout"] ?? String(DEFAULT_LOCK_TIMEOUT);
  if (!parsed.positionals.length || !/^\d+$/.test(lockTimeout)) {
    console.error(USAGE);
    return 2;
  }
  process.env.CHECKPOINT_DISABLE = "1";
  const outdir = path.resolve(REPO, process.env.CDKTF_OUTDIR ?? "cdktf.out");
  for (const stack of parsed.positionals) {
    const dir = path.join(outdir, "stacks", stack);
    const file = path.join(dir, "cdk.tf.json");
    if (!fs.existsSync(file)) {
      console.error(`[repair] ${stack}: no synthesized stack at ${file}. Fix: \`npx cdktf synth\` (or check the stack name in stacks/app.ts), then repair again`);
      return 2;
    }
    const config = JSON.parse(fs.readFileSync(file, "utf8")) as RepairConfig;
    const local = config.terraform?.backend?.local;
    const seen = local ? seeStateLock(path.resolve(dir, local.path ?? "terraform.tfstate")) : undefined;
    if (seen && seen.holders?.length === 0) console.log(staleLockLine(stack, path.resolve(dir, local?.path ?? "terraform.tfstate"), seen.info).replace(/^\[deploy\]/, "[repair]"));
    // terraform import needs the provider; a stack cdktf deploy has applied is initialized already.
    if (!fs.existsSync(path.join(dir, ".terraform"))) {
      const init = spawnSync(TERRAFORM, ["init", "-input=false", "-no-color"], { cwd: dir, encoding: "utf8" });
      if (init.status !== 0) {
        process.stderr.write(`${init.stdout}${init.stderr}`);
        return init.status ?? 1;
      }
    }
    const result = await repairOrphans({ command: "repair", stack, dir, config, lockTimeout: Number(lockTimeout), dryRun: parsed.values["dry-run"] });
    if (result.status !== 0) return result.status;
    if (!result.actions.length) console.log(`[repair] ${stack}: every container, network and volume with the stack's label is in the Terraform state: nothing to repair`);
    else if (result.changed) console.log(`[repair] ${stack}: done; deploy again (\`npx cdktf deploy ${stack}\` or \`npm run deploy -- ${stack}\`)`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[repair] ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
