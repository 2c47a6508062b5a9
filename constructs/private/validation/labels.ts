import { fail, show, Where, checkStringMap } from "./values";
import { ErrorCode } from "../../error-code";

/** The label that names a stack; nothing a user writes may replace it (clean-up and audits rely on it). */
export const RESERVED_STACK_LABEL = "io.docker-iac.stack";
/** Waiver labels record why a CIS rule does not apply: a blank reason waives nothing. */
export const WAIVER_PREFIX = "io.docker-iac.cis-waiver.";

/** Labels as Docker takes them: an object of strings, non-empty keys, the stack label left alone. */
export function checkLabels(where: Where, name: string, value: unknown): Record<string, string> | undefined {
  const labels = checkStringMap(where, name, value);
  if (labels === undefined) return undefined;
  for (const [key, text] of Object.entries(labels)) {
    if (key.trim() === "") throw fail(where, ErrorCode.BLANK_VALUE, `${name} has an empty key`, "give every label a key, e.g. org.opencontainers.image.title");
    if (key === RESERVED_STACK_LABEL) {
      throw fail(where, ErrorCode.RESERVED_LABEL, `${name} sets ${RESERVED_STACK_LABEL} to ${show(text)}, which the stack owns`, "remove it: set the stack's namePrefix to change its value");
    }
    if (key.startsWith(WAIVER_PREFIX) && text.trim() === "") {
      throw fail(where, ErrorCode.WAIVER_WITHOUT_REASON, `${name} waives CIS ${key.slice(WAIVER_PREFIX.length)} without a reason`, "use waiveAuditRule(rule, reason) with a reason the audit can print");
    }
  }
  return labels;
}
