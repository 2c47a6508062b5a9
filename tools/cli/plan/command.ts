// docker-iac plan: what a deploy would change, per resource, in words (or --json), from
// Terraform's own plan with its refresh, so it is what `terraform apply` would do now.
import * as fs from "fs";
import { wholeNumber } from "../args";
import { CliError, defineCommand, EXIT } from "../command";
import { initIfNeeded } from "../deploy/deploy";
import { DEFAULT_LOCK_TIMEOUT } from "../deploy/state-lock";
import { synthWithReports } from "../synth-report/report";
import { formatPlan, type StackPlan } from "./summary";
import { planStack } from "./terraform-plan";

export const PLAN = defineCommand({
  name: "plan",
  summary: "show what a deploy would change, per resource, in words or --json",
  synopsis: "[stack...] [--json] [--detailed-exitcode] [--lock-timeout <s>]",
  description: [
    "Synthesizes the app and runs Terraform's plan (with its refresh from the engine) for the stacks",
    "named, all when none are: one line per resource to create, update, replace or delete, with the",
    "attributes that change. The app's warnings go to stderr.",
  ].join("\n"),
  options: { json: { type: "boolean" }, "detailed-exitcode": { type: "boolean" }, "lock-timeout": { type: "string" } },
  help: {
    json: "print [{ stack, counts: { create, update, replace, delete }, changes: [{ address, type, name?, action, attributes, replaceBecause }] }]",
    "detailed-exitcode":
      "exit 3 when some stack has changes, 0 when none has (as terraform plan -detailed-exitcode, which uses 2)",
    "lock-timeout": `seconds to wait for the state lock another deploy holds (default ${DEFAULT_LOCK_TIMEOUT})`,
  },
  positionals: [0, undefined],
  async run({ values, positionals, project }) {
    const lockTimeout = wholeNumber("lock-timeout", values["lock-timeout"], DEFAULT_LOCK_TIMEOUT);
    process.env.CHECKPOINT_DISABLE = "1";
    const p = project();
    await synthWithReports(p);
    const plans: StackPlan[] = [];
    for (const stack of p.pick(positionals)) {
      const config = JSON.parse(fs.readFileSync(stack.config, "utf8"));
      if (initIfNeeded(stack.dir, config) !== 0) throw new CliError(`${stack.name}: terraform init failed (above)`);
      const { plan } = await planStack(stack.name, stack.dir, [`-lock-timeout=${lockTimeout}s`]).catch((err: Error) => {
        throw new CliError(
          `${stack.name}: terraform plan failed: ${err.message
            .split("\n")
            .filter((l) => l.trim())
            .slice(0, 3)
            .join(" ")
            .replace(/\s+/g, " ")}`,
        );
      });
      plans.push(plan);
      if (!values.json) process.stdout.write(formatPlan(plan));
    }
    if (values.json) process.stdout.write(`${JSON.stringify(plans, null, 2)}\n`);
    return values["detailed-exitcode"] && plans.some((pl) => pl.changes.length) ? EXIT.changes : EXIT.ok;
  },
});
