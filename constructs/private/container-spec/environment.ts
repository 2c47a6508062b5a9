import { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { invalid } from "../../errors";
import { checkString } from "../validation/values";

// Docker's rule for an env entry `NAME=value`: a name with no '=', whitespace or NUL.
const ENV_NAME = /^[^=\s\0]+$/;

/**
 * Checks one environment variable of a container or a service's task, the same way for
 * both: a string name Docker can split from its value, and a string value (undefined is a
 * missing value, not the default: the caller asked for this variable).
 */
export function checkEnvironmentEntry(scope: IConstruct, name: unknown, value: unknown): void {
  checkString(scope, "environment variable name", name ?? null);
  if (value === undefined) throw invalid(scope, ErrorCode.MISSING_VALUE, `environment variable ${String(name)} has no value (undefined)`, "give a string value, or leave the variable out");
  checkString(scope, `environment variable ${String(name)}`, value);
  if (!ENV_NAME.test(name as string)) {
    throw invalid(scope, ErrorCode.INVALID_ENV_NAME, `invalid environment variable name '${String(name)}'`, "use a non-empty name without '=' or whitespace, e.g. APP_PORT");
  }
}
