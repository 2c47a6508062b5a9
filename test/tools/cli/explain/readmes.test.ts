// Each example README's "The same thing by hand" commands come from `npm run explain`; this fails when one is stale.
import * as path from "path";
import { updateReadmes } from "../../../../tools/cli/explain/main";
import { findReadmeBlocks } from "../../../../tools/cli/explain/readmes";

const EXAMPLES = path.join(__dirname, "..", "..", "..", "..", "examples");

test("every example README with a by-hand section has its explain block", () => {
  const files = findReadmeBlocks(EXAMPLES).map((b) => path.basename(path.dirname(b.file)));
  expect(files).toEqual(["bridge", "environments", "hello", "host", "immutable", "isolation", "none", "todo"]);
});

test("the README commands match the stacks (rewrite with `npm run explain -- --readmes`)", () => {
  expect(updateReadmes(true)).toEqual([]);
}, 60_000);
