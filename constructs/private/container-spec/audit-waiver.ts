import type { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { invalid, recordWaiver } from "../../errors";
import { WAIVER_LABEL_PREFIX } from "../../label-names";
import { checkString } from "../validation/values";

/**
 * The label that records a deliberate exception to a CIS rule, for a container or a
 * service alike; a waiver needs a reason, which the audit prints.
 */
export function waiverLabel(scope: IConstruct, ruleId: unknown, reason: unknown): { key: string; value: string } {
  const rule = checkString(scope, "waived CIS rule", ruleId ?? null, { nonBlank: true }) as string;
  checkString(scope, `waiver reason of CIS ${rule}`, reason);
  if (reason === undefined || (reason as string).trim() === "") {
    throw invalid(
      scope,
      ErrorCode.WAIVER_WITHOUT_REASON,
      `waiver of CIS ${rule} without a reason`,
      "say why the rule does not apply",
    );
  }
  recordWaiver(scope, rule);
  return { key: `${WAIVER_LABEL_PREFIX}${rule}`, value: reason as string };
}
