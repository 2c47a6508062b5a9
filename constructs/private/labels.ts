import { literal } from "./terraform-literal";

/** The provider wants labels as a list of `{ label, value }` blocks, sorted for stable output. */
export function labelBlocks(labels: Record<string, string>): { label: string; value: string }[] {
  return Object.keys(labels)
    .sort()
    .map((label) => ({ label: literal(label), value: literal(labels[label]) }));
}
