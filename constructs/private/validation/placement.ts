import type { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { invalid, isUnresolved } from "../../errors";

// Docker's constraint grammar (swarmkit manager/constraint): key, == or !=, value; the key
// and value patterns are swarmkit's, the keys those its scheduler matches (any case).
const CONSTRAINT_KEY = /^[a-z_][a-z0-9\-_.]+$/i;
const CONSTRAINT_VALUE = /^[a-z0-9:\-_\s.*()?+[\]\\^$|/]+$/i;
const CONSTRAINT_KEYS =
  /^(node\.(id|hostname|role|platform\.os|platform\.arch|labels\.[^=!\s]+)|engine\.labels\.[^=!\s]+)$/i;
const PREFERENCE = /^spread=(node\.labels\.[^=\s]+|engine\.labels\.[^=\s]+)$/;

/** A placement constraint as swarmkit parses it (constraint.Parse) and its scheduler can match. */
export function checkConstraint(scope: IConstruct, constraint: string): void {
  if (isUnresolved(constraint)) return;
  const grammar =
    "write <node.id|node.hostname|node.role|node.platform.os|node.platform.arch|node.labels.<key>|engine.labels.<key>> ==|!= <value>, e.g. node.role == manager";
  const op = constraint.includes("==") ? "==" : constraint.includes("!=") ? "!=" : undefined;
  if (op === undefined)
    throw invalid(scope, ErrorCode.INVALID_PLACEMENT, `invalid placement constraint '${constraint}'`, grammar);
  const at = constraint.indexOf(op);
  const key = constraint.slice(0, at).trim();
  const value = constraint.slice(at + 2).trim();
  if (!CONSTRAINT_KEY.test(key) || !CONSTRAINT_KEYS.test(key) || value === "") {
    throw invalid(scope, ErrorCode.INVALID_PLACEMENT, `invalid placement constraint '${constraint}'`, grammar);
  }
  if (!CONSTRAINT_VALUE.test(value)) {
    throw invalid(
      scope,
      ErrorCode.INVALID_PLACEMENT,
      `placement constraint '${constraint}' has the value '${value}', which Swarm refuses`,
      "use letters, digits, spaces and : - _ . * ( ) ? + [ ] \\ ^ $ | / in the value (one constraint per list entry, no commas)",
    );
  }
  if (key.toLowerCase() === "node.role" && !["manager", "worker"].includes(value.toLowerCase())) {
    throw invalid(
      scope,
      ErrorCode.INVALID_PLACEMENT,
      `placement constraint '${constraint}' compares node.role with '${value}', which no node has`,
      "compare node.role with manager or worker",
    );
  }
}

/** A placement preference Swarm takes: spread over a node or engine label. */
export function checkPreference(scope: IConstruct, preference: string): void {
  if (!isUnresolved(preference) && !PREFERENCE.test(preference)) {
    throw invalid(
      scope,
      ErrorCode.INVALID_PLACEMENT,
      `invalid placement preference '${preference}'`,
      "write spread=node.labels.<key>, e.g. spread=node.labels.zone",
    );
  }
}
