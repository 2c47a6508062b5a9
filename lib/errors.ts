import { Annotations, Token } from "cdktf";
import { IConstruct } from "constructs";

/**
 * A mistake in the definition, not a bug in the library: DockerApp prints its message
 * (`[path] problem. Fix: ...`) without a stack trace and exits 1.
 */
export class DefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DefinitionError";
  }
}

/**
 * Builds the error every synth-time check throws: it names the construct path,
 * the offending value and the fix, so `cdktf synth` fails before Terraform runs.
 */
export function invalid(scope: IConstruct, problem: string, fix: string): DefinitionError {
  return new DefinitionError(`[${scope.node.path}] ${problem}. Fix: ${fix}`);
}

/** The same for a static factory that has no construct yet (`Healthcheck.fromCommand`). */
export function invalidCall(call: string, problem: string, fix: string): DefinitionError {
  return new DefinitionError(`[${call}] ${problem}. Fix: ${fix}`);
}

/** A warning shown by `cdktf synth` that does not stop it. */
export function warn(scope: IConstruct, problem: string, advice: string): void {
  Annotations.of(scope).addWarning(`${problem}. ${advice}`);
}

/** Checks are skipped for values only Terraform knows (tokens). */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}
