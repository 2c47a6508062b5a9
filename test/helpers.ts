import { Testing } from "cdktf";
import { type DefinitionError, DockerApp, DockerStack, type ErrorCode, type SynthProblemsError } from "../constructs";
import { codeOfProblem } from "../constructs/errors";
import { definitionMessage } from "../constructs/private/problem-report";

/** Where GeneratedSecret writes during unit tests: fixed, so snapshots do not depend on the machine. */
export const TEST_SECRETS_DIR = "/tmp/secrets-for-unit-tests";

/** A DockerApp with cdktf's test settings (stub version, temp outdir). */
export function testApp(context: Record<string, unknown> = {}): DockerApp {
  const base = Testing.app({ context: { secretsDir: TEST_SECRETS_DIR, ...context } });
  return new DockerApp({
    context: base.node.getAllContext(),
    outdir: base.outdir,
    stackTraces: false,
    reportErrors: false,
  });
}

/** A fresh DockerStack in its own app. */
export function testStack(id = "test", context: Record<string, unknown> = {}): DockerStack {
  return new DockerStack(testApp(context), id);
}

/** Synthesized JSON of a stack, parsed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function synthJson(stack: DockerStack): any {
  return JSON.parse(Testing.synth(stack));
}

/** The single resource of a type, for targeted assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function onlyResource(stack: DockerStack, type: string): any {
  const resources = Object.values(synthJson(stack).resource?.[type] ?? {});
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return resources[0];
}

/**
 * The codes of a failed synth, in order: a DefinitionError's code, a SynthProblemsError's
 * codes, or the codes in the reworded message of an error the constructs library raised.
 * Empty for anything that is not a definition mistake (a bug).
 */
export function codesOf(error: unknown): ErrorCode[] {
  if (!(error instanceof Error)) return [];
  // By name, as DockerApp matches them: a fixture may load its own copy of the library.
  if (error.name === "DefinitionError") return [(error as DefinitionError).code];
  if (error.name === "SynthProblemsError") return [...(error as SynthProblemsError).codes];
  const message = definitionMessage(error);
  if (message === undefined) return [];
  return message
    .split("\n")
    .slice(1)
    .flatMap((line) => codeOfProblem(line.trim()) ?? []);
}

/**
 * Runs `define` and expects it to throw a definition error with `code`; `message`, when
 * given, must also occur in the message (for the value or fix that matters). Returns the error.
 */
export function expectDefinitionError(define: () => unknown, code: ErrorCode, message?: string | RegExp): Error {
  let error: unknown;
  try {
    define();
  } catch (err) {
    error = err;
  }
  if (!(error instanceof Error))
    throw new Error(`expected a definition error with code ${code}, but nothing was thrown`);
  expect(codesOf(error)).toContain(code);
  if (typeof message === "string") expect(error.message).toContain(message);
  else if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}

/**
 * The synth output a Markdown file quotes: the body of a ```text block whose first line is
 * `$ npm run synth`, without the block's indentation (it may sit in a list item).
 */
export function quotedSynthOutput(markdown: string): string | undefined {
  const block = /^( *)```text\n\1\$ npm run synth\n([\s\S]*?)^\1```/m.exec(markdown);
  if (!block) return undefined;
  const indent = block[1];
  return block[2]
    .split("\n")
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
    .join("\n");
}
