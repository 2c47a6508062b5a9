// docker-iac destroy: removes what the stacks made, as `cdktf destroy`: the plan first, a question
// on the terminal (or --auto-approve), then the apply of that plan. Volumes declared with
// retainOnDestroy are not Terraform's: they stay, and it says so with the command that removes them.
import * as fs from "fs";
import { wholeNumber } from "../args";
import { CliError, defineCommand } from "../command";
import { confirmApply } from "../deploy/confirm";
import { initIfNeeded } from "../deploy/deploy";
import { DEFAULT_LOCK_TIMEOUT } from "../deploy/state-lock";
import { readReport, synthWithReports } from "../synth-report/report";
import { applySavedPlan } from "./apply";

export const DESTROY = defineCommand({
  name: "destroy",
  summary: "remove what the stacks made (volumes marked retainOnDestroy stay)",
  synopsis: "[stack...] [--auto-approve] [--lock-timeout <s>]",
  description: [
    "Synthesizes the app, plans the destroy of each stack named (the app's only stack when none is),",
    "shows it and asks on the terminal; not on a terminal it refuses without --auto-approve. Stacks go",
    "in the reverse order of their dependencies. Volumes declared with retainOnDestroy stay, with their",
    "data; it names each one and how to remove it.",
  ].join("\n"),
  options: { "auto-approve": { type: "boolean" }, "lock-timeout": { type: "string" } },
  help: {
    "auto-approve": "destroy without showing the plan and asking (as cdktf destroy --auto-approve)",
    "lock-timeout": `seconds to wait for the state lock another deploy holds (default ${DEFAULT_LOCK_TIMEOUT})`,
  },
  positionals: [0, undefined],
  async run({ values, positionals, project }) {
    const lockTimeout = wholeNumber("lock-timeout", values["lock-timeout"], DEFAULT_LOCK_TIMEOUT);
    process.env.CHECKPOINT_DISABLE = "1";
    const p = project();
    await synthWithReports(p);
    const all = p.stacks();
    if (!positionals.length && all.length > 1) {
      throw new CliError(
        `the app has ${all.length} stacks (${all.map((s) => s.name).join(", ")}): name the ones to destroy, e.g. \`docker-iac destroy ${all[0].name}\``,
        2,
      );
    }
    // A stack others depend on goes last.
    const stacks = p.pick(positionals).reverse();
    for (const stack of stacks) {
      const config = JSON.parse(fs.readFileSync(stack.config, "utf8"));
      if (initIfNeeded(stack.dir, config) !== 0) throw new CliError(`${stack.name}: terraform init failed (above)`);
      const planArgs = ["-destroy", `-lock-timeout=${lockTimeout}s`];
      const confirmed = await confirmApply(stack.name, stack.dir, planArgs, {
        autoApprove: values["auto-approve"] ?? false,
        verb: "Destroy",
      });
      if (typeof confirmed === "number") return confirmed;
      const status = await applySavedPlan(stack.dir, confirmed, lockTimeout);
      if (status !== 0) return status;
      const retained = readReport(stack).retainedVolumes;
      for (const volume of retained) {
        process.stdout.write(
          `${stack.name}: kept volume ${volume} and its data (retainOnDestroy); remove it with \`docker volume rm ${volume}\`\n`,
        );
      }
      process.stdout.write(`${stack.name}: destroyed\n`);
    }
    return 0;
  },
});
