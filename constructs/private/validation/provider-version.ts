import { fail, show, type Where } from "./values";
import { ErrorCode } from "../../error-code";

// One constraint of Terraform's version-constraint grammar: an optional operator, then
// a version of one to three numbers without leading zeros and an optional pre-release.
const OPERATOR = "(?:=|!=|>=|<=|>|<|~>)";
const NUMBER = "(?:0|[1-9][0-9]*)";
const PRERELEASE = "(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)";
const ONE_CONSTRAINT = new RegExp(`^\\s*(?:${OPERATOR}\\s*)?${NUMBER}(?:\\.${NUMBER}){0,2}${PRERELEASE}?\\s*$`);

/** Throws unless `constraint` is a Terraform provider version constraint ("3.6.2", "~> 3.6", ">= 3.0, < 4.0"). */
export function checkProviderVersion(where: Where, name: string, constraint: unknown): string | undefined {
  if (constraint === undefined) return undefined;
  const fix = 'give a Terraform version constraint such as "3.6.2", "~> 3.6" or ">= 3.0, < 4.0"';
  if (typeof constraint !== "string")
    throw fail(where, ErrorCode.WRONG_TYPE, `${name} ${show(constraint)} is not a string`, fix);
  if (!constraint.split(",").every((part) => ONE_CONSTRAINT.test(part))) {
    throw fail(
      where,
      ErrorCode.INVALID_PROVIDER_VERSION,
      `${name} ${show(constraint)} is not a Terraform version constraint`,
      fix,
    );
  }
  return constraint.trim();
}
