import { Annotations, Aspects, Token } from "cdktf";
import type { IConstruct } from "constructs";
import { ErrorCode } from "./error-code";

/**
 * A mistake in the definition, not a bug in the library: DockerApp prints its message
 * (`[path] problem. Fix: ... (Code)`) without a stack trace and exits 1. Match on `code`,
 * which is stable; the wording of the message may improve.
 */
export class DefinitionError extends Error {
  constructor(
    /** Which rule the definition breaks. */
    public readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DefinitionError";
    definitionErrorMade?.();
  }
}

let definitionErrorMade: (() => void) | undefined;

/**
 * Runs `hook` whenever a DefinitionError is made: the error path uses it to catch mistakes
 * made before any DockerApp exists (a factory such as Healthcheck.fromShell at module level).
 * @internal
 */
export function onDefinitionError(hook: () => void): void {
  definitionErrorMade = hook;
}

/** One problem line as DockerApp prints it: `[where] problem. Fix: fix (Code)`. */
export function problemLine(where: string, code: ErrorCode, problem: string, fix: string): string {
  return withCode(`[${where}] ${problem}. Fix: ${fix}`, code);
}

/** Appends the code to a problem text that is already worded (`... (HostPortClash)`). */
export function withCode(text: string, code: ErrorCode): string {
  return `${text} (${code})`;
}

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** The code at the end of a problem's first line, or undefined when it has none. */
export function codeOfProblem(line: string): ErrorCode | undefined {
  const code = / \((\w+)\):?$/.exec(line.split("\n")[0])?.[1];
  return code !== undefined && CODES.has(code) ? (code as ErrorCode) : undefined;
}

/**
 * Builds the error every synth-time check throws: it names the construct path,
 * the offending value and the fix, so `cdktf synth` fails before Terraform runs.
 */
export function invalid(scope: IConstruct, code: ErrorCode, problem: string, fix: string): DefinitionError {
  return new DefinitionError(code, problemLine(scope.node.path, code, problem, fix));
}

/** The same for a static factory that has no construct yet (`Healthcheck.fromCommand`). */
export function invalidCall(call: string, code: ErrorCode, problem: string, fix: string): DefinitionError {
  return new DefinitionError(code, problemLine(call, code, problem, fix));
}

/** A warning shown by `cdktf synth` that does not stop it. */
export function warn(scope: IConstruct, problem: string, advice: string): void {
  Annotations.of(scope).addWarning(`${problem}. ${advice}`);
}

const WAIVER_METADATA = "docker-iac/cis-waiver";

/** Records on `scope` that CIS `rule` is waived there (the audit reads the label; warnings read this). */
export function recordWaiver(scope: IConstruct, rule: string): void {
  scope.node.addMetadata(WAIVER_METADATA, rule);
}

/**
 * A warning about what CIS `rule` checks, decided when the app is synthesized (cdktf runs
 * aspects first), so a waiver of that rule given later in the program (`waiveAuditRule`)
 * silences it: a deliberate, explained exception is not warned about on every synth.
 */
export function warnUnlessWaived(scope: IConstruct, rule: string, problem: string, advice: string): void {
  let decided = false;
  Aspects.of(scope).add({
    visit(node: IConstruct): void {
      if (node !== scope || decided) return;
      decided = true;
      if (!scope.node.metadata.some((m) => m.type === WAIVER_METADATA && m.data === rule)) warn(scope, problem, advice);
    },
  });
}

/** Checks are skipped for values only Terraform knows (tokens). */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}
