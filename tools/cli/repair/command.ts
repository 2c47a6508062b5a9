import { wholeNumber } from "../args";
import { defineCommand } from "../command";
import { DEFAULT_LOCK_TIMEOUT } from "../deploy/state-lock";

export const REPAIR = defineCommand({
  name: "repair",
  summary: "take over what a killed deploy left on the engine outside the Terraform state",
  synopsis: "<stack>... [--dry-run] [--lock-timeout <s>]",
  description: [
    "After a deploy was killed (power loss, OOM kill, SIGKILL), imports the containers, networks and",
    "volumes it created that the state never recorded, removes one-shot and replaced containers, never",
    "removes a volume, and leaves undeclared objects alone, saying how to remove them. It reads the last",
    "synth: the configuration the killed deploy was applying. `docker-iac deploy` does this by itself.",
  ].join("\n"),
  options: { "dry-run": { type: "boolean" }, "lock-timeout": { type: "string" } },
  help: {
    "dry-run": "only say what it would do",
    "lock-timeout": `seconds terraform import waits for the state lock (default ${DEFAULT_LOCK_TIMEOUT})`,
  },
  positionals: [1, undefined],
  async run({ values, positionals, project }) {
    const lockTimeout = wholeNumber("lock-timeout", values["lock-timeout"], DEFAULT_LOCK_TIMEOUT);
    const { repair } = await import("./repair");
    return repair({ project: project(), stacks: positionals, dryRun: values["dry-run"], lockTimeout });
  },
});
