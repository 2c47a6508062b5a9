import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { definitionMessage } from "../../constructs/private/problem-report";
import { ErrorCode } from "../../constructs";
import { codesOf, testApp } from "../helpers";
import { cleanDefinition, defineRandom, randomDefinition } from "../random-definitions";

/**
 * Random props for every construct: each synth either succeeds with complete JSON or
 * fails with one clean definition error (never a stack trace, a hang or partial output).
 * Fixed seed and bounded runs keep it fast and repeatable; fast-check prints the seed and
 * the smallest failing definition when it fails (set PROPERTY_SEED to explore others).
 */
const SEED = Number(process.env.PROPERTY_SEED ?? 20261128);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);

function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => e.name);
}

test(`random definitions synth cleanly or fail with one clean error (seed ${SEED}, ${RUNS} runs)`, () => {
  let succeeded = 0;
  let refused = 0;
  const codesSeen = new Set<ErrorCode>();
  fc.assert(
    fc.property(randomDefinition, (definition) => {
      const app = testApp();
      try {
        defineRandom(app, definition);
        app.synth();
      } catch (error) {
        app.removeStackOutput(); // what the process-level handler does
        const message = definitionMessage(error);
        if (message === undefined)
          throw new Error(`not a clean definition error: ${(error as Error)?.stack ?? String(error)}`);
        expect(message).toMatch(/^docker-iac found \d+ problem\(s\); nothing was synthesized:\n {2}\[[^\]]*\] .+/);
        expect(message).not.toMatch(/\n\s+at /);
        // Every problem carries a known code, one per problem line of the report.
        const codes = codesOf(error);
        expect(codes.length).toBe(Number(/found (\d+) problem/.exec(message)![1]));
        for (const code of codes) expect(Object.values(ErrorCode)).toContain(code);
        codes.forEach((code) => codesSeen.add(code));
        expect(filesBelow(path.join(app.outdir, "stacks"))).toEqual([]);
        refused++;
        return;
      }
      const json = JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", "prop", "cdk.tf.json"), "utf8"));
      expect(Object.keys(json.resource.docker_container)).toHaveLength(1);
      // No user string can reach Terraform as a template: every "${" is escaped or a reference.
      const container = JSON.stringify(json.resource.docker_container);
      expect(
        container.replace(/\$\$\{/g, "").replace(/\$\{(docker_[a-z_]+\.[a-zA-Z0-9_-]+\.[a-z_]+)\}/g, ""),
      ).not.toContain("${");
      succeeded++;
    }),
    { seed: SEED, numRuns: RUNS },
  );
  // Both outcomes must be exercised, or the generator has drifted.
  expect(succeeded).toBeGreaterThan(0);
  expect(refused).toBeGreaterThan(0);
  // The sloppy values break many different rules, not one catch-all.
  expect(codesSeen.size).toBeGreaterThanOrEqual(8);
});

test(`random valid definitions always synth (seed ${SEED}, ${Math.ceil(RUNS / 3)} runs)`, () => {
  fc.assert(
    fc.property(cleanDefinition, (definition) => {
      const app = testApp();
      defineRandom(app, definition);
      app.synth();
      expect(fs.existsSync(path.join(app.outdir, "stacks", "prop", "cdk.tf.json"))).toBe(true);
    }),
    { seed: SEED, numRuns: Math.ceil(RUNS / 3) },
  );
});
