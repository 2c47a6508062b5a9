import * as fs from "fs";
import * as path from "path";
import { ErrorCode } from "../../constructs";
import { definitionMessage } from "../../constructs/private/problem-report";
import { codesOf, testApp } from "../helpers";
import { INVALID_DEFINITIONS } from "./invalid-definitions";

// The table of broken definitions (invalid-definitions.ts), one rule each. Every one must fail
// the synth with its code (stable) and expected message (the value and fix that matter; the
// rest of the wording may change) and leave no stack folder behind.

/** Every file below `dir`, relative; empty when it does not exist. */
function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.join(e.parentPath, e.name));
}

test("the table covers at least 95 rules, each case under its own name", () => {
  const names = INVALID_DEFINITIONS.map((d) => d.name);
  expect(names.length).toBeGreaterThanOrEqual(95);
  expect(new Set(names).size).toBe(names.length);
});

describe("invalid definitions", () => {
  test.each(INVALID_DEFINITIONS.map((definition) => [definition.name, definition] as const))(
    "fails: %s",
    (_, definition) => {
      expect(typeof definition.define).toBe("function");
      const app = testApp(definition.context);

      // Output of an earlier good synth of the same program: it must not survive the failure.
      fs.mkdirSync(path.join(app.outdir, "stacks", "stale"), { recursive: true });
      fs.writeFileSync(path.join(app.outdir, "stacks", "stale", "cdk.tf.json"), "{}");
      fs.writeFileSync(path.join(app.outdir, "manifest.json"), JSON.stringify({ stacks: { stale: {} } }));

      let error: unknown;
      try {
        definition.define(app);
        app.synth();
      } catch (err) {
        error = err;
        // What DockerApp's process-level handler does for an error thrown before synth().
        app.removeStackOutput();
      }
      expect(error).toBeInstanceOf(Error);
      // A definition mistake, printed without a stack trace; never taken for a library bug.
      const message = definitionMessage(error);
      expect(Object.values(ErrorCode)).toContain(definition.code);
      expect(codesOf(error)).toEqual([definition.code]);
      // The printed report carries the code at the end of the problem's (first) line.
      expect(message).toMatch(new RegExp(` \\(${definition.code}\\):?(\n|$)`));
      if (typeof definition.expected === "string") expect(message).toContain(definition.expected);
      else expect(message).toMatch(definition.expected);
      expect(message).toMatch(/^docker-iac found \d+ problem\(s\); nothing was synthesized:\n {2}/);
      expect(message).not.toMatch(/\n\s+at /);

      // Nothing half-written, nothing stale: no stack folder with files in it, no manifest.
      expect(filesBelow(path.join(app.outdir, "stacks"))).toEqual([]);
      expect(fs.existsSync(path.join(app.outdir, "manifest.json"))).toBe(false);
    },
  );
});
