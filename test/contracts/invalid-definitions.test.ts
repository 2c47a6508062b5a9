import * as fs from "fs";
import * as path from "path";
import { DockerApp, ErrorCode } from "../../constructs";
import { definitionMessage } from "../../constructs/private/problem-report";
import { codesOf, testApp } from "../helpers";

/**
 * The corpus of broken definitions: test/fixtures/invalid/<name>.ts, one rule each. Every one
 * must fail the synth with its code (stable) and expected message (the value and fix that
 * matter; the rest of the wording may change) and leave no stack folder behind.
 */
interface BrokenDefinition {
  /** The rule it breaks: the one code the synth must fail with. */
  readonly code: ErrorCode;
  /** The message (or the important part of it) the synth must fail with. */
  readonly expected: RegExp | string;
  /** Adds the broken stack(s) to the app. */
  define(app: DockerApp): void;
  /** cdktf context the app needs, e.g. `{ strictAudit: true }`. */
  readonly context?: Record<string, unknown>;
}

const CORPUS = path.join(__dirname, "..", "fixtures", "invalid");
const NAMES = fs.readdirSync(CORPUS).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3)).sort();

/** Every file below `dir`, relative; empty when it does not exist. */
function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()).map((e) => path.join(e.parentPath, e.name));
}

test("the corpus covers at least 55 rules", () => {
  expect(NAMES.length).toBeGreaterThanOrEqual(55);
});

describe("invalid definitions", () => {
  test.each(NAMES)("fails: %s", async (name) => {
    const fixture: BrokenDefinition = await import(path.join(CORPUS, name));
    expect(typeof fixture.define).toBe("function");
    const app = testApp(fixture.context);

    // Output of an earlier good synth of the same program: it must not survive the failure.
    fs.mkdirSync(path.join(app.outdir, "stacks", "stale"), { recursive: true });
    fs.writeFileSync(path.join(app.outdir, "stacks", "stale", "cdk.tf.json"), "{}");
    fs.writeFileSync(path.join(app.outdir, "manifest.json"), JSON.stringify({ stacks: { stale: {} } }));

    let error: unknown;
    try {
      fixture.define(app);
      app.synth();
    } catch (err) {
      error = err;
      // What DockerApp's process-level handler does for an error thrown before synth().
      app.removeStackOutput();
    }
    expect(error).toBeInstanceOf(Error);
    // A definition mistake, printed without a stack trace; never taken for a library bug.
    const message = definitionMessage(error);
    expect(Object.values(ErrorCode)).toContain(fixture.code);
    expect(codesOf(error)).toEqual([fixture.code]);
    // The printed report carries the code at the end of the problem's (first) line.
    expect(message).toMatch(new RegExp(` \\(${fixture.code}\\):?(\n|$)`));
    if (typeof fixture.expected === "string") expect(message).toContain(fixture.expected);
    else expect(message).toMatch(fixture.expected);
    expect(message).toMatch(/^docker-iac found \d+ problem\(s\); nothing was synthesized:\n {2}/);
    expect(message).not.toMatch(/\n\s+at /);

    // Nothing half-written, nothing stale: no stack folder with files in it, no manifest.
    expect(filesBelow(path.join(app.outdir, "stacks"))).toEqual([]);
    expect(fs.existsSync(path.join(app.outdir, "manifest.json"))).toBe(false);
  });
});
