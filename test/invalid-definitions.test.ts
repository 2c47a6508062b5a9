import * as fs from "fs";
import * as path from "path";
import { DockerApp } from "../constructs";
import { testApp } from "./helpers";

/**
 * The corpus of broken definitions: test/fixtures/invalid/<name>.ts, one rule each. Every one
 * must fail the synth with its expected message and leave no stack folder behind.
 */
interface BrokenDefinition {
  /** The message (or the important part of it) the synth must fail with. */
  readonly expected: RegExp | string;
  /** Adds the broken stack(s) to the app. */
  define(app: DockerApp): void;
  /** cdktf context the app needs, e.g. `{ strictAudit: true }`. */
  readonly context?: Record<string, unknown>;
}

const CORPUS = path.join(__dirname, "fixtures", "invalid");
const NAMES = fs.readdirSync(CORPUS).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3)).sort();

/** Every file below `dir`, relative; empty when it does not exist. */
function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()).map((e) => path.join(e.parentPath, e.name));
}

test("the corpus covers at least 15 rules", () => {
  expect(NAMES.length).toBeGreaterThanOrEqual(15);
});

describe("invalid definitions", () => {
  test.each(NAMES)("fails: %s", async (name) => {
    const fixture: BrokenDefinition = await import(path.join(CORPUS, name));
    expect(typeof fixture.define).toBe("function");
    const app = testApp(fixture.context);

    expect(() => {
      fixture.define(app);
      app.synth();
    }).toThrow(fixture.expected);

    // Nothing half-written: no stack folder with files in it.
    expect(filesBelow(path.join(app.outdir, "stacks"))).toEqual([]);
  });
});
