// Each example README's "The same thing by hand" commands come from `npm run explain`; this fails when one is stale.
import * as fs from "fs";
import * as path from "path";
import { updateExplainReadmes as updateReadmes } from "../../../../tools/dev/readmes";
import { findReadmeBlocks } from "../../../../tools/cli/explain/readmes";

const EXAMPLES = path.join(__dirname, "..", "..", "..", "..", "examples");

test("every example README with a by-hand section has its explain block", () => {
  const withBlock = findReadmeBlocks(EXAMPLES)
    .map((b) => path.basename(path.dirname(b.file)))
    .sort();
  const withSection = fs
    .readdirSync(EXAMPLES)
    .filter((dir) => fs.existsSync(path.join(EXAMPLES, dir, "README.md")))
    .filter((dir) => /^## The same thing by hand/m.test(fs.readFileSync(path.join(EXAMPLES, dir, "README.md"), "utf8")))
    .sort();
  expect(withSection.length).toBeGreaterThanOrEqual(9);
  expect(withBlock).toEqual(withSection);
});

test("the README commands match the stacks (rewrite with `npm run readmes`)", () => {
  expect(updateReadmes(true)).toEqual([]);
}, 60_000);
