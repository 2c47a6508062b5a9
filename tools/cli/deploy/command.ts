import { wholeNumber } from "../args";
import { defineCommand } from "../command";
import { DEFAULT_LOCK_TIMEOUT } from "./state-lock";

export const DEPLOY = defineCommand({
  name: "deploy",
  summary: "synthesize, show what changes, and apply it (fast when nothing drifted)",
  synopsis: "[stack...] [--auto-approve] [--full] [--lock-timeout <s>] [--rollout-timeout <s>] [--app <command>]",
  description: [
    "Synthesizes the app and, alongside, reads each stack's Terraform state and the engine. When nothing",
    "drifted it applies without Terraform's slow refresh; anything drifted or in doubt takes the full",
    "refresh + apply. It says which path it took and why. Containers a killed deploy left behind are",
    "taken over first. Without --auto-approve it shows the plan, per resource, and asks on the terminal;",
    "not on a terminal it refuses (exit 1) and says to review the plan and pass --auto-approve.",
    "With no stack named, the app's only stack; an app with several needs their names.",
  ].join("\n"),
  options: {
    "auto-approve": { type: "boolean" },
    full: { type: "boolean" },
    "lock-timeout": { type: "string" },
    "rollout-timeout": { type: "string" },
    app: { type: "string" },
  },
  help: {
    "auto-approve": "apply without showing the plan and asking (as cdktf deploy --auto-approve)",
    full: "always refresh the state from the engine first (the full path)",
    "lock-timeout": `seconds to wait for the state lock another deploy holds (default ${DEFAULT_LOCK_TIMEOUT})`,
    "rollout-timeout":
      "seconds to wait for each Swarm service to roll out (default: from its update policy; 0: do not wait)",
    app: 'the command that runs the app, instead of cdktf.json\'s "app"',
  },
  positionals: [0, undefined],
  async run({ values, positionals, project }) {
    const lockTimeout = wholeNumber("lock-timeout", values["lock-timeout"], DEFAULT_LOCK_TIMEOUT);
    const rolloutTimeout =
      values["rollout-timeout"] === undefined
        ? undefined
        : wholeNumber("rollout-timeout", values["rollout-timeout"], 0);
    const p = project();
    if (values.app !== undefined) p.app = values.app;
    const { deploy } = await import("./deploy");
    return deploy({
      project: p,
      stacks: positionals,
      full: values.full,
      lockTimeout,
      rolloutTimeout,
      autoApprove: values["auto-approve"],
    });
  },
});
