import { Annotations, Token } from "cdktf";
import { IConstruct } from "constructs";

/**
 * Builds the error every synth-time check throws: it names the construct path,
 * the offending value and the fix, so `cdktf synth` fails before Terraform runs.
 */
export function invalid(scope: IConstruct, problem: string, fix: string): Error {
  return new Error(`[${scope.node.path}] ${problem}. Fix: ${fix}`);
}

/** A warning shown by `cdktf synth` that does not stop it. */
export function warn(scope: IConstruct, problem: string, advice: string): void {
  Annotations.of(scope).addWarning(`${problem}. ${advice}`);
}

/** Checks are skipped for values only Terraform knows (tokens). */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}
