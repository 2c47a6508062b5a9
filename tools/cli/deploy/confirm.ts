// Deploy without --auto-approve, as `cdktf deploy` and `terraform apply` do it: the plan first,
// in words (tools/cli/plan/summary.ts), then a question on the terminal; the apply takes the
// saved plan, so it applies exactly what was shown. Not on a terminal, it does not guess.
import * as readline from "readline/promises";
import { CliError } from "../command";
import { planStack } from "../plan/terraform-plan";
import { formatPlan } from "../plan/summary";

/** The saved plan's file to apply; or an exit code: 0 when there is nothing to apply or the user said no. */
export async function confirmApply(
  stack: string,
  dir: string,
  planArgs: string[],
  options: { autoApprove?: boolean; verb?: "Apply" | "Destroy" } = {},
): Promise<string | number> {
  const verb = options.verb ?? "Apply";
  const command = verb === "Apply" ? "deploy" : "destroy";
  const { plan, file } = await planStack(stack, dir, planArgs).catch((err: Error) => {
    throw new CliError(
      `${stack}: terraform plan failed: ${
        err.message
          .split("\n")
          .find((l) => /Error:/.test(l))
          ?.replace(/^.*Error:\s*/, "") ?? err.message.split("\n")[0]
      }. Fix: run \`terraform plan\` in ${dir} to see it in full`,
    );
  });
  process.stdout.write(formatPlan(plan));
  // An empty plan still updates the state with what the refresh read: applied without asking.
  if (!plan.changes.length || options.autoApprove) return file;
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new CliError(
      `${stack}: ${plan.changes.length} change(s) to apply, and no terminal to ask on. Fix: review them (above), then run \`docker-iac ${command} --auto-approve ${stack}\``,
    );
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (await rl.question(`${verb} these changes to ${stack}? Only 'yes' goes on: `)).trim();
    if (answer === "yes") return file;
    process.stdout.write(`${stack}: nothing changed\n`);
    return 0;
  } finally {
    rl.close();
  }
}
