import { fail, show, type Where, checkStringMap } from "./values";
import { ErrorCode } from "../../error-code";
import { STACK_LABEL, WAIVER_LABEL_PREFIX } from "../../label-names";

/** Labels as Docker takes them: an object of strings, non-empty keys, the stack label left alone. */
export function checkLabels(where: Where, name: string, value: unknown): Record<string, string> | undefined {
  const labels = checkStringMap(where, name, value);
  if (labels === undefined) return undefined;
  for (const [key, text] of Object.entries(labels)) {
    if (key.trim() === "")
      throw fail(
        where,
        ErrorCode.BLANK_VALUE,
        `${name} has an empty key`,
        "give every label a key, e.g. org.opencontainers.image.title",
      );
    if (key === STACK_LABEL) {
      throw fail(
        where,
        ErrorCode.RESERVED_LABEL,
        `${name} sets ${STACK_LABEL} to ${show(text)}, which the stack owns`,
        "remove it: set the stack's namePrefix to change its value",
      );
    }
    if (key.startsWith(WAIVER_LABEL_PREFIX) && text.trim() === "") {
      throw fail(
        where,
        ErrorCode.WAIVER_WITHOUT_REASON,
        `${name} waives CIS ${key.slice(WAIVER_LABEL_PREFIX.length)} without a reason`,
        "use waiveAuditRule(rule, reason) with a reason the audit can print",
      );
    }
  }
  return labels;
}
