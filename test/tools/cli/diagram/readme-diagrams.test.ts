// Every example README embeds its stacks' Mermaid diagram; this fails when one is stale.
import * as path from "path";
import { updateDiagramReadmes as updateReadmes } from "../../../../tools/dev/readmes";
import { findReadmeDiagrams } from "../../../../tools/cli/diagram/readmes";

const EXAMPLES = path.join(__dirname, "..", "..", "..", "..", "examples");

test("every example README has a diagram block naming its stacks", () => {
  const { found, missing } = findReadmeDiagrams(EXAMPLES);
  expect(missing).toEqual([]);
  expect(found.length).toBeGreaterThanOrEqual(7);
  for (const { stacks } of found) expect(stacks.length).toBeGreaterThan(0);
});

test("the README diagrams match the stacks (redraw with `npm run readmes`)", () => {
  expect(updateReadmes(true)).toEqual([]);
}, 60_000);
