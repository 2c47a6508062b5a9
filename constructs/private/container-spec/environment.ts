import type { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { invalid } from "../../errors";
import { literal } from "../terraform-literal";
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
  if (value === undefined)
    throw invalid(
      scope,
      ErrorCode.MISSING_VALUE,
      `environment variable ${String(name)} has no value (undefined)`,
      "give a string value, or leave the variable out",
    );
  checkString(scope, `environment variable ${String(name)}`, value);
  if (!ENV_NAME.test(name as string)) {
    throw invalid(
      scope,
      ErrorCode.INVALID_ENV_NAME,
      `invalid environment variable name '${String(name)}'`,
      "use a non-empty name without '=' or whitespace, e.g. APP_PORT",
    );
  }
}

/** The environment of a container or a service's tasks: checked as it is added, rendered lazily for either resource. */
export class Environment {
  private readonly values = new Map<string, string>();

  constructor(private readonly scope: IConstruct) {}

  public set(name: string, value: string): void {
    checkEnvironmentEntry(this.scope, name, value);
    this.values.set(name, value);
  }

  /** A copy, as a plain object. */
  public toObject(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  /** docker_container's `env`: `NAME=value` entries, sorted as the provider reads them back. */
  public forContainer(): string[] {
    return [...this.values.keys()].sort().map((k) => literal(`${k}=${this.values.get(k)}`));
  }

  /** A task spec's `env` map, or undefined when empty (the provider reads no map back as none). */
  public forService(): Record<string, string> | undefined {
    return this.values.size
      ? Object.fromEntries([...this.values].map(([k, v]) => [literal(k), literal(v)]))
      : undefined;
  }
}
