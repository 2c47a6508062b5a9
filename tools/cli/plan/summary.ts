// What a Terraform plan changes, per resource, in words: read from `terraform show -json
// <planfile>` (Terraform's documented, versioned JSON plan format), so plan and deploy say
// the same thing and `plan --json` has a shape that does not follow Terraform's text.
export type Action = "create" | "update" | "replace" | "delete" | "read";

export interface ResourceChange {
  /** Terraform address, e.g. docker_container.web_1A2B3C. */
  readonly address: string;
  readonly type: string;
  /** The Docker name (the resource's `name` attribute) where it has one. */
  readonly name?: string;
  readonly action: Action;
  /** Top-level attributes whose value changes (update and replace), sorted; unknown-after-apply ones included. */
  readonly attributes: string[];
  /** For replace: the attributes that force it, as Terraform reports them. */
  readonly replaceBecause: string[];
}

export interface StackPlan {
  readonly stack: string;
  readonly changes: ResourceChange[];
  readonly counts: Record<Exclude<Action, "read">, number>;
}

/** The parts of Terraform's JSON plan read here. */
interface JsonPlan {
  resource_changes?: {
    address: string;
    type: string;
    mode?: string;
    change: {
      actions: string[];
      before?: Record<string, unknown> | null;
      after?: Record<string, unknown> | null;
      after_unknown?: Record<string, unknown>;
      replace_paths?: (string | number)[][];
    };
  }[];
}

function actionOf(actions: string[]): Action | undefined {
  const key = [...actions].sort().join(",");
  if (key === "create") return "create";
  if (key === "delete") return "delete";
  if (key === "update") return "update";
  if (key === "create,delete") return "replace";
  if (key === "read") return "read";
  return undefined; // no-op
}

export function summarizePlan(stack: string, plan: JsonPlan): StackPlan {
  const changes: ResourceChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const action = actionOf(rc.change.actions);
    if (!action || action === "read") continue;
    const before = rc.change.before ?? {};
    const after = rc.change.after ?? {};
    const unknown = rc.change.after_unknown ?? {};
    const attributes =
      action === "update" || action === "replace"
        ? [...new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)])]
            .filter((k) =>
              unknown[k] === true
                ? before[k] !== undefined
                : JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null),
            )
            .sort()
        : [];
    const name = (after.name ?? before.name) as unknown;
    changes.push({
      address: rc.address,
      type: rc.type,
      ...(typeof name === "string" ? { name } : {}),
      action,
      attributes,
      replaceBecause: [...new Set((rc.change.replace_paths ?? []).map((p) => String(p[0])))].sort(),
    });
  }
  const counts = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const c of changes) if (c.action !== "read") counts[c.action]++;
  return { stack, changes, counts };
}

const VERB: Record<Exclude<Action, "read">, string> = {
  create: "+ create ",
  update: "~ update ",
  replace: "± replace",
  delete: "- delete ",
};

/** The plan in words, one line per resource, then a count line. */
export function formatPlan(plan: StackPlan): string {
  if (!plan.changes.length) return `${plan.stack}: no changes: the engine matches the definition\n`;
  const lines = plan.changes.map((c) => {
    const what = `${c.address}${c.name ? ` (${c.name})` : ""}`;
    const detail =
      c.action === "replace" && c.replaceBecause.length
        ? `: ${c.replaceBecause.join(", ")} cannot change in place`
        : c.action === "update" && c.attributes.length
          ? `: ${c.attributes.slice(0, 6).join(", ")}${c.attributes.length > 6 ? ` and ${c.attributes.length - 6} more` : ""}`
          : "";
    return `  ${VERB[c.action as Exclude<Action, "read">]} ${what}${detail}`;
  });
  const { create, update, replace, delete: remove } = plan.counts;
  return `${plan.stack}:\n${lines.join("\n")}\n  ${create} to create, ${update} to update, ${replace} to replace, ${remove} to delete\n`;
}
