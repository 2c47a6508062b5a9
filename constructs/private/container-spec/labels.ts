import type { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { invalid } from "../../errors";
import { checkLabels } from "../validation/labels";
import { checkString } from "../validation/values";

/** One label added to a container or a service (`addLabel`): a string key and a string value, as the labels prop takes them. */
export function checkLabelEntry(scope: IConstruct, key: unknown, value: unknown): void {
  checkString(scope, "label key", key ?? null);
  if (value === undefined)
    throw invalid(
      scope,
      ErrorCode.MISSING_VALUE,
      `label ${String(key)} has no value (undefined)`,
      'give a string value, e.g. "" for a label without one',
    );
  checkLabels(scope, "label", { [key as string]: value });
}
